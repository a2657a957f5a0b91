using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sesame.Cookies;
using Sesame.Jwt;

namespace Sesame.Benchmarks.Cookies;

/// <summary>
/// Reassembling the session token from its cookie (one cookie, or three chunks of next-auth's 3,933 characters), from a
/// parsed cookie collection and from a raw <c>Cookie</c> header (parsing included), and writing it back in chunks.
/// </summary>
[MemoryDiagnoser]
public class CookieChunkBenchmarks
{
    private const int ChunkSize = 3933;
    private readonly CookieSpec _spec = new("next-auth.session-token", "/", null, httpOnly: true, secure: false, Microsoft.AspNetCore.Http.SameSiteMode.Lax);
    private readonly DateTimeOffset _expires = new(2026, 12, 26, 12, 0, 0, TimeSpan.Zero);
    private string _oneHeader = null!;
    private string _threeHeader = null!;
    private string _small = null!;
    private string _large = null!;
    private IRequestCookieCollection _one = null!;
    private IRequestCookieCollection _three = null!;

    [GlobalSetup]
    public void Setup()
    {
        var codec = new NextAuthJwtCodec(["bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q="], JwtFormat.NextAuthV4, TimeProvider.System);
        var claims = new JwtClaims { Subject = "1", Name = "Demo User", Email = "demo@example.com" };
        _small = codec.Encode(claims, TimeSpan.FromDays(30), "");
        var groups = new JsonArray();
        for (var i = 0; i < 140; i++)
        {
            groups.Add(new JsonObject { ["id"] = i, ["name"] = $"group-{i:D3}", ["role"] = i % 3 == 0 ? "admin" : "member" });
        }

        claims.Set("groups", groups);
        _large = codec.Encode(claims, TimeSpan.FromDays(30), "");
        if ((_large.Length + ChunkSize - 1) / ChunkSize != 3)
        {
            throw new InvalidOperationException($"The large token ({_large.Length} characters) is not three chunks.");
        }

        _oneHeader = "next-auth.csrf-token=abc%7Cdef; next-auth.session-token=" + _small + "; next-auth.callback-url=http%3A%2F%2Flocalhost%3A3000";
        _threeHeader = "next-auth.csrf-token=abc%7Cdef; " + string.Join("; ", Enumerable.Range(0, 3).Select(i =>
            $"next-auth.session-token.{i}={_large.Substring(i * ChunkSize, Math.Min(ChunkSize, _large.Length - i * ChunkSize))}")) +
            "; next-auth.callback-url=http%3A%2F%2Flocalhost%3A3000";
        _one = Parse(_oneHeader);
        _three = Parse(_threeHeader);
        if (SessionCookieStore.Read(_one, _spec) != _small || SessionCookieStore.Read(_three, _spec) != _large)
        {
            throw new InvalidOperationException("The chunks do not reassemble.");
        }
    }

    [Benchmark(Baseline = true, Description = "read 1 cookie")]
    public string? ReadOne() => SessionCookieStore.Read(_one, _spec);

    [Benchmark(Description = "read 3 chunks")]
    public string? ReadThree() => SessionCookieStore.Read(_three, _spec);

    [Benchmark(Description = "parse header + read 1 cookie")]
    public string? ParseReadOne() => SessionCookieStore.Read(Parse(_oneHeader), _spec);

    [Benchmark(Description = "parse header + read 3 chunks")]
    public string? ParseReadThree() => SessionCookieStore.Read(Parse(_threeHeader), _spec);

    [Benchmark(Description = "write 1 cookie")]
    public HttpResponse WriteOne() => Write(_oneHeader, _small);

    [Benchmark(Description = "write 3 chunks")]
    public HttpResponse WriteThree() => Write(_threeHeader, _large);

    private HttpResponse Write(string requestCookieHeader, string token)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = requestCookieHeader;
        SessionCookieStore.Write(context, _spec, ChunkSize, token, _expires);
        return context.Response;
    }

    private static IRequestCookieCollection Parse(string header)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[HeaderNames.Cookie] = header;
        return context.Request.Cookies;
    }
}

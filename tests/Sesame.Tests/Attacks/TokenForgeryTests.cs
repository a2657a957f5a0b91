using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Forged, tampered or foreign session tokens read as "no session" on <c>GET /session</c> and on the app's endpoints:
/// never a user, never an Error-level log line (each would be a log-flooding lever).
/// </summary>
public sealed class TokenForgeryTests
{
    private const string SessionCookie = "next-auth.session-token";

    public static TheoryData<string, string> ForgedHeaders => new()
    {
        { "alg none", """{"alg":"none"}""" },
        { "other alg", """{"alg":"A256KW","enc":"A256GCM"}""" },
        { "other enc", """{"alg":"dir","enc":"A128CBC-HS256"}""" },
        { "zip", """{"alg":"dir","enc":"A256GCM","zip":"DEF"}""" },
        { "crit", """{"alg":"dir","enc":"A256GCM","crit":["b64"]}""" },
        { "jku", """{"alg":"dir","enc":"A256GCM","jku":"https://evil.example/jwks.json"}""" },
        { "jwk", """{"alg":"dir","enc":"A256GCM","jwk":{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}""" },
        { "kid unknown", """{"alg":"dir","enc":"A256GCM","kid":"someone-elses-key"}""" },
        { "kid lone surrogate", """{"alg":"dir","enc":"A256GCM","kid":"\udc00"}""" },
        { "not an object", "[1,2,3]" },
    };

    [Theory]
    [MemberData(nameof(ForgedHeaders))]
    public async Task ForgedHeader_OnIssuedToken_IsNoSessionWithoutErrorLog(string attack, string header)
    {
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var token = client.Cookies[SessionCookie];

        client.SetCookie(SessionCookie, B64(header) + token[token.IndexOf('.', StringComparison.Ordinal)..]);

        await AssertNoSessionAsync(client, logs, attack);
    }

    [Fact]
    public async Task KidWithInvalidUtf8_IsNoSessionWithoutErrorLog()
    {
        // found by fuzzing: the decoder threw on a kid that is not UTF-8, and every request logged an Error
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var token = client.Cookies[SessionCookie];
        var header = Encoding.UTF8.GetBytes("""{"alg":"dir","enc":"A256GCM","kid":"XX"}""");
        header[^3] = 0xB6;
        header[^4] = 0xB6;

        client.SetCookie(SessionCookie, Base64UrlOf(header) + token[token.IndexOf('.', StringComparison.Ordinal)..]);

        await AssertNoSessionAsync(client, logs, "kid invalid UTF-8");
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("bit flip in the ciphertext")]
    [InlineData("bit flip in the tag")]
    [InlineData("segments swapped")]
    [InlineData("extra segment")]
    [InlineData("empty")]
    public async Task TamperedToken_IsNoSessionWithoutErrorLog(string attack)
    {
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var token = client.Cookies[SessionCookie];
        var parts = token.Split('.');
        var tampered = attack switch
        {
            "truncated" => token[..(token.Length - 5)],
            "bit flip in the ciphertext" => string.Join('.', parts[0], parts[1], parts[2], Flip(parts[3]), parts[4]),
            "bit flip in the tag" => string.Join('.', parts[0], parts[1], parts[2], parts[3], Flip(parts[4])),
            "segments swapped" => string.Join('.', parts[0], parts[1], parts[3], parts[2], parts[4]),
            "extra segment" => token + "." + parts[4],
            _ => "",
        };

        client.SetCookie(SessionCookie, tampered);

        await AssertNoSessionAsync(client, logs, attack);
    }

    [Fact]
    public async Task TokenMadeWithAnotherSecret_IsNoSession()
    {
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var foreign = new NextAuthJwtCodec(["another-app-secret-Zq0vJ3xWb8Lr5Tn2Ky7Hc4Md9Pf6Sg1"], JwtFormat.NextAuthV4, app.Time)
            .Encode(new JwtClaims { Subject = "u2", Name = "Admin" }, TimeSpan.FromDays(1), "");

        client.SetCookie(SessionCookie, foreign);

        await AssertNoSessionAsync(client, logs, "wrong secret");
    }

    [Fact]
    public async Task ExpiredToken_IsNoSession()
    {
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;

        app.Time.Advance(TimeSpan.FromDays(31));

        await AssertNoSessionAsync(client, logs, "expired");
    }

    [Fact]
    public async Task TokenIssuedInTheFuture_IsNoSession()
    {
        // nbf beyond the clock tolerance
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var codec = app.Services.GetRequiredService<IJwtCodec>();
        var claims = new JwtClaims { Subject = "u1", Name = "Alice", NotBefore = app.Time.GetUtcNow().ToUnixTimeSeconds() + 3600 };

        client.SetCookie(SessionCookie, codec.Encode(claims, TimeSpan.FromDays(1), ""));

        await AssertNoSessionAsync(client, logs, "nbf in the future");
    }

    // Made with the app's own secret (what only a holder of it can do): the decoder accepts these, as next-auth's does;
    // a session read must not. The first case is the control: the same crafting, with the times Sesame writes, signs in.
    [Theory]
    [InlineData("exp missing", null, 0)]
    [InlineData("iat an hour ahead", 86_400, 3_600)]
    [InlineData("iat 16 s ahead (past the clock tolerance)", 86_400, 16)]
    public async Task TokenWithImpossibleTimes_MadeWithTheSecret_IsNoSession(string attack, int? expiresIn, int issuedIn)
    {
        var (app, client, logs) = await SignedInAsync();
        await using var _ = app;
        using var __ = client;
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var control = CraftSessionToken(now, expiresIn: 86_400, issuedIn: 15);
        client.SetCookie(SessionCookie, control);
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());

        client.SetCookie(SessionCookie, CraftSessionToken(now, expiresIn, issuedIn));

        await AssertNoSessionAsync(client, logs, attack);
    }

    private static string CraftSessionToken(long now, int? expiresIn, int issuedIn)
    {
        var exp = expiresIn is { } seconds ? $",\"exp\":{now + seconds}" : "";
        var payload = $"{{\"name\":\"Alice\",\"email\":\"alice@example.com\",\"sub\":\"u1\",\"iat\":{now + issuedIn}{exp},\"jti\":\"{Guid.NewGuid()}\"}}";
        return Sesame.Tests.Jwt.TestJwe.NextAuthV4(TestApp.Secret, payload);
    }

    private static async Task<(TestApp App, Sesame.Testing.SesameTestClient Client, CapturingLoggerProvider Logs)> SignedInAsync()
    {
        var logs = new CapturingLoggerProvider();
        var app = await TestApp.StartAsync(extend: s => s.Services.AddSingleton<ILoggerProvider>(logs));
        var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
        return (app, client, logs);
    }

    private static async Task AssertNoSessionAsync(Sesame.Testing.SesameTestClient client, CapturingLoggerProvider logs, string attack)
    {
        var session = await client.GetSessionAsync();
        using var me = await client.GetAsync("/api/me");

        Assert.True(session!.ToJsonString() == "{}", $"{attack}: {session.ToJsonString()}");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private static string B64(string json) => Base64UrlOf(Encoding.UTF8.GetBytes(json));

    private static string Base64UrlOf(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Flip(string segment)
    {
        var chars = segment.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}

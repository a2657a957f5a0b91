using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Sesame.Jwt;

namespace Sesame.Benchmarks;

/// <summary>
/// What reading the session as an authentication scheme costs a request: the app's real middleware pipeline (routing,
/// authentication, authorization, endpoint) invoked in-process with a fresh <see cref="HttpContext"/> per request, no
/// sockets. The same minimal-API endpoint is hit as <c>[AllowAnonymous]</c> and <c>[Authorize]</c> with a valid
/// next-auth v4 session cookie, and anonymously without a cookie.
/// </summary>
/// <remarks>
/// Sesame is the default authenticate scheme, so the authentication middleware decodes the cookie on every request that
/// carries one, <c>[AllowAnonymous]</c> or not: <c>Authorize - AllowAnonymous</c> is the price of the authorization
/// check, <c>AllowAnonymous - NoCookie</c> the price of the session (decode, principal). Run with <c>--job short</c>.
/// </remarks>
[MemoryDiagnoser]
public class AuthorizeBenchmarks
{
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";

    private WebApplication _app = null!;
    private RequestDelegate _pipeline = null!;
    private IHttpContextFactory _contexts = null!;
    private string _cookie = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSesame(options =>
        {
            options.Secrets.Add(Secret);
            options.Url = new Uri("http://localhost:3000");
        });

        _app = builder.Build();
        _app.UseRouting();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGet("/anonymous", [AllowAnonymous] () => "ok");
        _app.MapGet("/authorize", [Authorize] () => "ok");
        _app.MapGet("/admin", () => "ok").RequireAuthorization(policy => policy.RequireRole("admin"));
        _app.UseEndpoints(_ => { });
        _pipeline = ((IApplicationBuilder)_app).Build();
        _contexts = _app.Services.GetRequiredService<IHttpContextFactory>();

        var claims = new JwtClaims { Subject = "user_123", Name = "Alice Example", Email = "alice@example.com", Picture = "https://example.com/alice.png" };
        claims.Set("role", "admin");
        var token = _app.Services.GetRequiredService<IJwtCodec>().Encode(claims, TimeSpan.FromDays(30), "");
        _cookie = "next-auth.session-token=" + token;

        // Fail loudly rather than measure a 401 or a 302.
        foreach (var (path, cookie) in new[] { ("/anonymous", (string?)null), ("/anonymous", _cookie), ("/authorize", _cookie), ("/admin", _cookie) })
        {
            var status = SendAsync(path, cookie).GetAwaiter().GetResult();
            if (status != StatusCodes.Status200OK)
            {
                throw new InvalidOperationException($"GET {path} answered {status} in the benchmark set-up.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public Task<int> AllowAnonymous_NoCookie() => SendAsync("/anonymous", null);

    [Benchmark(Baseline = true)]
    public Task<int> AllowAnonymous_ValidCookie() => SendAsync("/anonymous", _cookie);

    [Benchmark]
    public Task<int> Authorize_ValidCookie() => SendAsync("/authorize", _cookie);

    [Benchmark]
    public Task<int> RequireRole_ValidCookie() => SendAsync("/admin", _cookie);

    private async Task<int> SendAsync(string path, string? cookie)
    {
        var headers = new HeaderDictionary { ["Accept"] = "application/json" };
        if (cookie is not null)
        {
            headers["Cookie"] = new StringValues(cookie);
        }

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Method = "GET", Scheme = "http", Path = path, Headers = headers });
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        var context = _contexts.Create(features);
        try
        {
            await _pipeline(context);
            return context.Response.StatusCode;
        }
        finally
        {
            _contexts.Dispose(context);
        }
    }
}

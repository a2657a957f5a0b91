using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Sesame.Cookies;
using Sesame.Csrf;

namespace Sesame.Benchmarks.Csrf;

/// <summary>
/// The CSRF part of the init step, which runs on every <c>/api/auth</c> request: checking the cookie a browser sends
/// (one SHA-256 of token and secret), refusing a forged one, and minting a new token with its <c>Set-Cookie</c> value
/// (for a request without a valid cookie).
/// </summary>
[MemoryDiagnoser]
public class CsrfBenchmarks
{
    private readonly CsrfProtection _csrf = new(["bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q="]);
    private readonly CookieSpec _cookie = new("next-auth.csrf-token", "/", null, httpOnly: true, secure: false, SameSiteMode.Lax);
    private string _valid = null!;
    private string _forged = null!;

    [GlobalSetup]
    public void Setup()
    {
        _valid = _csrf.Mint().CookieValue;
        _forged = _valid[..^1] + (_valid[^1] == '0' ? '1' : '0');
        if (_csrf.ReadCookie(_valid) is null || _csrf.ReadCookie(_forged) is not null)
        {
            throw new InvalidOperationException("CSRF cookies do not verify as expected.");
        }
    }

    [Benchmark(Baseline = true, Description = "verify valid cookie")]
    public string? VerifyValid() => _csrf.ReadCookie(_valid);

    [Benchmark(Description = "verify forged cookie")]
    public string? VerifyForged() => _csrf.ReadCookie(_forged);

    [Benchmark(Description = "mint token")]
    public string Mint() => _csrf.Mint().CookieValue;

    [Benchmark(Description = "mint token + Set-Cookie")]
    public Microsoft.AspNetCore.Http.HttpResponse MintAndSetCookie()
    {
        var response = new Microsoft.AspNetCore.Http.DefaultHttpContext().Response;
        _cookie.Append(response, _csrf.Mint().CookieValue);
        return response;
    }
}

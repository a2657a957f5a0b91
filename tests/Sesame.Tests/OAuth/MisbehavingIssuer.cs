using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Tests.OAuth;

/// <summary>What the <see cref="MisbehavingIssuer"/> gets wrong in its next answers.</summary>
public enum IssuerFault
{
    /// <summary>Nothing: a correct ID token and a correct <c>iss</c> parameter.</summary>
    None,

    /// <summary>The ID token's <c>aud</c> is another client.</summary>
    WrongAudience,

    /// <summary>The ID token's <c>iss</c> is another issuer.</summary>
    WrongIssuer,

    /// <summary>The ID token expired an hour ago.</summary>
    Expired,

    /// <summary>The ID token is signed by a key that is not in the JWKS.</summary>
    UnknownKey,

    /// <summary>The ID token is unsigned (<c>alg: none</c>).</summary>
    AlgNone,

    /// <summary>The ID token's <c>nonce</c> is not the one of the authorization request.</summary>
    NonceMismatch,

    /// <summary>The authorization response's <c>iss</c> parameter names another issuer (RFC 9207 mix-up).</summary>
    ForeignIssParameter,

    /// <summary>The authorization response has no <c>iss</c> parameter although discovery announces it.</summary>
    MissingIssParameter,
}

/// <summary>
/// An OpenID Connect issuer of our own, for the negative ID-token tests that a real provider cannot be made to fail:
/// discovery (announcing <c>authorization_response_iss_parameter_supported</c>), a JWKS, an authorization endpoint that
/// answers at once with a code (user <see cref="Subject"/>), a token endpoint that checks the PKCE verifier and the
/// client's credentials and returns an ID token crafted per <see cref="Fault"/>, and userinfo. Real Kestrel on
/// <c>http://127.0.0.1:{free port}</c>, one per test class.
/// </summary>
public sealed class MisbehavingIssuer : IAsyncLifetime
{
    public const string ClientId = "rp-client";
    public const string ClientSecret = "rp-secret";
    public const string Subject = "mallory-sub";

    private readonly RSA _trustedKey = RSA.Create(2048);
    private readonly RSA _unknownKey = RSA.Create(2048);
    private readonly string _trustedKid = "trusted-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, AuthorizationRequest> _codes = new(StringComparer.Ordinal);
    private StandInServer? _server;

    /// <summary>What the next answers get wrong.</summary>
    public IssuerFault Fault { get; set; }

    /// <summary>The issuer's clock for <c>iat</c> and <c>exp</c> (set it to the relying party's fake clock).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The issuer (its origin).</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>The issuer as written in <c>iss</c>.</summary>
    public string IssuerString => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>Token requests answered so far.</summary>
    public int TokenRequests => _tokenRequests;

    private int _tokenRequests;

    public async Task InitializeAsync()
    {
        _server = await StandInServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(Discovery()));
            app.MapGet("/jwks", () => Results.Json(Jwks()));
            app.MapGet("/authorize", Authorize);
            app.MapPost("/token", (Delegate)TokenAsync);
            app.MapGet("/userinfo", () => Results.Json(new JsonObject { ["sub"] = Subject, ["name"] = "Mallory", ["email"] = "mallory@example.com" }));
        });
        Issuer = _server.Origin;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _trustedKey.Dispose();
        _unknownKey.Dispose();
    }

    private JsonObject Discovery() => new()
    {
        ["issuer"] = IssuerString,
        ["authorization_endpoint"] = IssuerString + "/authorize",
        ["token_endpoint"] = IssuerString + "/token",
        ["userinfo_endpoint"] = IssuerString + "/userinfo",
        ["jwks_uri"] = IssuerString + "/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
        ["scopes_supported"] = new JsonArray("openid", "email", "profile"),
        ["authorization_response_iss_parameter_supported"] = true,
    };

    private JsonObject Jwks()
    {
        var parameters = _trustedKey.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = _trustedKid,
                ["n"] = WebEncoders.Base64UrlEncode(parameters.Modulus!),
                ["e"] = WebEncoders.Base64UrlEncode(parameters.Exponent!),
            }),
        };
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        if (query["client_id"] != ClientId || redirectUri.Length == 0 || query["response_type"] != "code")
        {
            return Results.BadRequest("invalid_request");
        }

        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new AuthorizationRequest(redirectUri, query["nonce"].ToString(), query["code_challenge"].ToString());
        var answer = new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"].ToString() };
        switch (Fault)
        {
            case IssuerFault.ForeignIssParameter:
                answer["iss"] = "http://127.0.0.1:1";
                break;
            case IssuerFault.MissingIssParameter:
                break;
            default:
                answer["iss"] = IssuerString;
                break;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, answer));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!ClientAuthenticated(context.Request, form))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var request)
            || form["redirect_uri"] != request.RedirectUri
            || request.CodeChallenge != WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        }

        return Results.Json(new JsonObject
        {
            ["access_token"] = "at-" + Guid.NewGuid().ToString("N"),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["scope"] = "openid email profile",
            ["id_token"] = IdToken(request.Nonce),
        });
    }

    private static bool ClientAuthenticated(HttpRequest request, IFormCollection form)
    {
        var (id, secret, _) = StandInServer.ClientCredentials(request, form);
        return id == ClientId && secret == ClientSecret;
    }

    /// <summary>An ID token for <see cref="Subject"/>, wrong in the way <see cref="Fault"/> says.</summary>
    public string IdToken(string nonce)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = Fault == IssuerFault.WrongIssuer ? "http://127.0.0.1:2" : IssuerString,
            ["sub"] = Subject,
            ["aud"] = Fault == IssuerFault.WrongAudience ? "another-client" : ClientId,
            ["iat"] = Fault == IssuerFault.Expired ? now - 7200 : now,
            ["exp"] = Fault == IssuerFault.Expired ? now - 3600 : now + 600,
            ["nonce"] = Fault == IssuerFault.NonceMismatch ? "not-the-nonce" : nonce,
            ["name"] = "Mallory",
            ["email"] = "mallory@example.com",
            ["email_verified"] = true,
        };

        if (Fault == IssuerFault.AlgNone)
        {
            return Segment(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + Segment(payload) + ".";
        }

        var (key, kid) = Fault == IssuerFault.UnknownKey ? (_unknownKey, "unknown-key") : (_trustedKey, _trustedKid);
        var signingInput = Segment(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }) + "." + Segment(payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + WebEncoders.Base64UrlEncode(signature);
    }

    private static string Segment(JsonObject value) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(value.ToJsonString()));

    private sealed record AuthorizationRequest(string RedirectUri, string Nonce, string CodeChallenge);
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sesame.Tests.OAuth;

/// <summary>
/// A local stand-in for Sign in with Apple, serving its shapes on one origin: discovery, <c>GET /auth/keys</c> (its own
/// RS256 key), <c>GET /auth/authorize</c> (approves at once for <see cref="User"/> and answers as Apple does for
/// <c>response_mode=form_post</c>: a page whose form posts <c>code</c>, <c>state</c> and, at the user's first
/// authorization only, the <c>user</c> JSON to the redirect URI; <c>error=user_cancelled_authorize</c> when
/// <see cref="Cancel"/>) and <c>POST /auth/token</c>, which takes the client only as <c>client_secret_post</c> and checks
/// the client secret as Apple does: an ES256 JWT signed by the team's key (<see cref="PrivateKeyPem"/>; its public half
/// here), header <c>kid</c> <see cref="KeyId"/>, <c>iss</c> <see cref="TeamId"/>, <c>sub</c> <see cref="ClientId"/>,
/// <c>aud</c> <c>https://appleid.apple.com</c>, unexpired on <see cref="Clock"/> and at most six months long; then the
/// PKCE verifier, and an ID token with the request's nonce (or, for <c>grant_type=refresh_token</c>, a new access token). Real Kestrel on a free loopback port.
/// </summary>
public sealed partial class AppleStandIn : IAsyncLifetime
{
    public const string ClientId = "com.example.web";
    public const string TeamId = "TEAM123456";
    public const string KeyId = "KEY7890ABC";

    private readonly ECDsa _teamKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _authorized = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private StandInServer? _server;

    /// <summary>Who approves the next authorization.</summary>
    public AppleUser User { get; set; } = AppleUser.Ada;

    /// <summary>Whether the user cancels the next authorizations.</summary>
    public bool Cancel { get; set; }

    /// <summary>The clock the client secret's times are checked on (set it to the app's fake clock).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The issuer (Apple's <c>https://appleid.apple.com</c>).</summary>
    public Uri Issuer { get; private set; } = null!;

    private string IssuerString => Issuer.GetLeftPart(UriPartial.Authority);

    /// <summary>The team's Sign in with Apple key, as the <c>.p8</c> file holds it.</summary>
    public string PrivateKeyPem => _teamKey.ExportPkcs8PrivateKeyPem();

    /// <summary>The client secret of the last token request, whether accepted or not.</summary>
    public string? LastClientSecret { get; private set; }

    /// <summary>Why the last token request was refused, or <see langword="null"/>.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Forgets which users authorized the app (the next authorization of each is a first one again).</summary>
    public void ForgetAuthorizations() => _authorized.Clear();

    public async Task InitializeAsync()
    {
        _server = await StandInServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(Discovery()));
            app.MapGet("/auth/keys", () => Results.Json(Keys()));
            app.MapGet("/auth/authorize", Authorize);
            app.MapPost("/auth/token", (Delegate)TokenAsync);
        });
        Issuer = _server.Origin;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _teamKey.Dispose();
        _signingKey.Dispose();
    }

    /// <summary>
    /// The browser at Apple: follows <paramref name="authorization"/> and reads the page's self-submitting form (where it
    /// posts to, and its fields), which the browser then posts from Apple's origin.
    /// </summary>
    public static async Task<(Uri Action, List<KeyValuePair<string, string>> Fields)> AuthorizeAsync(Uri authorization)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var page = await http.GetAsync(authorization);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"The authorization answered {(int)page.StatusCode}: {html}");
        var action = FormAction().Match(html);
        Assert.True(action.Success, html);
        var fields = HiddenInput().Matches(html)
            .Select(input => new KeyValuePair<string, string>(WebUtility.HtmlDecode(input.Groups[1].Value), WebUtility.HtmlDecode(input.Groups[2].Value)))
            .ToList();
        return (new Uri(WebUtility.HtmlDecode(action.Groups[1].Value)), fields);
    }

    private JsonObject Discovery() => new()
    {
        ["issuer"] = IssuerString,
        ["authorization_endpoint"] = IssuerString + "/auth/authorize",
        ["token_endpoint"] = IssuerString + "/auth/token",
        ["revocation_endpoint"] = IssuerString + "/auth/revoke",
        ["jwks_uri"] = IssuerString + "/auth/keys",
        ["response_types_supported"] = new JsonArray("code"),
        ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
        ["subject_types_supported"] = new JsonArray("pairwise"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["scopes_supported"] = new JsonArray("openid", "email", "name"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post"),
        ["claims_supported"] = new JsonArray("aud", "email", "email_verified", "exp", "iat", "is_private_email", "iss", "nonce", "nonce_supported", "real_user_status", "sub", "transfer_sub"),
    };

    private JsonObject Keys()
    {
        var parameters = _signingKey.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = "apple-stand-in", ["use"] = "sig", ["alg"] = "RS256",
                ["n"] = WebEncoders.Base64UrlEncode(parameters.Modulus!), ["e"] = WebEncoders.Base64UrlEncode(parameters.Exponent!),
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

        // Apple: "response_mode must be form_post when name or email scope is requested"
        var scopes = query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if ((scopes.Contains("name") || scopes.Contains("email")) && query["response_mode"] != "form_post")
        {
            return Results.BadRequest("invalid_request: response_mode must be form_post when name or email scope is requested.");
        }

        var fields = new Dictionary<string, string> { ["state"] = query["state"].ToString() };
        if (Cancel)
        {
            fields["error"] = "user_cancelled_authorize";
        }
        else
        {
            var code = "c" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(User, redirectUri, query["nonce"].ToString(), query["code_challenge"].ToString());
            fields["code"] = code;
            // the name only at the user's first authorization of this app
            if (_authorized.TryAdd(User.Sub, true) && scopes.Contains("name"))
            {
                fields["user"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["firstName"] = User.FirstName, ["lastName"] = User.LastName },
                    ["email"] = User.Email,
                }.ToJsonString();
            }
        }

        var inputs = string.Concat(fields.Select(field => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(field.Key)}\" value=\"{WebUtility.HtmlEncode(field.Value)}\" />"));
        return Results.Content(
            $"<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{inputs}</form></body></html>",
            "text/html");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        LastClientSecret = form["client_secret"].ToString();
        LastRefusal = context.Request.Headers.Authorization.Count > 0 ? "client_secret_basic is not taken"
            : form["client_id"] != ClientId ? "unknown client_id"
            : await ClientSecretProblemAsync(LastClientSecret);
        if (LastRefusal is not null)
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 400);
        }

        if (form["grant_type"] == "refresh_token")
        {
            return _refreshTokens.ContainsKey(form["refresh_token"].ToString())
                ? Results.Json(new JsonObject { ["access_token"] = "a" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ["token_type"] = "Bearer", ["expires_in"] = 3600 })
                : Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || form["redirect_uri"] != grant.RedirectUri
            || grant.Challenge != WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))))
        {
            LastRefusal = "invalid_grant";
            return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
        }

        var refreshToken = "r" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _refreshTokens[refreshToken] = true;
        return Results.Json(new JsonObject
        {
            ["access_token"] = "a" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = refreshToken,
            ["id_token"] = IdToken(grant),
        });
    }

    /// <summary>What is wrong with a client secret, as Apple would refuse it; <see langword="null"/> when it is right.</summary>
    private async Task<string?> ClientSecretProblemAsync(string secret)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(secret, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(ECDsa.Create(_teamKey.ExportParameters(includePrivateParameters: false))) { KeyId = KeyId },
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidIssuer = TeamId,
            ValidAudience = "https://appleid.apple.com",
            // the times on this stand-in's clock, below
            ValidateLifetime = false,
            RequireExpirationTime = true,
        });
        if (!result.IsValid)
        {
            return "client secret: " + result.Exception?.GetType().Name;
        }

        var token = (JsonWebToken)result.SecurityToken;
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var iat = token.GetPayloadValue<long>("iat");
        var exp = token.GetPayloadValue<long>("exp");
        return token.Kid != KeyId ? "client secret: kid"
            : token.Alg != "ES256" ? "client secret: alg"
            : token.Subject != ClientId ? "client secret: sub"
            : iat > now + 60 ? "client secret: issued in the future"
            : exp <= now ? "client secret: expired"
            : exp - iat > 15_777_000 ? "client secret: longer than six months"
            : null;
    }

    private string IdToken(Grant grant)
    {
        // the relying party's handler checks an ID token's times on the real clock (the app's fake one signs client secrets)
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = IssuerString,
            ["aud"] = ClientId,
            ["exp"] = now + 600,
            ["iat"] = now,
            ["sub"] = grant.User.Sub,
            ["nonce"] = grant.Nonce,
            ["email"] = grant.User.Email,
            // Apple has written email_verified both as a string and as a boolean
            ["email_verified"] = grant.User.VerifiedAsString ? JsonValue.Create("true") : JsonValue.Create(true),
            ["is_private_email"] = grant.User.Email.EndsWith("@privaterelay.appleid.com", StringComparison.Ordinal),
            ["auth_time"] = now,
            ["nonce_supported"] = true,
        };
        var signingInput = Segment(new JsonObject { ["kid"] = "apple-stand-in", ["alg"] = "RS256" }) + "." + Segment(payload);
        var signature = _signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + WebEncoders.Base64UrlEncode(signature);
    }

    private static string Segment(JsonObject value) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(value.ToJsonString()));

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\" />")]
    private static partial Regex HiddenInput();

    private sealed record Grant(AppleUser User, string RedirectUri, string Nonce, string Challenge);
}

/// <summary>A user of the <see cref="AppleStandIn"/>.</summary>
public sealed record AppleUser(string Sub, string Email, string FirstName, string LastName, bool VerifiedAsString)
{
    public static AppleUser Ada { get; } = new("001234.5a6b7c8d9e0f.1234", "ada@privaterelay.appleid.com", "Ada", "Lovelace", true);
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Tests.OAuth;

/// <summary>
/// A local stand-in for Discord's OAuth2 and API, serving their shapes on one origin: <c>GET /api/oauth2/authorize</c>
/// (approves at once for <see cref="User"/>, or answers <c>error=access_denied</c> when <see cref="Deny"/>), <c>POST
/// /api/oauth2/token</c> (client credentials in the form or as Basic, as Discord takes both; the PKCE verifier checked
/// against the S256 challenge; JSON answers, errors with status 400) and <c>GET /api/users/@me</c> (Bearer token).
/// Real Kestrel on a free loopback port.
/// </summary>
public sealed class DiscordStandIn : IAsyncLifetime
{
    public const string ClientId = "discord-client";
    public const string ClientSecret = "discord-secret";

    private readonly ConcurrentDictionary<string, (DiscordUser User, string Challenge)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DiscordUser> _tokens = new(StringComparer.Ordinal);
    private StandInServer? _server;

    /// <summary>Who approves the next authorization.</summary>
    public DiscordUser User { get; set; } = DiscordUser.Nelly;

    /// <summary>Whether the user refuses the next authorizations.</summary>
    public bool Deny { get; set; }

    /// <summary>The stand-in's origin (Discord's <c>https://discord.com</c>).</summary>
    public Uri Origin { get; private set; } = null!;

    /// <summary>How the last token request authenticated the client: <c>basic</c> or <c>post</c>.</summary>
    public string? LastClientAuthentication { get; private set; }

    public async Task InitializeAsync()
    {
        _server = await StandInServer.StartAsync(app =>
        {
            app.MapGet("/api/oauth2/authorize", Authorize);
            app.MapPost("/api/oauth2/token", (Delegate)TokenAsync);
            app.MapGet("/api/users/@me", Me);
        });
        Origin = _server.Origin;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId || query["redirect_uri"].ToString().Length == 0 || query["response_type"] != "code")
        {
            return Results.BadRequest("client_id, redirect_uri and response_type=code are required.");
        }

        var answer = new Dictionary<string, string?> { ["state"] = query["state"].ToString() };
        if (Deny)
        {
            answer["error"] = "access_denied";
            answer["error_description"] = "The resource owner or authorization server denied the request";
        }
        else
        {
            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
            _codes[code] = (User, query["code_challenge"].ToString());
            answer["code"] = code;
        }

        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), answer));
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret, basic) = StandInServer.ClientCredentials(context.Request, form);
        LastClientAuthentication = basic ? "basic" : "post";
        if (clientId != ClientId || clientSecret != ClientSecret)
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 401);
        }

        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || grant.Challenge != Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Invalid \"code\" in request." }, statusCode: 400);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(15));
        _tokens[token] = grant.User;
        return Results.Json(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["access_token"] = token,
            ["expires_in"] = 604800,
            ["refresh_token"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(15)),
            ["scope"] = "identify email",
        });
    }

    private IResult Me(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(header["Bearer ".Length..], out var user))
        {
            return Results.Json(new JsonObject { ["message"] = "401: Unauthorized", ["code"] = 0 }, statusCode: 401);
        }

        return Results.Json(new JsonObject
        {
            ["id"] = user.Id,
            ["username"] = user.Username,
            ["avatar"] = user.Avatar,
            ["discriminator"] = user.Discriminator,
            ["public_flags"] = 0,
            ["flags"] = 0,
            ["banner"] = null,
            ["accent_color"] = null,
            ["global_name"] = user.GlobalName,
            ["mfa_enabled"] = false,
            ["locale"] = "en-US",
            ["premium_type"] = 0,
            ["email"] = user.Email,
            ["verified"] = user.Verified,
        });
    }
}

/// <summary>A user of the <see cref="DiscordStandIn"/>, as <c>GET /users/@me</c> describes one.</summary>
public sealed record DiscordUser(string Id, string Username, string? GlobalName, string? Avatar, string Discriminator, string Email, bool Verified)
{
    /// <summary>A user on Discord's new usernames (discriminator <c>0</c>), with a display name and an avatar.</summary>
    public static DiscordUser Nelly { get; } = new("80351110224678912", "nelly", "Nelly", "8342729096ea3675442027381ff50dfe", "0", "nelly@example.com", true);
}

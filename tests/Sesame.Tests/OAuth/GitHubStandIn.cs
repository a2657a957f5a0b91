using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Tests.OAuth;

/// <summary>
/// A local stand-in for GitHub's OAuth app flow and REST API, serving their shapes on one origin: <c>GET
/// /login/oauth/authorize</c> (approves at once for <see cref="User"/>), <c>POST /login/oauth/access_token</c> (JSON
/// when asked with <c>Accept: application/json</c>, else form-encoded, as GitHub; errors come back with status 200),
/// and the API's <c>GET /user</c> (whose <c>email</c> is null for a private address) and <c>GET /user/emails</c>, both
/// requiring the token and a <c>User-Agent</c> as GitHub's API does. Real Kestrel on a free loopback port.
/// </summary>
public sealed class GitHubStandIn : IAsyncLifetime
{
    public const string ClientId = "gh-client";
    public const string ClientSecret = "gh-secret";

    private readonly ConcurrentDictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GitHubUser> _tokens = new(StringComparer.Ordinal);
    private StandInServer? _server;

    /// <summary>Who approves the next authorization.</summary>
    public GitHubUser User { get; set; } = GitHubUser.Octocat;

    /// <summary>The stand-in's origin (GitHub's <c>https://github.com</c> and <c>https://api.github.com</c> in one).</summary>
    public Uri Origin { get; private set; } = null!;

    /// <summary>Requests to <c>/user/emails</c> so far.</summary>
    public int EmailRequests => _emailRequests;

    private int _emailRequests;

    public async Task InitializeAsync()
    {
        _server = await StandInServer.StartAsync(Map);
        Origin = _server.Origin;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/login/oauth/authorize", Authorize);
        app.MapPost("/login/oauth/access_token", (Delegate)AccessTokenAsync);
        app.MapGet("/user", (HttpContext context) => Api(context, user => Results.Json(new JsonObject
        {
            ["login"] = user.Login,
            ["id"] = user.Id,
            ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{user.Id}?v=4",
            ["name"] = user.Name,
            ["email"] = user.PublicEmail,
            ["type"] = "User",
        })));
        app.MapGet("/user/emails", (HttpContext context) => Api(context, user =>
        {
            Interlocked.Increment(ref _emailRequests);
            return Results.Json(new JsonArray(
                new JsonObject { ["email"] = user.Login + "@users.noreply.github.com", ["primary"] = false, ["verified"] = true, ["visibility"] = null },
                new JsonObject { ["email"] = user.PrimaryEmail, ["primary"] = true, ["verified"] = user.PrimaryVerified, ["visibility"] = "private" }));
        }));
    }

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId || query["redirect_uri"].ToString().Length == 0)
        {
            return Results.BadRequest("The client_id and redirect_uri are required.");
        }

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        _codes[code] = User.Login;
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?>
        {
            ["code"] = code,
            ["state"] = query["state"].ToString(),
        }));
    }

    private async Task<IResult> AccessTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret, _) = StandInServer.ClientCredentials(context.Request, form);

        var fields = new Dictionary<string, string?>();
        if (clientId != ClientId || clientSecret != ClientSecret)
        {
            fields["error"] = "incorrect_client_credentials";
        }
        else if (!_codes.TryRemove(form["code"].ToString(), out var login))
        {
            fields["error"] = "bad_verification_code";
        }
        else
        {
            var token = "gho_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
            _tokens[token] = User.Login == login ? User : GitHubUser.Octocat;
            fields["access_token"] = token;
            fields["token_type"] = "bearer";
            fields["scope"] = "read:user,user:email";
        }

        // GitHub answers errors with 200 too, in the format the client asked for
        if (context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            var json = new JsonObject();
            foreach (var (key, value) in fields)
            {
                json[key] = value;
            }

            return Results.Json(json);
        }

        return Results.Text(QueryHelpers.AddQueryString("", fields).TrimStart('?'), "application/x-www-form-urlencoded");
    }

    private IResult Api(HttpContext context, Func<GitHubUser, IResult> answer)
    {
        if (context.Request.Headers.UserAgent.Count == 0)
        {
            return Results.Text("Request forbidden by administrative rules. Please make sure your request has a User-Agent header.", statusCode: 403);
        }

        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !header[..space].ToUpperInvariant().Equals("BEARER", StringComparison.Ordinal) && !header[..space].Equals("token", StringComparison.OrdinalIgnoreCase)
            || !_tokens.TryGetValue(header[(space + 1)..], out var user))
        {
            return Results.Json(new JsonObject { ["message"] = "Requires authentication", ["documentation_url"] = "https://docs.github.com/rest" }, statusCode: 401);
        }

        return answer(user);
    }
}

/// <summary>A user of the <see cref="GitHubStandIn"/>.</summary>
public sealed record GitHubUser(long Id, string Login, string Name, string? PublicEmail, string PrimaryEmail, bool PrimaryVerified)
{
    /// <summary>A user whose only email is private: <c>/user</c> shows <c>email: null</c>, <c>/user/emails</c> has it.</summary>
    public static GitHubUser Octocat { get; } = new(583231, "octocat", "The Octocat", null, "octocat-private@example.com", true);
}

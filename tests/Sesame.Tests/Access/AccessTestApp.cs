using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sesame.Jwt;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Access;

/// <summary>Kinds of caller the access tests send requests as.</summary>
public enum Caller
{
    Page,
    Api,
    Bearer,
}

/// <summary>Users the access tests sign in as: none, one without the admin role, the admin.</summary>
public enum Who
{
    Nobody,
    WrongRole,
    RightRole,
}

/// <summary>Options and requests shared by the access tests.</summary>
internal static class AccessTestApp
{
    public const string SessionCookie = "next-auth.session-token";
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /// <summary>The sample's callbacks: the user's id, role and department go into the token and the session user.</summary>
    public static void WithRoles(SesameOptions options)
    {
        options.Callbacks.OnJwt = context =>
        {
            if (context.User is { } user)
            {
                if (user.Properties.TryGetValue("role", out var role) && role is not null)
                {
                    context.Token.Set("role", role);
                }

                context.Token.Set("department", "engineering");
            }

            return Task.CompletedTask;
        };
        options.Callbacks.OnSession = context =>
        {
            context.Session.User.Id = context.Token?.Subject;
            if (context.Token?.GetString("role") is { } role)
            {
                context.Session.User.Set("role", JsonValue.Create(role));
            }

            if (context.Token?.GetString("department") is { } department)
            {
                context.Session.User.Set("department", JsonValue.Create(department));
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>A client signed in as <paramref name="who"/> (no sign-in for <see cref="Who.Nobody"/>).</summary>
    public static async Task<SesameTestClient> ClientAsync(TestApp app, Who who)
    {
        var client = app.CreateClient();
        if (who != Who.Nobody)
        {
            using var response = await client.SignInWithCredentialsAsync(TestUsers.Form(who == Who.RightRole ? "admin" : "alice"));
            response.EnsureSuccessStatusCode();
        }

        return client;
    }

    /// <summary>
    /// Sends GET <paramref name="path"/> as <paramref name="caller"/>: a browser navigation with the session cookie, a
    /// JSON API call with the cookie, or a cookie-less call with the session token as a bearer token.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(TestApp app, Who who, Caller caller, string path)
    {
        using var client = await ClientAsync(app, who);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        switch (caller)
        {
            case Caller.Page:
                request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);
                request.Headers.TryAddWithoutValidation("Sec-Fetch-Mode", "navigate");
                return await client.SendAsync(request);
            case Caller.Api:
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return await client.SendAsync(request);
            default:
                var token = who == Who.Nobody ? "not-a-token" : client.Cookies[SessionCookie];
                using (var bare = app.CreateClient())
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    return await bare.SendAsync(request);
                }
        }
    }

    /// <summary>Replaces the token codec with one that counts decodes.</summary>
    public static CountingJwtCodec CountDecodes(SesameBuilder sesame)
    {
        var codec = new CountingJwtCodec();
        sesame.Services.Replace(ServiceDescriptor.Singleton<IJwtCodec>(provider =>
        {
            var settings = provider.GetRequiredService<SesameSettings>();
            codec.Inner = new NextAuthJwtCodec(settings.Secrets, settings.Format, provider.GetRequiredService<TimeProvider>());
            return codec;
        }));
        return codec;
    }
}

/// <summary>A codec that counts how often a token is decoded.</summary>
internal sealed class CountingJwtCodec : IJwtCodec
{
    private int _decodes;

    public IJwtCodec Inner { get; set; } = null!;

    public int Decodes => Volatile.Read(ref _decodes);

    public void Reset() => Interlocked.Exchange(ref _decodes, 0);

    public string Encode(JwtClaims claims, TimeSpan maxAge, string salt) => Inner.Encode(claims, maxAge, salt);

    public JwtClaims? Decode(string token, string salt)
    {
        Interlocked.Increment(ref _decodes);
        return Inner.Decode(token, salt);
    }
}

/// <summary>Shorthands over <see cref="SesameTestClient"/>.</summary>
internal static class SesameTestClientExtensions
{
    /// <summary>GET a path and return the body, failing the test on a non-2xx answer.</summary>
    public static async Task<string> GetStringAsync(this SesameTestClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.OAuth;

/// <summary>A browser's OAuth sign-in, step by step, as next-auth/react drives it.</summary>
internal static class OAuthTestFlow
{
    /// <summary><c>POST /signin/{provider}</c> with the CSRF token in JSON mode: the authorization URL.</summary>
    public static async Task<Uri> StartAsync(SesameTestClient client, string providerId, string callbackPath = "/dashboard", string? query = null)
    {
        var csrf = await client.GetCsrfTokenAsync();
        using var start = await client.PostFormAsync($"{client.BasePath}/signin/{providerId}{query}", [new("csrfToken", csrf), new("callbackUrl", callbackPath), new("json", "true")]);
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.OK, $"POST /signin/{providerId} answered {(int)start.StatusCode}: {body}");
        return new Uri((string)JsonNode.Parse(body)!["url"]!);
    }

    /// <summary>The identity provider's redirect back, sent to the app (its public origin may differ from where it listens).</summary>
    public static Task<HttpResponseMessage> CallbackAsync(SesameTestClient client, Uri callback) => client.GetAsync(callback.PathAndQuery);

    /// <summary>The whole flow; returns the app's answer to the callback.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(SesameTestClient client, ProviderBrowser browser, string providerId, string username = "alice", string callbackPath = "/dashboard")
    {
        var authorization = await StartAsync(client, providerId, callbackPath);
        var callback = await browser.AuthorizeAsync(authorization, username);
        return await CallbackAsync(client, callback);
    }

    /// <summary>The <c>?error=</c> of a redirect to the error page, or <see langword="null"/>.</summary>
    public static string? ErrorOf(HttpResponseMessage response) =>
        response.Headers.Location is { } location && location.AbsolutePath.EndsWith("/error", StringComparison.Ordinal)
            ? Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query).GetValueOrDefault("error").ToString()
            : null;
}

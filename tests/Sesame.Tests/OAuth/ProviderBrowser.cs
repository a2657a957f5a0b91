using System.Net;
using System.Text.RegularExpressions;

namespace Sesame.Tests.OAuth;

/// <summary>
/// The user's browser at the identity provider: follows the authorization URL through the provider's redirects, posts
/// the username into its login form when one is shown, and stops at the first redirect that leaves the provider (the
/// relying party's callback URL, with <c>code</c>, <c>state</c> and <c>iss</c> or <c>error</c>). Keeps the provider's
/// cookies in a jar of its own, so a second sign-in finds the provider session (a returning user) as a browser would.
/// </summary>
public sealed partial class ProviderBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;

    public ProviderBrowser() =>
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, UseCookies = true, AllowAutoRedirect = false });

    /// <summary>Every login form page seen (to tell a fresh login from a returning one).</summary>
    public int LoginFormsShown { get; private set; }

    /// <summary>
    /// Follows <paramref name="authorizationUrl"/> until the provider sends the browser elsewhere, signing in as
    /// <paramref name="username"/> if asked; returns that URL (the callback with its query).
    /// </summary>
    public async Task<Uri> AuthorizeAsync(Uri authorizationUrl, string username = "alice", CancellationToken cancellationToken = default)
    {
        var providerOrigin = authorizationUrl.GetLeftPart(UriPartial.Authority);
        var url = authorizationUrl;
        for (var hop = 0; hop < 20; hop++)
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK && await LoginFormActionAsync(response, cancellationToken) is { } action)
            {
                LoginFormsShown++;
                using var posted = await _http.PostAsync(new Uri(url, action), new FormUrlEncodedContent([new("login", username)]), cancellationToken);
                url = await RedirectTargetAsync(posted, url, cancellationToken);
            }
            else
            {
                url = await RedirectTargetAsync(response, url, cancellationToken);
            }

            if (!url.GetLeftPart(UriPartial.Authority).Equals(providerOrigin, StringComparison.Ordinal))
            {
                return url;
            }
        }

        throw new InvalidOperationException("The provider redirected more than 20 times.");
    }

    private static async Task<Uri> RedirectTargetAsync(HttpResponseMessage response, Uri from, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is < 300 or > 399 || response.Headers.Location is not { } location)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"The provider answered {status} at {from}: {body}");
        }

        return location.IsAbsoluteUri ? location : new Uri(from, location);
    }

    private static async Task<string?> LoginFormActionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var match = FormAction().Match(html);
        return match.Success && html.Contains("name=\"login\"", StringComparison.Ordinal) ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    public void Dispose() => _http.Dispose();
}

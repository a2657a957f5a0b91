using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Sesame.Testing;

/// <summary>
/// A cookie-aware HTTP client for end-to-end tests of a Sesame app: it keeps the cookies a browser would keep (honouring
/// <c>Max-Age=0</c> and past <c>Expires</c>), never follows redirects, and exposes each response's <c>Set-Cookie</c>
/// headers parsed, so tests can assert on names, values and attributes.
/// </summary>
public sealed class SesameTestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _jar = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sameSiteNone = new(StringComparer.Ordinal);

    /// <summary>Creates a client for the app at <paramref name="baseAddress"/>.</summary>
    public SesameTestClient(Uri baseAddress, string basePath = "/api/auth")
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        BasePath = basePath;
    }

    /// <summary>The endpoints' base path.</summary>
    public string BasePath { get; }

    /// <summary>The cookies the client holds now (name → decoded value).</summary>
    public IReadOnlyDictionary<string, string> Cookies => _jar;

    /// <summary>The parsed <c>Set-Cookie</c> headers of the last response.</summary>
    public IReadOnlyList<SetCookieHeaderValue> LastSetCookies { get; private set; } = [];

    /// <summary>Sets a cookie as if the server had set it (for tampering tests).</summary>
    public void SetCookie(string name, string value) => _jar[name] = value;

    /// <summary>Forgets a cookie.</summary>
    public void RemoveCookie(string name) => _jar.Remove(name);

    /// <summary>Sends a request with the jar's cookies and applies the response's cookies.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        SendAsync(request, crossSite: false, cancellationToken);

    /// <summary>
    /// POSTs a form the way a browser sends one that a page of <paramref name="fromOrigin"/> submitted (an identity
    /// provider's <c>response_mode=form_post</c> answer): with <c>Origin</c> and <c>Sec-Fetch-Site: cross-site</c>, and
    /// only the cookies set with <c>SameSite=None</c> (a browser keeps <c>Lax</c>, <c>Strict</c> and unmarked cookies
    /// from a cross-site POST). The response's cookies are applied as usual.
    /// </summary>
    public Task<HttpResponseMessage> PostFormCrossSiteAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, Uri fromOrigin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fromOrigin);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("Origin", fromOrigin.GetLeftPart(UriPartial.Authority));
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        return SendAsync(request, crossSite: true, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool crossSite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sent = _jar.Where(cookie => !crossSite || _sameSiteNone.Contains(cookie.Key)).ToList();
        if (sent.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", sent.Select(c => $"{c.Key}={Uri.EscapeDataString(c.Value)}")));
        }

        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? SetCookieHeaderValue.ParseList([.. values]).ToList()
            : [];
        foreach (var cookie in LastSetCookies)
        {
            var name = cookie.Name.ToString();
            var expired = cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero;
            if (expired || cookie.Value.Length == 0)
            {
                _jar.Remove(name);
                _sameSiteNone.Remove(name);
            }
            else
            {
                _jar[name] = Uri.UnescapeDataString(cookie.Value.ToString());
                if (cookie.SameSite == SameSiteMode.None)
                {
                    _sameSiteNone.Add(name);
                }
                else
                {
                    _sameSiteNone.Remove(name);
                }
            }
        }

        return response;
    }

    /// <summary>GET a path.</summary>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>POST a form.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) }, cancellationToken);

    /// <summary>POST JSON.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string path, JsonNode body, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) }, cancellationToken);

    /// <summary>The CSRF token from <c>GET /csrf</c> (which also sets the CSRF cookie in the jar).</summary>
    public async Task<string> GetCsrfTokenAsync(CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(BasePath + "/csrf", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return json.RootElement.GetProperty("csrfToken").GetString()!;
    }

    /// <summary>Signs in with a credentials provider the way next-auth's client does (CSRF, then the form with <c>json=true</c>).</summary>
    public async Task<HttpResponseMessage> SignInWithCredentialsAsync(IEnumerable<KeyValuePair<string, string>> credentials, string? callbackUrl = null, string providerId = "credentials", CancellationToken cancellationToken = default)
    {
        var csrf = await GetCsrfTokenAsync(cancellationToken).ConfigureAwait(false);
        var fields = new List<KeyValuePair<string, string>>(credentials) { new("csrfToken", csrf), new("json", "true") };
        if (callbackUrl is not null)
        {
            fields.Add(new("callbackUrl", callbackUrl));
        }

        return await PostFormAsync($"{BasePath}/callback/{providerId}", fields, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The session JSON from <c>GET /session</c>.</summary>
    public async Task<JsonNode?> GetSessionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(BasePath + "/session", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {BasePath}/session answered {(int)response.StatusCode}");
        }

        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The <c>Set-Cookie</c> of the last response for <paramref name="name"/>, or <see langword="null"/>.</summary>
    public SetCookieHeaderValue? LastSetCookie(string name) => LastSetCookies.FirstOrDefault(c => c.Name.Equals(name, StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

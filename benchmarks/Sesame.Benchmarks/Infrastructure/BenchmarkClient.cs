using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Sesame.Benchmarks.Infrastructure;

/// <summary>
/// Sends requests through an <see cref="InProcessServer"/>: a fresh feature collection per request, as a new request on a
/// connection gets. <see cref="SendAsync(string, string?)"/> is the lean path the benchmarks time; <see cref="ExchangeAsync"/>
/// keeps the response for the set-up (sign-in, checks).
/// </summary>
internal sealed class BenchmarkClient(InProcessServer server, string host)
{
    /// <summary>A GET whose response body is discarded; returns the status code.</summary>
    public async Task<int> SendAsync(string path, string? cookie)
    {
        var headers = new HeaderDictionary
        {
            [HeaderNames.Host] = host,
            [HeaderNames.Accept] = "*/*",
        };
        if (cookie is not null)
        {
            headers[HeaderNames.Cookie] = cookie;
        }

        var response = new HttpResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature { Method = "GET", Scheme = "http", Protocol = "HTTP/1.1", Path = path, Headers = headers });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new ResponseBody(Stream.Null));
        await server.ProcessAsync(features);
        return response.StatusCode;
    }

    /// <summary>A request whose response is kept: status, <c>Set-Cookie</c> headers and body.</summary>
    public async Task<Exchange> ExchangeAsync(string method, string pathAndQuery, string? cookie, string? formBody = null)
    {
        var headers = new HeaderDictionary { [HeaderNames.Host] = host, [HeaderNames.Accept] = "*/*" };
        if (cookie is not null)
        {
            headers[HeaderNames.Cookie] = cookie;
        }

        var body = Stream.Null;
        if (formBody is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(formBody);
            body = new MemoryStream(bytes);
            headers[HeaderNames.ContentType] = "application/x-www-form-urlencoded";
            headers[HeaderNames.ContentLength] = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var responseBody = new MemoryStream();
        var response = new HttpResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = method,
            Scheme = "http",
            Protocol = "HTTP/1.1",
            Path = query < 0 ? pathAndQuery : pathAndQuery[..query],
            QueryString = query < 0 ? "" : pathAndQuery[query..],
            Headers = headers,
            Body = body,
        });
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new ResponseBody(responseBody));
        await server.ProcessAsync(features);
        return new Exchange(response.StatusCode, response.Headers[HeaderNames.SetCookie], Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    /// <summary>
    /// The scripted credentials sign-in the load test does (<c>GET /csrf</c>, then <c>POST /callback/credentials</c>):
    /// the browser's cookie jar afterwards, in the order the cookies were set.
    /// </summary>
    public async Task<CookieJar> SignInAsync(string basePath, string username, string password)
    {
        var jar = new CookieJar();
        var csrf = await ExchangeAsync("GET", basePath + "/csrf", null);
        jar.Apply(csrf.SetCookies);
        var token = System.Text.Json.JsonDocument.Parse(csrf.Body).RootElement.GetProperty("csrfToken").GetString()!;
        var form = $"username={Uri.EscapeDataString(username)}&password={Uri.EscapeDataString(password)}&csrfToken={token}&json=true";
        var signIn = await ExchangeAsync("POST", basePath + "/callback/credentials", jar.Header(), form);
        if (signIn.Status != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The benchmark sign-in answered {signIn.Status}: {signIn.Body}");
        }

        jar.Apply(signIn.SetCookies);
        return jar;
    }
}

/// <summary>A kept response.</summary>
internal sealed record Exchange(int Status, StringValues SetCookies, string Body);

/// <summary>A browser's cookies for one site: set by <c>Set-Cookie</c>, removed by <c>Max-Age=0</c>.</summary>
internal sealed class CookieJar
{
    private readonly List<KeyValuePair<string, string>> _cookies = [];

    public void Apply(StringValues setCookies)
    {
        foreach (var setCookie in setCookies)
        {
            var pair = setCookie!.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = pair[..equals];
            var value = pair[(equals + 1)..];
            _cookies.RemoveAll(c => c.Key == name);
            if (!setCookie.Contains("Max-Age=0", StringComparison.Ordinal))
            {
                _cookies.Add(new(name, value));
            }
        }
    }

    /// <summary>The <c>Cookie</c> header: every cookie, or only those whose name passes <paramref name="filter"/>.</summary>
    public string Header(Func<string, bool>? filter = null) =>
        string.Join("; ", _cookies.Where(c => filter?.Invoke(c.Key) ?? true).Select(c => c.Key + "=" + c.Value));
}

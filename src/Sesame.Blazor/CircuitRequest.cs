using Microsoft.AspNetCore.Http;

namespace Sesame.Blazor;

/// <summary>
/// What a circuit's revalidation needs of the request that opened it: its origin and its cookies (the Sesame session
/// cookie among them). Captured once, when the circuit's services are created, because a circuit outlives its request.
/// </summary>
internal sealed record CircuitRequest(string Scheme, HostString Host, PathString PathBase, string? Cookie, string? Authorization)
{
    public static CircuitRequest? From(HttpContext? http) => http is null
        ? null
        : new CircuitRequest(http.Request.Scheme, http.Request.Host, http.Request.PathBase, http.Request.Headers.Cookie.ToString(), http.Request.Headers.Authorization.ToString());

    /// <summary>A request that carries the same credentials, for Sesame to resolve like any other.</summary>
    public HttpContext ToHttpContext(IServiceProvider services, CancellationToken cancellationToken)
    {
        var http = new DefaultHttpContext { RequestServices = services, RequestAborted = cancellationToken };
        http.Request.Method = HttpMethods.Get;
        http.Request.Scheme = Scheme;
        http.Request.Host = Host;
        http.Request.PathBase = PathBase;
        http.Request.Path = "/";
        if (!string.IsNullOrEmpty(Cookie))
        {
            http.Request.Headers.Cookie = Cookie;
        }

        if (!string.IsNullOrEmpty(Authorization))
        {
            http.Request.Headers.Authorization = Authorization;
        }

        return http;
    }
}

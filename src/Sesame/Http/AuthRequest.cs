using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sesame.Http;

/// <summary>One <c>/api/auth</c> request, parsed once: action, provider, inputs, and what the init step resolved.</summary>
internal sealed class AuthRequest
{
    private readonly string _basePath;
    private string? _baseUrl;

    public AuthRequest(HttpContext httpContext, string action, string? providerId, string origin, string basePath)
    {
        HttpContext = httpContext;
        Action = action;
        ProviderId = providerId;
        Origin = origin;
        _basePath = basePath;
    }

    public HttpContext HttpContext { get; }

    public string Action { get; }

    /// <summary>The second path segment: a provider id, or (next-auth v4) the error code of <c>/error/{code}</c>.</summary>
    public string? ProviderId { get; }

    /// <summary>The public origin (next-auth's <c>baseUrl</c>), e.g. <c>http://localhost:3000</c>.</summary>
    public string Origin { get; }

    /// <summary>Origin plus base path, e.g. <c>http://localhost:3000/api/auth</c>.</summary>
    public string BaseUrl => _baseUrl ??= Origin + _basePath;

    public bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method);

    /// <summary>Posted fields (form or JSON top-level strings); empty for GET.</summary>
    public IReadOnlyDictionary<string, string> Body { get; set; } = EmptyBody;

    /// <summary>The JSON body's <c>data</c> (session update).</summary>
    public JsonElement? Data { get; set; }

    /// <summary>Redirects answer <c>{"url": …}</c> instead of 302 (body <c>json=true</c>, or Auth.js's <c>X-Auth-Return-Redirect</c> header).</summary>
    public bool JsonMode { get; set; }

    /// <summary>The CSRF token of this browser (from a valid cookie, or newly minted).</summary>
    public string CsrfToken { get; set; } = "";

    /// <summary>Whether this is a POST whose <c>csrfToken</c> matches a valid CSRF cookie.</summary>
    public bool CsrfVerified { get; set; }

    /// <summary>The resolved callback URL (after the <c>redirect</c> callback).</summary>
    public string CallbackUrl { get; set; } = "";

    public string? Query(string name)
    {
        var request = HttpContext.Request;
        // most requests have no query string: do not build a query collection for them
        return request.QueryString.HasValue && request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;
    }

    public string? Field(string name) => Body.TryGetValue(name, out var value) ? value : null;

    private static readonly IReadOnlyDictionary<string, string> EmptyBody = new Dictionary<string, string>();
}

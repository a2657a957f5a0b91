using Microsoft.AspNetCore.Http;

namespace Sesame.Providers.Credentials;

/// <summary>What a credentials <c>authorize</c> delegate receives.</summary>
/// <param name="Credentials">Every posted field (next-auth passes the whole body, <c>csrfToken</c> and <c>callbackUrl</c> included).</param>
/// <param name="HttpContext">The request.</param>
public sealed record CredentialsContext(IReadOnlyDictionary<string, string> Credentials, HttpContext HttpContext)
{
    /// <summary>A posted field, or <see langword="null"/>.</summary>
    public string? this[string name] => Credentials.TryGetValue(name, out var value) ? value : null;
}

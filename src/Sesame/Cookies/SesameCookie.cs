namespace Sesame.Cookies;

/// <summary>
/// One cookie's name and attributes. Anything left <see langword="null"/> takes next-auth's default
/// (prefix by secure mode, <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Path=/</c>, <c>Secure</c> in secure mode, no <c>Domain</c>).
/// </summary>
public sealed class SesameCookie
{
    /// <summary>The cookie name, used as is (no prefix is added to a name you set).</summary>
    public string? Name { get; set; }

    /// <summary>The <c>Domain</c> attribute, to share the cookie with subdomains. Never applied to the <c>__Host-</c> CSRF cookie.</summary>
    public string? Domain { get; set; }

    /// <summary>The <c>Path</c> attribute.</summary>
    /// <value><c>/</c>.</value>
    public string? Path { get; set; }

    /// <summary>The <c>HttpOnly</c> attribute.</summary>
    /// <value><see langword="true"/>.</value>
    public bool? HttpOnly { get; set; }

    /// <summary>The <c>Secure</c> attribute.</summary>
    /// <value>On in secure-cookie mode.</value>
    public bool? Secure { get; set; }

    /// <summary>The <c>SameSite</c> attribute.</summary>
    /// <value><see cref="Microsoft.AspNetCore.Http.SameSiteMode.Lax"/>.</value>
    public Microsoft.AspNetCore.Http.SameSiteMode? SameSite { get; set; }
}

namespace Sesame.Testing;

/// <summary>Something a test needs from the machine.</summary>
public enum Requirement
{
    /// <summary>Node.js and the interop packages (<c>tests/interop/node_modules</c>).</summary>
    Node = 0,

    /// <summary>PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>).</summary>
    PostgreSql = 1,

    /// <summary>A Redis server binary (<c>redis-server</c>).</summary>
    Redis = 2,

    /// <summary>Headless Chromium (<c>/usr/bin/chromium</c>).</summary>
    Chromium = 3,

    /// <summary>Node.js and the local OpenID Connect provider's packages (<c>tests/oidc/node_modules</c>, oidc-provider 8.x).</summary>
    OidcProvider = 4,
}

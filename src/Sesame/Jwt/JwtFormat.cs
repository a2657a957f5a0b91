namespace Sesame.Jwt;

/// <summary>The session-token format, which decides the JWE encryption, the key derivation and the cookie names.</summary>
public enum JwtFormat
{
    /// <summary>next-auth v4: <c>alg: dir</c>, <c>enc: A256GCM</c>, 32-byte HKDF key with an empty salt, cookies named <c>next-auth.*</c>.</summary>
    NextAuthV4 = 0,

    /// <summary>Auth.js v5 (<c>@auth/core</c>): <c>enc: A256CBC-HS512</c> with a <c>kid</c>, 64-byte key salted with the cookie name, cookies named <c>authjs.*</c>.</summary>
    AuthJsV5 = 1,
}

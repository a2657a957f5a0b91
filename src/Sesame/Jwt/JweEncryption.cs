namespace Sesame.Jwt;

/// <summary>The JWE content encryptions a session token may use (its header's <c>enc</c>).</summary>
internal enum JweEncryption
{
    /// <summary>AES-256-GCM: 32-byte key, 12-byte IV, 16-byte tag (next-auth v4; accepted on decode by Auth.js v5).</summary>
    A256Gcm = 0,

    /// <summary>AES-256-CBC with HMAC-SHA-512 (RFC 7518 §5.2.5): 64-byte key, 16-byte IV, 32-byte tag (Auth.js v5).</summary>
    A256CbcHs512 = 1,
}

namespace Sesame.Jwt;

/// <summary>
/// Encodes and decodes session tokens (next-auth's <c>encode</c>/<c>decode</c>). The default implementation is
/// <c>NextAuthJwtCodec</c>; register another <see cref="IJwtCodec"/> to replace it (the seed's "custom JWT encryption").
/// </summary>
public interface IJwtCodec
{
    /// <summary>
    /// Encrypts <paramref name="claims"/> after setting <c>iat</c> to now, <c>exp</c> to now + <paramref name="maxAge"/>
    /// and <c>jti</c> to a new random UUID.
    /// </summary>
    /// <param name="claims">The claims to encode; its <c>iat</c>, <c>exp</c> and <c>jti</c> are overwritten.</param>
    /// <param name="maxAge">How long the token is valid.</param>
    /// <param name="salt">The HKDF salt: <c>""</c> for a next-auth v4 session token, the cookie name otherwise.</param>
    string Encode(JwtClaims claims, TimeSpan maxAge, string salt);

    /// <summary>
    /// Decrypts and validates a token. Returns <see langword="null"/> for anything that is not a valid, unexpired token
    /// made with one of the configured secrets (malformed, tampered, expired, another algorithm): never throws for bad input.
    /// </summary>
    /// <param name="token">The compact JWE.</param>
    /// <param name="salt">The HKDF salt the token was encoded with.</param>
    JwtClaims? Decode(string token, string salt);
}

namespace Sesame.Jwt;

/// <summary>
/// A codec that can say until when a decoded token's claims stay valid, as its payload has it (the earliest of
/// duplicate <c>exp</c> claims, say), so that the decoded-token memo re-checks exactly what the codec checked.
/// </summary>
internal interface ITimedJwtCodec
{
    JwtClaims? Decode(string token, string salt, out PayloadTimes times);
}

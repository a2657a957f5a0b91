namespace Sesame.Jwt;

/// <summary>The profile claims next-auth writes into a session token, as flags (see <see cref="JwtClaims.Has"/>).</summary>
[Flags]
internal enum ProfileClaims : byte
{
    None = 0,
    Subject = 1,
    Name = 2,
    Email = 4,
    Picture = 8,
}

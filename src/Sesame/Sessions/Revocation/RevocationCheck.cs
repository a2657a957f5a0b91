namespace Sesame.Sessions.Revocation;

/// <summary>
/// What the revocation check says about a JWT session, and, while it is active, its version: how many server-side
/// updates were recorded for it, which a token that applied fewer catches up with before it is used.
/// </summary>
internal readonly record struct RevocationCheck(RevocationStatus Status, long Version)
{
    public static RevocationCheck Revoked => new(RevocationStatus.Revoked, 0);

    public static RevocationCheck Unavailable => new(RevocationStatus.Unavailable, 0);

    public static RevocationCheck Active(long version) => new(RevocationStatus.Active, version);
}

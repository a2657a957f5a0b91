namespace Sesame.Sessions.Pipeline;

/// <summary>The outcome of <see cref="ISessionStrategy.FindAsync"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Session">The session, when <see cref="SessionLookupStatus.Found"/>.</param>
/// <param name="FromBearer">Whether the token came from <c>Authorization: Bearer</c>: such a caller keeps its token itself, so no cookie is written or cleared for it.</param>
internal readonly record struct SessionLookup(SessionLookupStatus Status, FoundSession? Session, bool FromBearer)
{
    public static SessionLookup None => default;

    public static SessionLookup Invalid(bool fromBearer) => new(SessionLookupStatus.Invalid, null, fromBearer);

    public static SessionLookup Unavailable(bool fromBearer) => new(SessionLookupStatus.Unavailable, null, fromBearer);

    public static SessionLookup Found(FoundSession session, bool fromBearer) => new(SessionLookupStatus.Found, session, fromBearer);
}

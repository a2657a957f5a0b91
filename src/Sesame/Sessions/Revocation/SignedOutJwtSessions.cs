using Sesame.Caching;
using Sesame.Jwt;

namespace Sesame.Sessions.Revocation;

/// <summary>
/// Plain (not revocable) JWT sessions this instance has ended: signed out, or replaced by a sign-in from the same
/// browser. A token of one of them is refused here from then on, so a request racing the sign-out (an <c>update</c>
/// whose re-issued cookie reaches the browser after the sign-out's clearing one) cannot bring the session back, and a
/// copy of the cookie taken before the sign-out stops working on this instance.
/// </summary>
/// <remarks>
/// Sessions are told apart by their <c>sid</c> claim, which every plain JWT session gets at sign-in and keeps through
/// refreshes and updates; a token without one (minted by next-auth) by its <c>jti</c>, which covers that very token only.
/// The memory is this process's own and bounded (at least the last <see cref="Capacity"/> sessions ended, at most twice
/// as many): other instances and a restart do not know of it. Sessions that must end everywhere are what
/// <c>Jwt.Revocable</c> is for. Until the first sign-out a read costs one field read here.
/// </remarks>
internal sealed class SignedOutJwtSessions
{
    public const int Capacity = 20_000;

    private static readonly object Ended = new();
    private readonly RecentValues<object> _ended = new(Capacity);
    private bool _any;

    /// <summary>A new session's id, for its <c>sid</c> claim.</summary>
    public static void Name(JwtClaims token) => SessionClaims.SetSessionId(token, Stores.StoreIds.NewId());

    public void Add(JwtClaims token)
    {
        if (KeyOf(token) is { } key)
        {
            _ended.Set(key, Ended);
            Volatile.Write(ref _any, true);
        }
    }

    public bool Contains(JwtClaims token) =>
        Volatile.Read(ref _any) && KeyOf(token) is { } key && _ended.TryGetValue(key, out _);

    private static string? KeyOf(JwtClaims token) => SessionClaims.SessionIdOf(token) ?? token.TokenId;
}

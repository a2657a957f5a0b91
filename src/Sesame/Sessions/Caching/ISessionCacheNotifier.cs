namespace Sesame.Sessions.Caching;

/// <summary>
/// Tells every instance that a user's cached database sessions must be read from the store again (one of them was
/// revoked, or the user changed). Only the user id travels: never a session token or its key. Without one registered,
/// an instance's cache hears only its own changes, and other instances' within
/// <see cref="SesameSessionCacheOptions.Duration"/>. <c>Sesame.StackExchangeRedis</c> provides one on Redis pub/sub.
/// </summary>
public interface ISessionCacheNotifier
{
    /// <summary>Tells every instance (this one included, or not: it has forgotten already) that <paramref name="userId"/>'s sessions changed.</summary>
    Task PublishUserChangedAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChanged"/> with each user id published by any instance, or with <see langword="null"/>
    /// when notifications may have been lost (the connection came back), meaning "forget everything".
    /// </summary>
    IDisposable Subscribe(Action<string?> onChanged);
}

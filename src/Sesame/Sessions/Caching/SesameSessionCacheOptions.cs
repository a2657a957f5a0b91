namespace Sesame.Sessions.Caching;

/// <summary>
/// Database strategy: keep the sessions read recently in process memory for a moment, so that most requests do not
/// read the session store. A sign-out or revocation made through Sesame reaches the instance that made it at once and
/// the other instances through an <see cref="ISessionCacheNotifier"/> (Redis pub/sub), or within
/// <see cref="Duration"/> where no notification arrives: that is the bound a cached read may be behind the store.
/// </summary>
public sealed class SesameSessionCacheOptions
{
    /// <summary>Whether database sessions are cached (<c>Sesame:Session:Cache:Enabled</c>).</summary>
    /// <value><see langword="false"/>: every request reads the store, as in next-auth.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long a session read from the store is served from memory (each entry 80 to 100 % of it, so that sessions
    /// cached together are not read again together): the longest a change made behind Sesame's back
    /// (a row deleted in SQL, a lost notification) takes to be seen. At most one minute.
    /// </summary>
    /// <value>5 seconds.</value>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many sessions an instance keeps at most (the least recently read go first; memory stays under twice this).</summary>
    /// <value>100,000.</value>
    public int MaxEntries { get; set; } = 100_000;
}

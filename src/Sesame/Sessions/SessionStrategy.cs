namespace Sesame.Sessions;

/// <summary>Where sessions live.</summary>
public enum SessionStrategy
{
    /// <summary>An encrypted JWT in a cookie: stateless; ends only when it expires.</summary>
    Jwt = 0,

    /// <summary>A row in a session store, its random id in a cookie: revocable at once.</summary>
    Database = 1,
}

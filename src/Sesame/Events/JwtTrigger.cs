namespace Sesame.Events;

/// <summary>Why the <c>jwt</c> callback runs (next-auth's <c>trigger</c>).</summary>
public enum JwtTrigger
{
    /// <summary>A session read (<c>GET /session</c>, the server-side session); next-auth passes no trigger.</summary>
    None = 0,

    /// <summary>A sign-in of an existing user.</summary>
    SignIn = 1,

    /// <summary>A sign-in that created the user.</summary>
    SignUp = 2,

    /// <summary>A session update (<c>POST /session</c>, the client's <c>update(data)</c>).</summary>
    Update = 3,

    /// <summary>
    /// The app changed the session from the server, without the user's browser
    /// (<c>SesameSessionManager.UpdateSessionsAsync</c>: an admin changed the user's role): <see cref="JwtContext.Session"/>
    /// holds the data the app passed. Unlike <see cref="Update"/>'s, that data comes from the app, not from a client, so
    /// it may carry what a client must never set (a role). Runs once per token, before the read that finds it.
    /// </summary>
    ServerUpdate = 4,
}

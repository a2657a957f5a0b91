namespace Sesame.Blazor.WebAssembly;

/// <summary>The outcome of one session read.</summary>
internal enum SessionReadStatus
{
    /// <summary>The server answered with a session.</summary>
    Found,

    /// <summary>The server answered that there is no session (<c>{}</c>).</summary>
    None,

    /// <summary>No usable answer (offline, an error status, not JSON): nothing is known, so nothing changes.</summary>
    Failed,
}

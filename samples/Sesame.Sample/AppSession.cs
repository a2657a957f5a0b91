namespace Sesame.Sample;

/// <summary>
/// The app's own session type (the seed's <c>declare module 'next-auth' { interface Session … }</c>): it mirrors the
/// session JSON, which <c>HttpContext.GetSessionAsync&lt;AppSession&gt;()</c> maps onto it.
/// </summary>
public sealed class AppSession
{
    public AppSessionUser User { get; set; } = new();

    public DateTimeOffset Expires { get; set; }
}

/// <summary>The session's <c>user</c>, with the fields the sample's <c>session</c> callback adds.</summary>
public sealed class AppSessionUser
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Image { get; set; }

    public string? Role { get; set; }

    public string? Department { get; set; }
}

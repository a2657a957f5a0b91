namespace Sesame.Events;

/// <summary>
/// The <c>redirect</c> callback's input and result. It runs for every <c>callbackUrl</c> Sesame is given, so it must be
/// cheap and free of side effects. <see cref="Result"/> starts as the safe default: a same-origin URL is kept, a
/// <c>/</c>-relative path is made absolute on the origin, anything else becomes the origin.
/// </summary>
public sealed class RedirectContext
{
    internal RedirectContext(string url, string baseUrl, string result)
    {
        Url = url;
        BaseUrl = baseUrl;
        Result = result;
    }

    /// <summary>The requested URL.</summary>
    public string Url { get; }

    /// <summary>The app's origin (next-auth's <c>baseUrl</c>), e.g. <c>https://app.example.com</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Where to go. Set it to allow another destination; an off-origin value is your decision to trust it.</summary>
    public string Result { get; set; }
}

using System.Diagnostics;

namespace Sesame.Diagnostics;

/// <summary>
/// Sesame's <see cref="ActivitySource"/>. Starting an activity costs a null check when no listener samples it, so the
/// endpoints start one unconditionally.
/// </summary>
internal static class SesameActivities
{
    // An ActivitySource is immutable and meant to be shared process-wide (as ASP.NET Core's own are).
    public static readonly ActivitySource Source = new(SesameDiagnostics.ActivitySourceName);

    /// <summary>One <c>/api/auth</c> request: <c>sesame.action</c>, and <c>sesame.provider</c> where the action names one.</summary>
    public static Activity? StartEndpoint(string method, string action, string? provider)
    {
        var activity = Source.StartActivity("sesame.endpoint", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.DisplayName = provider is null ? $"{method} {action}" : $"{method} {action}/{provider}";
            activity.SetTag("sesame.action", action);
            if (provider is not null)
            {
                activity.SetTag("sesame.provider", provider);
            }
        }

        return activity;
    }
}

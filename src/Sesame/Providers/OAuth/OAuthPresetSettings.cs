using System.Security.Claims;
using Sesame.Stores;

namespace Sesame.Providers.OAuth;

/// <summary>What every plain OAuth 2.0 preset's public options (GitHub's, Discord's) give the one registration path.</summary>
internal sealed record OAuthPresetSettings(
    string Name,
    string? ClientId,
    string? ClientSecret,
    IEnumerable<string> Scope,
    Uri AuthorizationEndpoint,
    Uri TokenEndpoint,
    Uri UserEndpoint,
    TimeSpan BackchannelTimeout,
    OAuthClientAuthentication ClientAuthentication,
    bool AllowDangerousEmailAccountLinking,
    Func<ClaimsPrincipal, SesameUser, SesameUser>? Profile);

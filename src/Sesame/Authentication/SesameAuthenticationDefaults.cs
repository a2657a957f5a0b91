using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sesame.Authentication;

/// <summary>
/// Makes <see cref="SesameDefaults.AuthenticationScheme"/> the default authenticate, challenge and forbid scheme, unless
/// the app chose any default scheme itself (then it keeps its own choice and names Sesame where it wants it).
/// </summary>
internal sealed class SesameAuthenticationDefaults : IPostConfigureOptions<AuthenticationOptions>
{
    public void PostConfigure(string? name, AuthenticationOptions options)
    {
        if (options.DefaultScheme is not null || options.DefaultAuthenticateScheme is not null ||
            options.DefaultChallengeScheme is not null || options.DefaultForbidScheme is not null)
        {
            return;
        }

        options.DefaultAuthenticateScheme = SesameDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = SesameDefaults.AuthenticationScheme;
        options.DefaultForbidScheme = SesameDefaults.AuthenticationScheme;
    }
}

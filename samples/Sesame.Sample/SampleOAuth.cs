using Sesame.Providers.OAuth;

namespace Sesame.Sample;

/// <summary>
/// The sample's identity providers, each only when the environment configures it (the Auth.js v5 variable names):
/// a generic OpenID Connect provider <c>oidc</c> with <c>AUTH_OIDC_ISSUER</c>, <c>AUTH_OIDC_ID</c> and
/// <c>AUTH_OIDC_SECRET</c> (client_secret_basic, or client_secret_post with
/// <c>AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD=client_secret_post</c>), GitHub with <c>AUTH_GITHUB_ID</c> and
/// <c>AUTH_GITHUB_SECRET</c>, Discord with <c>AUTH_DISCORD_ID</c> and <c>AUTH_DISCORD_SECRET</c>, and Apple with
/// <c>AUTH_APPLE_ID</c> and either <c>AUTH_APPLE_SECRET</c> or the key that signs one (<c>AUTH_APPLE_TEAM_ID</c>,
/// <c>AUTH_APPLE_KEY_ID</c>, <c>AUTH_APPLE_PRIVATE_KEY</c>).
/// </summary>
internal static class SampleOAuth
{
    public static void AddProviders(IConfiguration configuration, SesameBuilder sesame)
    {
        if (!string.IsNullOrEmpty(configuration["AUTH_OIDC_ISSUER"]) && !string.IsNullOrEmpty(configuration["AUTH_OIDC_ID"]))
        {
            // issuer, client id and secret come from AUTH_OIDC_ISSUER, _ID and _SECRET
            sesame.AddOpenIdConnect("oidc", provider =>
            {
                provider.Name = "OpenID Connect";
                provider.ClientAuthentication = string.Equals(configuration["AUTH_OIDC_TOKEN_ENDPOINT_AUTH_METHOD"], "client_secret_post", StringComparison.Ordinal)
                    ? OAuthClientAuthentication.ClientSecretPost
                    : OAuthClientAuthentication.ClientSecretBasic;
            });
        }

        if (!string.IsNullOrEmpty(configuration["AUTH_GITHUB_ID"]) && !string.IsNullOrEmpty(configuration["AUTH_GITHUB_SECRET"]))
        {
            // client id and secret come from AUTH_GITHUB_ID and AUTH_GITHUB_SECRET
            sesame.AddGitHub(_ => { });
        }

        if (!string.IsNullOrEmpty(configuration["AUTH_DISCORD_ID"]) && !string.IsNullOrEmpty(configuration["AUTH_DISCORD_SECRET"]))
        {
            // client id and secret come from AUTH_DISCORD_ID and AUTH_DISCORD_SECRET
            sesame.AddDiscord(_ => { });
        }

        if (!string.IsNullOrEmpty(configuration["AUTH_APPLE_ID"])
            && (!string.IsNullOrEmpty(configuration["AUTH_APPLE_SECRET"]) || !string.IsNullOrEmpty(configuration["AUTH_APPLE_PRIVATE_KEY"])))
        {
            // the Services ID and a ready-made secret, or the team id, key id and .p8 key, come from AUTH_APPLE_*
            sesame.AddApple();
        }
    }
}

namespace Sesame.Providers.OAuth;

/// <summary>How the client authenticates at the token endpoint.</summary>
public enum OAuthClientAuthentication
{
    /// <summary><c>client_secret_basic</c>: the id and secret in an <c>Authorization: Basic</c> header (next-auth's default).</summary>
    ClientSecretBasic = 0,

    /// <summary><c>client_secret_post</c>: the id and secret in the form body.</summary>
    ClientSecretPost = 1,
}

using System.Collections.Frozen;
using Microsoft.AspNetCore.Authentication;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The query parameters of <c>POST /signin/{id}</c> that go on to the authorization request (next-auth forwards them:
/// <c>login_hint</c>, <c>prompt</c>, …), carried in <see cref="AuthenticationProperties.Parameters"/> from the endpoint to
/// the handler's redirect event. The parameters the flow's security rests on are never taken from the request.
/// </summary>
internal static class OAuthParameters
{
    public const string Prefix = "sesame.authorization.";

    private static readonly FrozenSet<string> Reserved = FrozenSet.Create(StringComparer.Ordinal,
        "client_id", "client_secret", "redirect_uri", "response_type", "response_mode", "state", "nonce", "code_challenge",
        "code_challenge_method", "scope", "request", "request_uri");

    public static bool MayForward(string name) => name.Length > 0 && !Reserved.Contains(name);

    /// <summary>The forwarded parameters of a challenge.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Of(AuthenticationProperties properties)
    {
        foreach (var (key, value) in properties.Parameters)
        {
            if (key.StartsWith(Prefix, StringComparison.Ordinal) && value is string text)
            {
                yield return new(key[Prefix.Length..], text);
            }
        }
    }
}

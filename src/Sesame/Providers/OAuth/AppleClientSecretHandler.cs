using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Providers.OAuth;

/// <summary>
/// Puts Apple's client secret into the Apple backchannel's token requests (<c>client_secret_post</c>): a form POST with
/// the Services ID as <c>client_id</c> and no (or an empty) <c>client_secret</c> gets the one
/// <see cref="AppleClientCredentials"/> signs. Done in the backchannel, not in the handler's options, so that the secret
/// is fresh for every request that authenticates the client — the code redemption and <see cref="OAuthTokenRefresher"/>'s
/// refresh alike — and the handler's options stay as start-up left them. Other requests pass unchanged.
/// </summary>
internal sealed class AppleClientSecretHandler(AppleClientCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is FormUrlEncodedContent content)
        {
            var form = QueryHelpers.ParseQuery(await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (form.TryGetValue("client_id", out var id) && string.Equals(id.ToString(), credentials.ClientId, StringComparison.Ordinal)
                && (!form.TryGetValue("client_secret", out var secret) || secret.ToString().Length == 0))
            {
                form["client_secret"] = await credentials.GetSecretAsync(cancellationToken).ConfigureAwait(false);
                request.Content = new FormUrlEncodedContent(form.Select(field => new KeyValuePair<string, string>(field.Key, field.Value.ToString())));
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

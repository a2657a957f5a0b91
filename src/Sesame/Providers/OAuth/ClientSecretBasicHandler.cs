using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Providers.OAuth;

/// <summary>
/// Sends the client's credentials as <c>client_secret_basic</c> (RFC 6749 §2.3.1): ASP.NET Core's handlers put
/// <c>client_id</c> and <c>client_secret</c> in the token request's form, and this moves the secret into the
/// <c>Authorization: Basic</c> header (with the id), each form-url-encoded first as the RFC asks. Other requests pass unchanged.
/// </summary>
internal sealed class ClientSecretBasicHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is FormUrlEncodedContent content && request.Headers.Authorization is null)
        {
            var form = QueryHelpers.ParseQuery(await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (form.TryGetValue("client_id", out var id) && form.TryGetValue("client_secret", out var secret))
            {
                // client_id stays in the body too: RFC 6749 allows it, and a pushed authorization request needs it there
                form.Remove("client_secret");
                var credentials = Uri.EscapeDataString(id.ToString()) + ":" + Uri.EscapeDataString(secret.ToString());
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
                request.Content = new FormUrlEncodedContent(form.Select(field => new KeyValuePair<string, string>(field.Key, field.Value.ToString())));
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

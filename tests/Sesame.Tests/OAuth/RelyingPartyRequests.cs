using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Sesame.Tests.OAuth;

/// <summary>
/// A relying party's requests written out by hand (authorization URL with PKCE, code and refresh grants), to check the
/// test providers themselves independently of the code under test.
/// </summary>
internal static class RelyingPartyRequests
{
    public static string RandomValue() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static Uri AuthorizationUrl(Uri endpoint, string clientId, string redirectUri, string state, string nonce, string verifier, string scope = "openid email profile") =>
        new(QueryHelpers.AddQueryString(endpoint.ToString(), new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["scope"] = scope,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Challenge(verifier),
            ["code_challenge_method"] = "S256",
        }));

    /// <summary>POSTs a token request; <paramref name="basic"/> puts the client's credentials in the Basic header, else in the body.</summary>
    public static async Task<(int Status, JsonNode? Body)> TokenAsync(HttpClient http, Uri endpoint, string clientId, string clientSecret, bool basic, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        if (basic)
        {
            var credentials = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            fields = new Dictionary<string, string>(fields) { ["client_id"] = clientId, ["client_secret"] = clientSecret };
        }

        request.Content = new FormUrlEncodedContent(fields);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text) : null);
    }

    /// <summary>The payload of a JWS, not validated (the tests only look at what the provider put in it).</summary>
    public static JsonNode JwtPayload(string jwt) => JsonNode.Parse(WebEncoders.Base64UrlDecode(jwt.Split('.')[1]))!;
}

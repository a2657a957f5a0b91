using Microsoft.AspNetCore.Http;
using Sesame.Http;

namespace Sesame.Endpoints;

/// <summary><c>GET /providers</c>: every provider with its absolute sign-in and callback URLs; no cookies, no cache headers.</summary>
internal static class ProvidersHandler
{
    public static Task HandleAsync(HttpContext httpContext, SesameSettings settings, string origin)
    {
        var baseUrl = origin + settings.BasePath;
        return AuthResponses.JsonAsync(httpContext.Response, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            foreach (var provider in settings.Providers)
            {
                writer.WriteStartObject(provider.Id);
                writer.WriteString("id", provider.Id);
                writer.WriteString("name", provider.Name);
                writer.WriteString("type", ProviderTypes.Wire(provider.Type));
                writer.WriteString("signinUrl", $"{baseUrl}/signin/{provider.Id}");
                writer.WriteString("callbackUrl", $"{baseUrl}/callback/{provider.Id}");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }
}

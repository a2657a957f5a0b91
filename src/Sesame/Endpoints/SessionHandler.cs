using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Events;
using Sesame.Logging;
using Sesame.Serialization;
using Sesame.Sessions;

namespace Sesame.Endpoints;

/// <summary>
/// <c>GET /session</c> (read, slide) and <c>POST /session</c> (update, with <c>trigger: update</c>). Answers the session
/// or next-auth's "no session" body; never a 500.
/// </summary>
internal sealed class SessionHandler(SesameSettings settings, ISessionStrategy strategy, ILogger<SessionHandler> logger)
{
    public async Task HandleAsync(AuthRequest request)
    {
        var httpContext = request.HttpContext;
        var response = httpContext.Response;
        if (request.IsPost && !request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "session");
            await AuthResponses.JsonTextAsync(response, StatusCodes.Status400BadRequest, settings.NoSessionBody).ConfigureAwait(false);
            return;
        }

        if (!request.IsPost)
        {
            AuthResponses.NoStore(response);
        }

        var read = new SessionRead(request.IsPost ? JwtTrigger.Update : JwtTrigger.None, request.Data, WriteCookies: true, FireEvent: true);
        SessionReadResult result;
        try
        {
            result = await strategy.ReadAsync(httpContext, read, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SessionReadFailed(logger, exception);
            result = SessionReadResult.None;
        }

        if (result.Session is { } session)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(session, SesameJsonContext.Default.Session);
            await AuthResponses.JsonBytesAsync(response, StatusCodes.Status200OK, json).ConfigureAwait(false);
            return;
        }

        await AuthResponses.JsonTextAsync(response, StatusCodes.Status200OK, settings.NoSessionBody).ConfigureAwait(false);
    }
}

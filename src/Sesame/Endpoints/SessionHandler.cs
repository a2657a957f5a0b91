using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sesame.Events;
using Sesame.Http;
using Sesame.Logging;
using Sesame.Serialization;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;

namespace Sesame.Endpoints;

/// <summary>
/// <c>GET /session</c> (read, slide) and <c>POST /session</c> (update, with <c>trigger: update</c>). Answers the session
/// or next-auth's "no session" body; never a 500.
/// </summary>
internal sealed class SessionHandler(SesameSettings settings, SessionPipeline pipeline, JsonBodyWriter json, ILogger<SessionHandler> logger)
{
    public Task HandleAsync(AuthRequest request)
    {
        var httpContext = request.HttpContext;
        var response = httpContext.Response;
        if (request.IsPost && !request.CsrfVerified)
        {
            Log.CsrfFailed(logger, "POST", "session");
            return JsonBodyWriter.WriteAsync(response, StatusCodes.Status400BadRequest, settings.NoSessionBodyUtf8);
        }

        if (!request.IsPost)
        {
            AuthResponses.NoStore(response);
        }
        else
        {
            // next-auth sends no cache header on an update, whose answer is the session (README: deliberate difference).
            Security.PrivateResponses.NoStore(response);
        }

        var read = new SessionRead(request.IsPost ? JwtTrigger.Update : JwtTrigger.None, request.Data, WriteCookies: true, FireEvent: true);
        ValueTask<SessionReadResult> pending;
        try
        {
            pending = pipeline.ReadAsync(httpContext, read, httpContext.RequestAborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            pending = ValueTask.FromException<SessionReadResult>(exception);
        }

        // A store or callback that completes synchronously (the JWT strategy, usually) needs no state machine here.
        return pending.IsCompletedSuccessfully ? RespondAsync(response, pending.Result) : RespondSlowAsync(response, pending);
    }

    private async Task RespondSlowAsync(HttpResponse response, ValueTask<SessionReadResult> pending)
    {
        SessionReadResult result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SessionReadFailed(logger, exception);
            result = SessionReadResult.None;
        }

        await RespondAsync(response, result).ConfigureAwait(false);
    }

    private static readonly byte[] TooLargeBody = """{"error":"SessionTooLarge"}"""u8.ToArray();

    private Task RespondAsync(HttpResponse response, SessionReadResult result) =>
        result.IsTooLarge ? JsonBodyWriter.WriteAsync(response, StatusCodes.Status413PayloadTooLarge, TooLargeBody)
        : result.Session is { } session
            ? json.WriteAsync(response, StatusCodes.Status200OK, session, static (writer, session) => SessionJsonConverter.WriteSession(writer, session, SesameJsonContext.Default.Options))
            : JsonBodyWriter.WriteAsync(response, StatusCodes.Status200OK, settings.NoSessionBodyUtf8);
}

using System.Text.Json;
using Sesame.Events;

namespace Sesame.Sessions.Pipeline;

/// <summary>How a session is read.</summary>
/// <param name="Trigger"><see cref="JwtTrigger.Update"/> for <c>POST /session</c>, else <see cref="JwtTrigger.None"/>.</param>
/// <param name="Data">The update's <c>data</c>.</param>
/// <param name="WriteCookies">Whether the read may refresh or clear cookies (the response has not started).</param>
/// <param name="FireEvent">Whether to fire the <c>session</c> event (the endpoint does; server-side reads do not).</param>
internal readonly record struct SessionRead(JwtTrigger Trigger, JsonElement? Data, bool WriteCookies, bool FireEvent);

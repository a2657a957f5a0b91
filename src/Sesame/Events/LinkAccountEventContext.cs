using Microsoft.AspNetCore.Http;
using Sesame.Stores;

namespace Sesame.Events;

/// <summary>The <c>linkAccount</c> event: <paramref name="Account"/> now belongs to <paramref name="User"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="User">The user the account was linked to.</param>
/// <param name="Account">The linked account (with its provider tokens).</param>
public sealed record LinkAccountEventContext(HttpContext HttpContext, SesameUser User, SesameAccount Account);

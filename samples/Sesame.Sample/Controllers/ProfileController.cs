using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Sesame.Sample.Controllers;

/// <summary>A controller reading the session: <c>[Authorize]</c>, <c>User</c> claims and the typed session.</summary>
[ApiController]
[Route("api/profile")]
[Authorize]
public sealed class ProfileController : ControllerBase
{
    [HttpGet]
    public async Task<IActionResult> Get()
    {
        var session = await HttpContext.GetSessionAsync<AppSession>();
        return Ok(new
        {
            id = User.FindFirstValue(ClaimTypes.NameIdentifier),
            name = User.Identity?.Name,
            isAdmin = User.IsInRole("admin"),
            department = session!.User.Department,
            expires = session.Expires,
        });
    }

    [HttpGet("admin")]
    [Authorize(Roles = "admin")]
    public IActionResult Admin() => Ok(new { admin = true, name = User.Identity?.Name });
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Sesame.Sample.Pages;

/// <summary>A Razor Page reading the session: <c>[Authorize]</c> sends a signed-out visitor to the sign-in page.</summary>
[Authorize]
public sealed class AccountModel : PageModel
{
    public AppSession? Session { get; private set; }

    public async Task OnGetAsync() => Session = await HttpContext.GetSessionAsync<AppSession>();
}

using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Access;

public sealed class FreshUserTests
{
    [Fact]
    public async Task FreshUserPolicy_ActiveUser_Proceeds()
    {
        var calls = 0;
        await using var app = await StartAsync(context =>
        {
            calls++;
            return Task.FromResult(context.UserId == "u1" && context.Session.User.Email == "alice@example.com" && context.Token!.Subject == "u1");
        });
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The policy and the endpoint's own ValidateUserAsync share one check.
        Assert.Equal("deleted|True", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task FreshUserPolicy_UserGone_Answers401ForApis()
    {
        await using var app = await StartAsync(_ => Task.FromResult(false));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Unauthorized"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FreshUserPolicy_UserGone_LogsTheUserId()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(_ => Task.FromResult(false), services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        var entry = Assert.Single(logs.Entries, e => e.EventId.Id == 2006);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("'u1'", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreshUserPolicy_ValidatorThrows_FailsClosedWith403AndLogs()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await StartAsync(_ => throw new InvalidOperationException("user database down"), services => services.AddSingleton<ILoggerProvider>(logs));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(LogLevel.Error, Assert.Single(logs.Entries, e => e.EventId.Id == 2008).Level);
    }

    [Fact]
    public async Task FreshUserPolicy_UserGone_SendsPagesToSignInAgain()
    {
        await using var app = await StartAsync(_ => Task.FromResult(false));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);
        var request = new HttpRequestMessage(HttpMethod.Get, "/settings/delete");
        request.Headers.TryAddWithoutValidation("Accept", AccessTestApp.BrowserAccept);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal($"{TestApp.Origin}/api/auth/signin?callbackUrl=%2Fsettings%2Fdelete", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task FreshUserPolicy_NoSession_NeverCallsTheValidator()
    {
        var calls = 0;
        await using var app = await StartAsync(_ =>
        {
            calls++;
            return Task.FromResult(true);
        });
        using var client = app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task RequireFreshUser_CombinedWithRole_ChecksBoth()
    {
        await using var app = await StartAsync(context => Task.FromResult(true));
        using var alice = await AccessTestApp.ClientAsync(app, Who.WrongRole);
        using var admin = await AccessTestApp.ClientAsync(app, Who.RightRole);

        using var refused = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/users/7"));
        using var allowed = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/users/7"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task ValidateUserAsync_WithoutValidator_FailsWithAMessageThatSaysWhatToSet()
    {
        string? message = null;
        await using var app = await TestApp.StartAsync(map: app => app.MapGet("/check", async (HttpContext http) =>
        {
            try
            {
                await http.ValidateUserAsync();
                return "no error";
            }
            catch (InvalidOperationException exception)
            {
                message = exception.Message;
                return "error";
            }
        }));
        using var client = await AccessTestApp.ClientAsync(app, Who.WrongRole);

        Assert.Equal("error", await client.GetStringAsync("/check"));
        Assert.Contains("SesameOptions.Access.ValidateUser", message, StringComparison.Ordinal);
    }

    private static Task<TestApp> StartAsync(Func<Sesame.Access.UserValidationContext, Task<bool>> validate, Action<IServiceCollection>? services = null) =>
        TestApp.StartAsync(options =>
        {
            AccessTestApp.WithRoles(options);
            options.Access.ValidateUser = validate;
        }, extend: sesame => services?.Invoke(sesame.Services), map: app =>
        {
            app.MapDelete("/api/account", async (HttpContext http) => "deleted|" + await http.ValidateUserAsync())
                .RequireAuthorization(SesameDefaults.FreshUserPolicy);
            app.MapGet("/settings/delete", [Authorize(Policy = SesameDefaults.FreshUserPolicy)] () => "confirm");
            app.MapDelete("/api/users/{id}", (string id) => "deleted " + id)
                .RequireAuthorization(policy => policy.RequireRole("admin").RequireFreshUser());
        });
}

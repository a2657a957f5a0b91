using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Endpoints;

/// <summary>One endpoint per action under one group: an app puts metadata on one action without touching the others.</summary>
public sealed class PerActionEndpointTests
{
    [Fact]
    public async Task RateLimitOnCallbackAlone_ThrottlesSignInsButNotSessionPolling()
    {
        await using var app = await TestApp.StartAsync(
            extend: sesame => sesame.Services.AddRateLimiter(options =>
            {
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.AddFixedWindowLimiter("sign-in", window =>
                {
                    window.PermitLimit = 2;
                    window.Window = TimeSpan.FromHours(1);
                    window.QueueLimit = 0;
                });
            }),
            map: web => web.UseRateLimiter(),
            endpoints: sesame => sesame.Callback.RequireRateLimiting("sign-in"));
        using var client = app.CreateClient();

        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SignInWithCredentialsAsync(TestUsers.Form("alice", "wrong"));
            signIns.Add(response.StatusCode);
        }

        var polls = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/api/auth/session");
            polls.Add(response.StatusCode);
        }

        using var csrf = await client.GetAsync("/api/auth/csrf");

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], signIns);
        Assert.All(polls, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.OK, csrf.StatusCode);
    }

    [Fact]
    public async Task MapSesame_EveryAction_IsItsOwnNamedEndpointInOneGroup()
    {
        await using var app = await TestApp.StartAsync();

        var names = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>().Where(name => name.StartsWith("Sesame.", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(
            ["Sesame.csrf", "Sesame.providers", "Sesame.session", "Sesame.signin", "Sesame.signin/{provider}", "Sesame.callback/{provider}",
             "Sesame.signout", "Sesame.error", "Sesame.error/{code}", "Sesame.verify-request", "Sesame._log"],
            names);
    }

    [Theory]
    [InlineData("POST", "/api/auth/csrf")]
    [InlineData("DELETE", "/api/auth/session")]
    [InlineData("GET", "/api/auth/SESSION")]
    [InlineData("GET", "/api/auth/nothing")]
    [InlineData("GET", "/api/auth/_log")]
    public async Task UnsupportedActionOrMethod_FallsThroughToNextAuthsAnswer(string method, string path)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Error: This action with HTTP " + method + " is not supported by NextAuth.js", await response.Content.ReadAsStringAsync());
    }
}

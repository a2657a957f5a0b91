using System.Net;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>
/// What the sample's sessions API (<c>/api/sessions</c>) promises wherever sessions are kept: database mode (SQLite,
/// Redis) and revocable JWT mode (JWT with Redis). Each derived class starts the sample its own way and names its address.
/// </summary>
public abstract class SampleSessionsApiContract
{
    /// <summary>The running sample.</summary>
    protected abstract Uri Address { get; }

    /// <summary>A client of the running sample.</summary>
    protected SesameTestClient Client() => new(Address);

    /// <summary>
    /// <c>POST /api/admin/users/{id}/role</c>: an admin makes the demo user an admin and back; the demo user's next
    /// request has each change without signing in again (server-side session update); only an admin may, with the CSRF token.
    /// </summary>
    [Fact]
    public async Task AdminChangesARole_UsersNextRequestHasIt()
    {
        using var demo = Client();
        using var admin = Client();
        await demo.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        await admin.SignInWithCredentialsAsync([new("username", "admin"), new("password", "demo-password")]);
        using var before = await demo.GetAsync("/api/admin");
        using var byDemo = await ChangeRoleAsync(demo, "1", "admin");
        using var noCsrf = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/admin/users/1/role")
        {
            Content = new StringContent("{\"role\":\"admin\"}", System.Text.Encoding.UTF8, "application/json"),
        });
        using var unknownRole = await ChangeRoleAsync(admin, "1", "root");
        using var unknownUser = await ChangeRoleAsync(admin, "999", "admin");
        using var promote = await ChangeRoleAsync(admin, "1", "admin");
        using var promoted = await demo.GetAsync("/api/admin");
        var promotedSession = await demo.GetSessionAsync();
        using var demote = await ChangeRoleAsync(admin, "1", "user");
        using var demoted = await demo.GetAsync("/api/admin");
        var demotedSession = await demo.GetSessionAsync();

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byDemo.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noCsrf.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.True(JsonNode.Parse(await promote.Content.ReadAsStringAsync())!["sessions"]!.GetValue<int>() >= 1);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal("admin", promotedSession!["user"]!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, demoted.StatusCode);
        Assert.Null(demotedSession!["user"]!["role"]);
    }

    /// <summary>An admin's <c>POST /api/admin/users/{id}/role</c> with the CSRF token: <paramref name="role"/> "admin" or "user".</summary>
    internal static async Task<HttpResponseMessage> ChangeRoleAsync(SesameTestClient client, string userId, string role)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/users/{userId}/role")
        {
            Content = new StringContent(new JsonObject { ["role"] = role }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-Token", await client.GetCsrfTokenAsync());
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SessionsApi_ListsRevokesAndRequiresCsrf()
    {
        using var laptop = Client();
        using var phone = Client();
        using var tablet = Client();
        using var stranger = Client();
        foreach (var client in new[] { laptop, phone, tablet })
        {
            await client.SignInWithCredentialsAsync([new("username", "admin"), new("password", "demo-password")]);
        }

        await stranger.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);

        using var anonymous = await Client().GetAsync("/api/sessions");
        var laptopToken = laptop.Cookies["next-auth.session-token"];
        var list = JsonNode.Parse(await (await laptop.GetAsync("/api/sessions")).Content.ReadAsStringAsync())!.AsArray();
        var phoneId = JsonNode.Parse(await (await phone.GetAsync("/api/sessions")).Content.ReadAsStringAsync())!.AsArray()
            .Single(s => s!["current"]!.GetValue<bool>())!["id"]!.GetValue<string>();
        var laptopCsrf = await laptop.GetCsrfTokenAsync();

        using var noCsrf = await laptop.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{phoneId}"));
        using var strangerDelete = await stranger.SendAsync(WithCsrf(new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{phoneId}"), await stranger.GetCsrfTokenAsync()));
        using var revokePhone = await laptop.SendAsync(WithCsrf(new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{phoneId}"), laptopCsrf));
        using var phoneAfter = await phone.GetAsync("/api/me");
        using var revokeOthers = await laptop.PostFormAsync("/api/sessions/revoke-others", [new("csrfToken", laptopCsrf)]);
        using var tabletAfter = await tablet.GetAsync("/api/me");
        using var laptopStill = await laptop.GetAsync("/api/me");
        using var strangerStill = await stranger.GetAsync("/api/me");
        using var revokeAllNoCsrf = await laptop.PostFormAsync("/api/sessions/revoke-all", [new("csrfToken", "wrong")]);
        using var revokeAll = await laptop.PostJsonAsync("/api/sessions/revoke-all", new JsonObject { ["csrfToken"] = laptopCsrf });
        using var laptopAfter = await laptop.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(list.Count >= 3);
        Assert.Single(list, s => s!["current"]!.GetValue<bool>());
        Assert.All(list, s => Assert.DoesNotContain(laptopToken, s!.ToJsonString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, noCsrf.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerDelete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokePhone.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, phoneAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokeOthers.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tabletAfter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, laptopStill.StatusCode);
        Assert.Equal(HttpStatusCode.OK, strangerStill.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revokeAllNoCsrf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokeAll.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, laptopAfter.StatusCode);
    }

    [Fact]
    public async Task SessionsApi_JsonBodyWithLoneSurrogate_IsRefusedNot500()
    {
        using var client = Client();
        await client.SignInWithCredentialsAsync([new("username", "demo"), new("password", "demo-password")]);
        await client.GetCsrfTokenAsync();

        using var revokeAll = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/sessions/revoke-all")
        {
            Content = new StringContent("""{"csrfToken":"\ud800"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        using var still = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Forbidden, revokeAll.StatusCode);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    private static HttpRequestMessage WithCsrf(HttpRequestMessage request, string csrf)
    {
        request.Headers.Add("X-CSRF-Token", csrf);
        return request;
    }
}

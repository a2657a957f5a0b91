using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>
/// Request bodies a parser refuses (lone surrogates, invalid UTF-8, broken JSON): a 400 and one short log line on every
/// POST, never a 500, a stack trace or a callback that throws.
/// </summary>
public sealed class BodyTricksTests
{
    public static TheoryData<string> Actions => new() { "session", "signin/credentials", "callback/credentials", "signout", "_log" };

    public static TheoryData<string> RefusedJson => new()
    {
        """{"csrfToken":"\ud800"}""",
        """{"csrfToken":"ok","data":{"name":"\udfff"}}""",
        """{"\ud800":"key"}""",
        """{"csrfToken":""",
        """{"csrfToken":"a",}""",
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task JsonLoneSurrogate_OnEveryPost_Answers400WithOneShortLogLine(string action)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(map: a => a.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs));
        using var client = app.CreateClient();
        await client.GetCsrfTokenAsync();

        using var response = await PostRawAsync(client, "/api/auth/" + action, """{"csrfToken":"\ud800"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var entry = Assert.Single(logs.Entries, e => e.Category.StartsWith("Sesame", StringComparison.Ordinal) && e.Level >= LogLevel.Information);
        Assert.True(entry.Message.Length < 200, entry.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Theory]
    [MemberData(nameof(RefusedJson))]
    public async Task JsonBodyTheParserRefuses_OnSessionUpdate_Answers400AndNeverReachesTheJwtCallback(string json)
    {
        var called = false;
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnJwt = context =>
        {
            if (context.Trigger == Events.JwtTrigger.Update)
            {
                called = true;
                _ = context.Session?.GetProperty("name").GetString();
            }

            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await PostRawAsync(client, "/api/auth/session", json.Replace("\"ok\"", $"\"{csrf}\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(called);
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task JsonInvalidUtf8Bytes_OnSignIn_Answers400()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.GetCsrfTokenAsync();
        var bytes = Encoding.UTF8.GetBytes("""{"csrfToken":"XX"}""");
        bytes[14] = 0xC3;
        bytes[15] = 0x28;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/callback/credentials") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AppCsrfCheck_JsonLoneSurrogate_IsRefusedNot500()
    {
        await using var app = await TestApp.StartAsync(map: a => a.MapPost("/api/change", async (HttpContext http) =>
            await http.IsCsrfTokenValidAsync() ? Results.Ok() : Results.StatusCode(StatusCodes.Status403Forbidden)));
        using var client = app.CreateClient();
        await client.GetCsrfTokenAsync();

        using var response = await PostRawAsync(client, "/api/change", """{"csrfToken":"\ud800"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    internal static Task<HttpResponseMessage> PostRawAsync(Sesame.Testing.SesameTestClient client, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
}

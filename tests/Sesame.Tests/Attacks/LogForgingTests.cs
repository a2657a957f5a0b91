using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Attacks;

/// <summary>Request values that reach a log line cannot forge other lines (CR/LF) or drive a terminal (ESC).</summary>
public sealed class LogForgingTests
{
    [Theory]
    [InlineData("/api/auth/x%0D%0Afail:%20forged")]
    [InlineData("/api/auth/x%0Afail:%20forged")]
    [InlineData("/api/auth/x%1B%5B31mred")]
    [InlineData("/api/auth/x%E2%80%A8forged")]
    public async Task UnsupportedAction_WithControlCharacters_LogsOneCleanLine(string path)
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(extend: s => s.Services.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var entry = Assert.Single(logs.Entries, e => e.EventId.Id == 1010);
        Assert.DoesNotContain(entry.Message, c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }

    [Fact]
    public async Task ClientLog_IsDebugAndRateLimited()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(extend: s =>
        {
            s.Services.AddSingleton<ILoggerProvider>(logs);
            s.Services.AddLogging(logging => logging.AddFilter("Sesame", LogLevel.Debug));
        });
        using var client = app.CreateClient();

        for (var i = 0; i < 50; i++)
        {
            using var response = await client.PostFormAsync("/api/auth/_log", [new("level", "error"), new("code", "X" + i)]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var first = logs.Entries.Where(e => e.EventId.Id == 1014).ToList();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var later = await client.PostFormAsync("/api/auth/_log", [new("level", "error"), new("code", "later")]);
        var all = logs.Entries.Where(e => e.EventId.Id == 1014).ToList();

        Assert.NotEmpty(first);
        Assert.True(first.Count <= 10, $"{first.Count} lines for 50 posts");
        Assert.All(all, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Contains(all, e => e.Message.Contains("later", StringComparison.Ordinal));
    }
}

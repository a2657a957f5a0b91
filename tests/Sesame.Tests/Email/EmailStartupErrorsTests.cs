using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.Providers.Email;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Email;

/// <summary>An e-mail provider that cannot work stops the app at start-up with what to set (issue 14, as issue 16's errors).</summary>
public sealed class EmailStartupErrorsTests
{
    private const string Server = "smtp://127.0.0.1:2525";

    [Fact]
    public async Task NoVerificationTokenStore_SaysWhichStoreToAdd()
    {
        var message = await StartupFailureAsync(sesame => sesame.AddEmail(o => { o.Server = Server; o.From = EmailApp.From; }));

        Assert.Contains("verification token store", message, StringComparison.Ordinal);
        Assert.Contains("AddEntityFrameworkCoreVerificationTokenStore<TContext>()", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServer_SaysToSetEmailServer()
    {
        var message = await StartupFailureAsync(sesame => sesame.AddInMemoryStores().AddEmail(o => o.From = EmailApp.From));

        Assert.Contains("has no SMTP server: set EMAIL_SERVER", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNotAnSmtpUrl_SaysHowToWriteIt()
    {
        var message = await StartupFailureAsync(sesame => sesame.AddInMemoryStores().AddEmail(o => { o.Server = "http://mail.example.com"; o.From = EmailApp.From; }));

        Assert.Contains("smtp://user:password@host:587", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSender_SaysToSetEmailFrom()
    {
        var message = await StartupFailureAsync(sesame => sesame.AddInMemoryStores().AddEmail(o => o.Server = Server));

        Assert.Contains("no sender address: set EMAIL_FROM", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustHostWithoutPublicUrl_SaysLinksNeedAuthUrl()
    {
        var message = await StartupFailureAsync(
            sesame => sesame.AddInMemoryStores().AddEmail(o => { o.Server = Server; o.From = EmailApp.From; }),
            o =>
            {
                o.Url = null;
                o.TrustHost = true;
            });

        Assert.Contains("never on a request's Host header: set AUTH_URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnSenderWithoutServer_Starts()
    {
        await using var app = await TestApp.StartAsync(extend: sesame => sesame.AddInMemoryStores().AddEmail<NullSender>());

        Assert.NotNull(app.Address);
    }

    [Theory]
    [InlineData("smtp://mail.example.com", "mail.example.com", 587, EmailSecurity.Auto, null, null)]
    [InlineData("smtps://mail.example.com", "mail.example.com", 465, EmailSecurity.Tls, null, null)]
    [InlineData("smtp://apikey:s%3Acret%40x@smtp.example.com:2525", "smtp.example.com", 2525, EmailSecurity.Auto, "apikey", "s:cret@x")]
    [InlineData("smtp://user%40example.com@127.0.0.1:25", "127.0.0.1", 25, EmailSecurity.Auto, "user@example.com", null)]
    public void ServerUrl_IsReadAsNextAuthReadsEmailServer(string url, string host, int port, EmailSecurity security, string? user, string? password)
    {
        var options = new SmtpServerOptions();

        options.Apply(url, EmailSecurity.Auto);

        Assert.Null(options.ServerProblem);
        Assert.Equal((host, port, security, user, password), (options.Host, options.Port, options.Security, options.UserName, options.Password));
    }

    private static async Task<string> StartupFailureAsync(Action<SesameBuilder> extend, Action<SesameOptions>? configure = null)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(configure, extend));
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal);
        return failure.Message;
    }

    private sealed class NullSender : IEmailSender
    {
        public Task SendAsync(EmailSignInMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

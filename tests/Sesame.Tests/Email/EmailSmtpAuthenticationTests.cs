using Sesame.Providers.Email;

namespace Sesame.Tests.Email;

/// <summary>SMTP AUTH with the credentials of <c>EMAIL_SERVER</c> (percent-decoded), against a server that requires them.</summary>
public sealed class EmailSmtpAuthenticationTests(AuthenticatingSmtpTestServer smtp) : IClassFixture<AuthenticatingSmtpTestServer>
{
    [Fact]
    public async Task CredentialsInServerUrl_AuthenticateAndTheMailArrives()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = $"auth-{Guid.NewGuid():N}@example.com";

        using var response = await client.RequestLinkAsync(address);

        Assert.Equal("http://localhost:3000/api/auth/verify-request?provider=email&type=email", response.Headers.Location!.ToString());
        Assert.Single(smtp.To(address));
    }

    [Fact]
    public async Task WrongPassword_ErrorPageAndNoToken()
    {
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.Server = $"smtp://{Uri.EscapeDataString(AuthenticatingSmtpTestServer.User)}:wrong@127.0.0.1:{smtp.Port}");
        using var client = app.CreateClient();
        var address = $"auth-{Guid.NewGuid():N}@example.com";

        using var response = await client.RequestLinkAsync(address);

        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
        Assert.Empty(smtp.To(address));
        Assert.Equal(0, await app.TokenCountAsync());
    }

    [Fact]
    public async Task StartTlsRequired_ServerWithoutIt_NotSentTo()
    {
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.Security = EmailSecurity.StartTls);
        using var client = app.CreateClient();
        var address = $"tls-{Guid.NewGuid():N}@example.com";

        using var response = await client.RequestLinkAsync(address);

        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
        Assert.Empty(smtp.To(address));
        Assert.Equal(0, await app.TokenCountAsync());
    }
}

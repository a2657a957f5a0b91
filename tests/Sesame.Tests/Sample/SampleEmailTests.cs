using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Sesame.Testing;
using Sesame.Tests.Email;

namespace Sesame.Tests.Sample;

/// <summary>
/// The sample's e-mail contract (issue 14), run against the sample as a process: with <c>EMAIL_SERVER</c> and
/// <c>EMAIL_FROM</c> set it offers provider <c>email</c>, mails <c>{AUTH_URL}/api/auth/callback/email?…</c> to a real
/// SMTP server, and the link signs in the address (name null for a new user) and goes to the callback URL.
/// </summary>
public abstract class SampleEmailContract
{
    internal abstract SampleEmailFixture Fixture { get; }

    private Uri Address => Fixture.App.Address;

    private string AuthUrl => Address.ToString().TrimEnd('/');

    [Fact]
    public async Task Providers_OfferEmailOnTheListAndTheSignInPage()
    {
        using var client = new SesameTestClient(Address);

        var providers = JsonNode.Parse(await (await client.GetAsync("/api/auth/providers")).Content.ReadAsStringAsync())!;
        var page = await (await client.GetAsync("/api/auth/signin")).Content.ReadAsStringAsync();

        Assert.Equal("email", providers["email"]!["id"]!.GetValue<string>());
        Assert.Equal("email", providers["email"]!["type"]!.GetValue<string>());
        Assert.Equal($"{AuthUrl}/api/auth/signin/email", providers["email"]!["signinUrl"]!.GetValue<string>());
        Assert.NotNull(providers["credentials"]);
        Assert.Contains($"action=\"{AuthUrl}/api/auth/signin/email\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_SignsInTheAddressAsANewUserAndGoesToTheCallbackUrl()
    {
        using var client = new SesameTestClient(Address);
        var address = $"new-{Guid.NewGuid():N}@example.com";
        var csrf = await client.GetCsrfTokenAsync();

        using var requested = await client.PostFormAsync("/api/auth/signin/email", [new("csrfToken", csrf), new("email", address), new("callbackUrl", $"{AuthUrl}/dashboard")]);
        var text = Fixture.Smtp.LatestTo(address).TextBody;
        var storedTokens = await Fixture.TokensInDatabaseAsync();
        var link = Fixture.Smtp.LinkTo(address);
        using var followed = await client.GetAsync(link.PathAndQuery);
        var session = await client.GetSessionAsync();

        Assert.Equal(HttpStatusCode.Found, requested.StatusCode);
        Assert.Equal($"{AuthUrl}/api/auth/verify-request?provider=email&type=email", requested.Headers.Location!.ToString());
        Assert.Contains($"{AuthUrl}/api/auth/callback/email?", text, StringComparison.Ordinal);
        Assert.Equal(1, storedTokens);
        Assert.Equal(HttpStatusCode.Found, followed.StatusCode);
        Assert.Equal($"{AuthUrl}/dashboard", followed.Headers.Location!.ToString());
        Assert.Equal(address, session!["user"]!["email"]!.GetValue<string>());
        Assert.Null(session["user"]!["name"]);
        using var dashboard = await client.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        using var again = await new SesameTestClient(Address).GetAsync(link.PathAndQuery);
        Assert.Equal($"{AuthUrl}/api/auth/error?error=Verification", again.Headers.Location!.ToString());
    }
}

/// <summary>An SMTP server and the sample sending to it, in one session strategy, with a SQLite file of its own.</summary>
public abstract class SampleEmailFixture : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sesame-sample-email-{Guid.NewGuid():N}.db");

    internal SmtpTestServer Smtp { get; } = new();

    internal SampleProcess App { get; private set; } = null!;

    protected abstract bool DatabaseSessions { get; }

    public async Task InitializeAsync()
    {
        await Smtp.InitializeAsync();
        var port = SampleProcess.FreePort();
        App = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "aiCaEgYuO986P0t7fjGQpBfUZ/u2XmdKszDAh0ViSpc=",
            ["AUTH_URL"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["EMAIL_SERVER"] = Smtp.Url,
            ["EMAIL_FROM"] = "Sesame Sample <no-reply@example.com>",
            ["Sesame__Session__Strategy"] = DatabaseSessions ? "database" : null,
            ["ConnectionStrings__Sesame"] = $"Data Source={_path};Pooling=False",
        }, port);
        await App.WaitUntilReadyAsync();
    }

    /// <summary>The verification tokens in the sample's SQLite file, read from outside the app.</summary>
    public async Task<long> TokensInDatabaseAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM VerificationToken";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}

public sealed class SampleEmailJwtFixture : SampleEmailFixture
{
    protected override bool DatabaseSessions => false;
}

public sealed class SampleEmailDatabaseFixture : SampleEmailFixture
{
    protected override bool DatabaseSessions => true;
}

/// <summary>JWT sessions: the tokens alone are kept, in the sample's SQLite file.</summary>
public sealed class SampleEmailJwtTests(SampleEmailJwtFixture fixture) : SampleEmailContract, IClassFixture<SampleEmailJwtFixture>
{
    internal override SampleEmailFixture Fixture => fixture;
}

/// <summary>Database sessions: tokens, users and sessions in the same database.</summary>
public sealed class SampleEmailDatabaseTests(SampleEmailDatabaseFixture fixture) : SampleEmailContract, IClassFixture<SampleEmailDatabaseFixture>
{
    internal override SampleEmailFixture Fixture => fixture;
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sesame.Sessions;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Email;

/// <summary>
/// The magic link end to end: a real SMTP server receives the message, and its link signs in (issue 14). Every test
/// starts its own app (SQLite file) against the class's one SMTP server.
/// </summary>
public sealed class EmailSignInTests(SmtpTestServer smtp) : IClassFixture<SmtpTestServer>
{
    private static string NewAddress(string local = "user") => $"{local}-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task RequestLink_ValidAddress_MailsTextAndHtmlLinkOnPublicUrlAndRedirectsToVerifyRequest()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();

        // a request whose Host header names another site: the link must still point at the configured public URL
        var csrf = await client.GetCsrfTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signin/email")
        {
            Content = new FormUrlEncodedContent([new("csrfToken", csrf), new("email", address), new("callbackUrl", "http://localhost:3000/welcome")]),
        };
        request.Headers.Host = "evil.example";
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/verify-request?provider=email&type=email", response.Headers.Location!.ToString());
        var message = smtp.LatestTo(address);
        Assert.Equal("no-reply@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("Sign in to localhost:3000", message.Subject);
        var link = smtp.LinkTo(address);
        Assert.StartsWith("http://localhost:3000/api/auth/callback/email?callbackUrl=http%3A%2F%2Flocalhost%3A3000%2Fwelcome&token=", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.EndsWith("&email=" + Uri.EscapeDataString(address), link.Query, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri.Replace("&", "&amp;", StringComparison.Ordinal), message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", message.TextBody + message.HtmlBody, StringComparison.Ordinal);

        // only sha256(token + secret) is stored, with the 24-hour expiry
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        Assert.Matches("^[0-9a-f]{64}$", token);
        var stored = await app.QueryAsync(db => db.VerificationTokens.SingleAsync());
        Assert.Equal(address, stored.Identifier);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + TestApp.Secret))), stored.Token);
        Assert.Equal(app.App.Time.GetUtcNow().AddHours(24), stored.Expires);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task FollowLink_BothStrategies_SignsInTheAddressAndRedirectsToCallbackUrl(SessionStrategy strategy)
    {
        await using var app = await EmailApp.StartAsync(smtp, strategy);
        using var client = app.CreateClient();
        var address = NewAddress();
        using var requested = await client.RequestLinkAsync(address, "http://localhost:3000/dashboard");

        using var signedIn = await client.FollowAsync(smtp.LinkTo(address));
        var session = await client.GetSessionAsync();

        Assert.Equal(HttpStatusCode.Found, signedIn.StatusCode);
        Assert.Equal("http://localhost:3000/dashboard", signedIn.Headers.Location!.ToString());
        Assert.Equal(address, session!["user"]!["email"]!.GetValue<string>());
        Assert.Null(session["user"]!["name"]);
        Assert.Equal(0, await app.TokenCountAsync());
        if (strategy == SessionStrategy.Database)
        {
            var user = await app.QueryAsync(db => db.Users.SingleAsync());
            Assert.Equal(address, user.Email);
            Assert.NotNull(user.EmailVerified);
            Assert.Equal(1, await app.SessionCountAsync());
        }
    }

    [Fact]
    public async Task FollowLink_ExistingUser_SignsInThatUserAndMarksTheAddressVerified()
    {
        await using var app = await EmailApp.StartAsync(smtp, SessionStrategy.Database);
        var address = NewAddress();
        await app.QueryAsync(async db =>
        {
            db.Users.Add(new Sesame.EntityFrameworkCore.Entities.SesameUserEntity { Id = "existing-1", Name = "Existing", Email = address });
            return await db.SaveChangesAsync();
        });
        using var client = app.CreateClient();
        using var requested = await client.RequestLinkAsync(address);

        using var signedIn = await client.FollowAsync(smtp.LinkTo(address));
        var session = await client.GetSessionAsync();

        Assert.Equal("Existing", session!["user"]!["name"]!.GetValue<string>());
        var user = await app.QueryAsync(db => db.Users.SingleAsync());
        Assert.Equal("existing-1", user.Id);
        Assert.NotNull(user.EmailVerified);
    }

    [Fact]
    public async Task FollowLink_SecondTime_FailsWithVerification()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();
        using var requested = await client.RequestLinkAsync(address);
        var link = smtp.LinkTo(address);

        using var first = await client.FollowAsync(link);
        using var other = app.CreateClient();
        using var second = await other.FollowAsync(link);

        Assert.Equal("http://localhost:3000/", first.Headers.Location!.ToString());
        Assert.Equal("http://localhost:3000/api/auth/error?error=Verification", second.Headers.Location!.ToString());
        Assert.False(other.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Fact]
    public async Task FollowLink_AfterMaxAge_FailsWithVerification()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();
        using var requested = await client.RequestLinkAsync(address);

        app.App.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var followed = await client.FollowAsync(smtp.LinkTo(address));

        Assert.Equal("http://localhost:3000/api/auth/error?error=Verification", followed.Headers.Location!.ToString());
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Fact]
    public async Task FollowLink_ForAnotherAddress_FailsAndSignsNobodyIn()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var alice = NewAddress("alice");
        var mallory = NewAddress("mallory");
        using var requested = await client.RequestLinkAsync(alice);
        var link = smtp.LinkTo(alice);
        var forged = new Uri(link.AbsoluteUri.Replace(Uri.EscapeDataString(alice), Uri.EscapeDataString(mallory), StringComparison.Ordinal));

        using var followed = await client.FollowAsync(forged);

        Assert.Equal("http://localhost:3000/api/auth/error?error=Verification", followed.Headers.Location!.ToString());
        Assert.False(client.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task FollowLink_TwoConcurrentClicks_OneSession(SessionStrategy strategy)
    {
        await using var app = await EmailApp.StartAsync(smtp, strategy);
        var address = NewAddress();
        using (var requester = app.CreateClient())
        {
            using var requested = await requester.RequestLinkAsync(address);
        }

        var link = smtp.LinkTo(address);
        var clients = Enumerable.Range(0, 2).Select(_ => app.CreateClient()).ToArray();
        var responses = await Task.WhenAll(clients.Select(c => c.FollowAsync(link)));

        var locations = responses.Select(r => r.Headers.Location!.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["http://localhost:3000/", "http://localhost:3000/api/auth/error?error=Verification"], locations);
        Assert.Equal(1, clients.Count(c => c.Cookies.ContainsKey("next-auth.session-token")));
        if (strategy == SessionStrategy.Database)
        {
            Assert.Equal(1, await app.SessionCountAsync());
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task HeadOfLink_ScannerPrefetch_LeavesItUsable()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();
        using var requested = await client.RequestLinkAsync(address);
        var link = smtp.LinkTo(address);

        using var scanner = app.CreateClient();
        using var head = await scanner.FollowAsync(link, HttpMethod.Head);
        var tokensAfterHead = await app.TokenCountAsync();
        using var followed = await client.FollowAsync(link);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(scanner.LastSetCookies);
        Assert.Equal(1, tokensAfterHead);
        Assert.Equal("http://localhost:3000/", followed.Headers.Location!.ToString());
        Assert.True(client.Cookies.ContainsKey("next-auth.session-token"));
    }

    [Fact]
    public async Task FollowLink_WithoutToken_FailsWithVerification()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();

        using var followed = await client.GetAsync("/api/auth/callback/email?email=a%40example.com");

        Assert.Equal("http://localhost:3000/api/auth/error?error=Verification", followed.Headers.Location!.ToString());
    }

    public static TheoryData<string> Attacks() =>
    [
        "alice@example.com,mallory@example.com",
        "alice@example.com;mallory@example.com",
        "\"alice\"@example.com",
        "\"mallory@example.com\" <alice@example.com>",
        "alice@mallory@example.com",
        "alice\uFF20mallory.example@example.com",  // FULLWIDTH COMMERCIAL AT
        "alice\uFE6Bmallory.example@example.com",  // SMALL COMMERCIAL AT
        "alice@localhost",
        "alice@example.com\r\nBcc: mallory@example.com",
        "alice@exa\u202Eelpmaxe.com",               // RIGHT-TO-LEFT OVERRIDE
        "alice@.com",
        "@example.com",
        "alice@",
        "alice",
        "",
        new string('a', 310) + "@example.com",
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task RequestLink_NotExactlyOneAddress_RefusedBeforeAnythingIsStoredOrMailed(string input)
    {
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.PermitsPerClient = null);
        using var client = app.CreateClient();
        var before = smtp.Messages.Count;

        using var response = await client.RequestLinkAsync(input);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
        Assert.Equal(before, smtp.Messages.Count);
        Assert.Equal(0, await app.TokenCountAsync());
    }

    [Fact]
    public async Task RequestLink_MixedCaseAndSpaces_MailsTheNormalizedAddress()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var local = $"Alice.{Guid.NewGuid():N}";

        using var response = await client.RequestLinkAsync($"  {local}@EXAMPLE.Com ");

        var address = $"{local}@example.com";
        Assert.Single(smtp.To(address));
        Assert.Equal(address, (await app.QueryAsync(db => db.VerificationTokens.SingleAsync())).Identifier);
    }

    [Fact]
    public async Task RequestLink_DecomposedAccent_StoredInOneSpellingOnly()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var id = Guid.NewGuid().ToString("N");

        using var response = await client.RequestLinkAsync($"jose\u0301-{id}@example.com");

        // NFC makes it "josé"; a host without ICU (invariant globalization) cannot, and refuses it rather than store a second spelling
        if ("e\u0301".Normalize(NormalizationForm.FormC).Length == 1)
        {
            Assert.Single(smtp.To($"jos\u00E9-{id}@example.com"));
        }
        else
        {
            Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
            Assert.Equal(0, await app.TokenCountAsync());
        }
    }

    [Fact]
    public async Task RequestLink_AddressWithHtml_IsEncodedInTheHtmlPart()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        // ' and & are allowed in a local part; unencoded, "&amp" would even show as "&"
        var address = $"o'brien&amp-{Guid.NewGuid():N}@example.com";

        using var response = await client.RequestLinkAsync(address);

        var html = smtp.LatestTo(address).HtmlBody;
        Assert.Contains("o&#x27;brien&amp;amp-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("o'brien", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLink_SignInCallbackDenies_NoTokenNoMail()
    {
        var seen = new List<bool>();
        await using var app = await EmailApp.StartAsync(smtp, configure: o => o.Callbacks.OnSignIn = context =>
        {
            seen.Add(context.IsVerificationRequest);
            context.Deny();
            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        var address = NewAddress();

        using var response = await client.RequestLinkAsync(address);

        Assert.Equal([true], seen);
        Assert.Equal("http://localhost:3000/api/auth/error?error=AccessDenied", response.Headers.Location!.ToString());
        Assert.Empty(smtp.To(address));
        Assert.Equal(0, await app.TokenCountAsync());
    }

    [Fact]
    public async Task RequestLink_SmtpServerDown_ErrorPageAndNoToken()
    {
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.Server = $"smtp://127.0.0.1:{port}");
        using var client = app.CreateClient();

        using var response = await client.RequestLinkAsync(NewAddress());

        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
        Assert.Equal(0, await app.TokenCountAsync());
    }

    [Fact]
    public async Task RequestLink_SmtpServerRefusesMessage_ErrorPageAndNoToken()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();
        smtp.Refuse = true;
        HttpResponseMessage response;
        try
        {
            response = await client.RequestLinkAsync(address);
        }
        finally
        {
            smtp.Refuse = false;
        }

        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", response.Headers.Location!.ToString());
        Assert.Empty(smtp.To(address));
        Assert.Equal(0, await app.TokenCountAsync());
        response.Dispose();
    }

    [Fact]
    public async Task RequestLink_TooOftenForOneAddress_429ForApiCallersAndErrorPageForForms()
    {
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.PermitsPerAddress = 2);
        using var client = app.CreateClient();
        var address = NewAddress();
        using var first = await client.RequestLinkAsync(address, json: true);
        using var second = await client.RequestLinkAsync(address, json: true);

        using var api = await client.RequestLinkAsync(address, json: true);
        using var form = await client.RequestLinkAsync(address);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", JsonNode.Parse(await api.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
        Assert.True(api.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.Found, form.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/error?error=EmailSignin", form.Headers.Location!.ToString());
        Assert.Equal(2, smtp.To(address).Count);
    }

    [Fact]
    public async Task RequestLink_OneClientManyAddresses_429AfterTheClientLimit()
    {
        await using var app = await EmailApp.StartAsync(smtp, email: o => o.PermitsPerClient = 3);
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var index = 0; index < 4; index++)
        {
            var csrf = await client.GetCsrfTokenAsync();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signin/email")
            {
                Content = new FormUrlEncodedContent([new("csrfToken", csrf), new("email", NewAddress())]),
            };
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task RequestLink_WithoutCsrfToken_SendsNothing()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();
        var address = NewAddress();

        using var response = await client.PostFormAsync("/api/auth/signin/email", [new("email", address)]);

        Assert.Equal("http://localhost:3000/api/auth/signin?csrf=true", response.Headers.Location!.ToString());
        Assert.Empty(smtp.To(address));
    }

    [Fact]
    public async Task RequestLink_JsonModeAndCustomVerifyPage_AnswersUrlThenThePageRedirects()
    {
        await using var app = await EmailApp.StartAsync(smtp, configure: o => o.Pages.VerifyRequest = "http://localhost:3000/check-your-email");
        using var client = app.CreateClient();

        using var response = await client.RequestLinkAsync(NewAddress(), json: true);
        var url = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
        using var page = await client.GetAsync(new Uri(url).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://localhost:3000/api/auth/verify-request?provider=email&type=email", url);
        Assert.Equal("http://localhost:3000/check-your-email", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Providers_ListEmailAndTheSignInPageHasItsForm()
    {
        await using var app = await EmailApp.StartAsync(smtp);
        using var client = app.CreateClient();

        var providers = JsonNode.Parse(await (await client.GetAsync("/api/auth/providers")).Content.ReadAsStringAsync())!;
        var page = await (await client.GetAsync("/api/auth/signin")).Content.ReadAsStringAsync();

        Assert.Equal("email", providers["email"]!["type"]!.GetValue<string>());
        Assert.Equal("http://localhost:3000/api/auth/callback/email", providers["email"]!["callbackUrl"]!.GetValue<string>());
        Assert.Contains("action=\"http://localhost:3000/api/auth/signin/email\"", page, StringComparison.Ordinal);
        Assert.Contains("name=\"email\" type=\"email\"", page, StringComparison.Ordinal);
    }
}

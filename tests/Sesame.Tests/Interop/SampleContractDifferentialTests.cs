using System.Text.Json.Nodes;
using Sesame.Testing;
using Sesame.Tests.Sample;

namespace Sesame.Tests.Interop;

/// <summary>
/// The sample app, run as a process as outside clients run it, next to the real next-auth 4.24.15 configured as issue
/// 2's contract describes it (users <c>demo</c> and <c>admin</c> with role <c>admin</c>, the seed's callbacks copying
/// <c>id</c> and <c>role</c>): signing in, reading, updating and ending the session must answer the same, JSON key
/// order included.
/// </summary>
public sealed class SampleContractDifferentialTests(SampleContractDifferentialTests.Servers servers) : IClassFixture<SampleContractDifferentialTests.Servers>
{
    private const string Secret = "sample-contract-differential-secret";

    [RequiresTheory(Requirement.Node)]
    [InlineData("demo", false)]
    [InlineData("admin", false)]
    [InlineData("nobody", false)]
    [InlineData("demo", true)]
    [InlineData("admin", true)]
    public async Task SignInReadUpdateSignOut_SampleAnswersAsNextAuthDoes(string username, bool secure)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var (nextAuth, sample, samplePublic) = secure ? servers.Secure : servers.Plain;
        var expected = await RunAsync(nextAuth.Origin, nextAuth.PublicOrigin, username);
        var actual = await RunAsync(sample.Address, samplePublic, username);

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{username}, response {i + 1}:\nnext-auth {expected[i]}\nsample    {actual[i]}");
        }
    }

    [RequiresTheory(Requirement.Node)]
    [InlineData("demo", true)]
    [InlineData("admin", true)]
    [InlineData("demo", false)]
    [InlineData("admin", false)]
    public async Task SessionCookie_MintedByOne_ReadsAsTheSameSessionOnTheOther(string username, bool mintedByNextAuth)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var (nextAuth, sample, _) = servers.Plain;
        var (minter, reader) = mintedByNextAuth ? (nextAuth.Origin, sample.Address) : (sample.Address, nextAuth.Origin);
        using var signedIn = new SesameTestClient(minter);
        var csrf = await signedIn.GetCsrfTokenAsync();
        (await signedIn.PostFormAsync("/api/auth/callback/credentials",
            [new("username", username), new("password", NextAuthReferenceServer.Password), new("csrfToken", csrf), new("json", "true")])).Dispose();

        using var other = new SesameTestClient(reader);
        other.SetCookie("next-auth.session-token", signedIn.Cookies["next-auth.session-token"]);
        using var own = await signedIn.GetAsync("/api/auth/session");
        using var read = await other.GetAsync("/api/auth/session");

        // the same user, custom fields (id, role) and key order; each server states its own expiry
        var expected = await ObservedResponse.FromAsync(own, minter);
        var actual = await ObservedResponse.FromAsync(read, reader);
        Assert.Equal(expected.Body, actual.Body);
        Assert.Contains("\"id\":", actual.Body, StringComparison.Ordinal);
    }

    private static async Task<List<ObservedResponse>> RunAsync(Uri origin, Uri publicOrigin, string username)
    {
        using var client = new SesameTestClient(origin);
        var csrf = await client.GetCsrfTokenAsync();
        var responses = new List<HttpResponseMessage>
        {
            await client.PostFormAsync("/api/auth/callback/credentials",
                [new("username", username), new("password", NextAuthReferenceServer.Password), new("csrfToken", csrf), new("json", "true")]),
            await client.GetAsync("/api/auth/session"),
            await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Renamed" } }),
            await client.GetAsync("/api/auth/providers"),
            await client.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")]),
            await client.GetAsync("/api/auth/session"),
        };

        var observed = new List<ObservedResponse>();
        foreach (var response in responses)
        {
            using (response)
            {
                observed.Add(await ObservedResponse.FromAsync(response, publicOrigin));
            }
        }

        return observed;
    }

    /// <summary>
    /// The sample (JWT strategy, Production) and the next-auth reference, once with http public URLs and once with https
    /// ones (both listening on http), started once for the class.
    /// </summary>
    public sealed class Servers : IAsyncLifetime
    {
        private readonly List<IAsyncDisposable> _started = [];
        private (NextAuthReferenceServer, SampleProcess, Uri)? _plain;
        private (NextAuthReferenceServer, SampleProcess, Uri)? _secure;

        internal (NextAuthReferenceServer NextAuth, SampleProcess Sample, Uri SamplePublicOrigin) Plain =>
            _plain ?? throw new InvalidOperationException(Requirements.Missing(Requirement.Node));

        internal (NextAuthReferenceServer NextAuth, SampleProcess Sample, Uri SamplePublicOrigin) Secure =>
            _secure ?? throw new InvalidOperationException(Requirements.Missing(Requirement.Node));

        public async Task InitializeAsync()
        {
            if (Requirements.Missing(Requirement.Node) is not null)
            {
                return; // the tests report it (and fail in CI)
            }

            _plain = await StartPairAsync(secure: false);
            _secure = await StartPairAsync(secure: true);
        }

        public async Task DisposeAsync()
        {
            foreach (var started in _started)
            {
                await started.DisposeAsync();
            }
        }

        private async Task<(NextAuthReferenceServer, SampleProcess, Uri)> StartPairAsync(bool secure)
        {
            var nextAuth = await NextAuthReferenceServer.StartAsync(Secret, secure, sampleContract: true);
            _started.Add(nextAuth);
            var port = NextAuthReferenceServer.FreePort();
            var publicOrigin = new Uri($"{(secure ? "https" : "http")}://127.0.0.1:{port}");
            var sample = SampleProcess.Start(
                new Dictionary<string, string?>
                {
                    ["AUTH_SECRET"] = Secret,
                    ["AUTH_URL"] = publicOrigin.ToString().TrimEnd('/'),
                    ["DEMO_PASSWORD"] = NextAuthReferenceServer.Password,
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                },
                port);
            _started.Add(sample);
            await sample.WaitUntilReadyAsync();
            return (nextAuth, sample, publicOrigin);
        }
    }
}

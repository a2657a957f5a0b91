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
    private const string Secret = "oxoYNXiF2MqLs5uDy59CZffvoH5PS7JArf0ncgx64DQ=";

    /// <summary>How the sample runs next to the reference.</summary>
    public enum Mode
    {
        /// <summary>JWT sessions, http public URL.</summary>
        Jwt,

        /// <summary>JWT sessions, https public URL (prefixed, Secure cookies).</summary>
        JwtSecure,

        /// <summary>
        /// Database sessions on a SQLite file (next-auth refuses credentials with database sessions, so its side stays
        /// JWT): what a client sees of the endpoints must not change with the strategy.
        /// </summary>
        Database,
    }

    [RequiresTheory(Requirement.Node)]
    [InlineData("demo", Mode.Jwt)]
    [InlineData("admin", Mode.Jwt)]
    [InlineData("nobody", Mode.Jwt)]
    [InlineData("demo", Mode.JwtSecure)]
    [InlineData("admin", Mode.JwtSecure)]
    [InlineData("demo", Mode.Database)]
    [InlineData("admin", Mode.Database)]
    [InlineData("nobody", Mode.Database)]
    public async Task SignInReadUpdateSignOut_SampleAnswersAsNextAuthDoes(string username, Mode mode)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var (nextAuth, sample, samplePublic) = servers[mode];
        var expected = await RunAsync(nextAuth.Origin, nextAuth.PublicOrigin, username, mode == Mode.Database);
        var actual = await RunAsync(sample.Address, samplePublic, username, mode == Mode.Database);

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
        var (nextAuth, sample, _) = servers[Mode.Jwt];
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

    private static async Task<List<ObservedResponse>> RunAsync(Uri origin, Uri publicOrigin, string username, bool databaseSessions)
    {
        using var client = new SesameTestClient(origin);
        var csrf = await client.GetCsrfTokenAsync();
        var responses = new List<HttpResponseMessage>
        {
            await client.PostFormAsync("/api/auth/callback/credentials",
                [new("username", username), new("password", NextAuthReferenceServer.Password), new("csrfToken", csrf), new("json", "true")]),
            await client.GetAsync("/api/auth/session"),
            // as next-auth's client does, the CSRF token is fetched before each call (Sesame renews it at sign-in)
            await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = "Renamed" } }),
            await client.GetAsync("/api/auth/providers"),
            await client.PostFormAsync("/api/auth/signout", [new("csrfToken", await client.GetCsrfTokenAsync()), new("json", "true")]),
            await client.GetAsync("/api/auth/session"),
        };

        var observed = new List<ObservedResponse>();
        foreach (var response in responses)
        {
            using (response)
            {
                observed.Add(await ObservedResponse.FromAsync(response, publicOrigin, databaseSessions));
            }
        }

        return observed;
    }

    /// <summary>
    /// The next-auth reference and the sample (Production) per <see cref="Mode"/>, all listening on http, started once for
    /// the class.
    /// </summary>
    public sealed class Servers : IAsyncLifetime
    {
        private readonly string _database = Path.Combine(Path.GetTempPath(), $"sesame-contract-{Guid.NewGuid():N}.db");
        private readonly List<IAsyncDisposable> _started = [];
        private readonly Dictionary<Mode, (NextAuthReferenceServer, SampleProcess, Uri)> _pairs = [];

        internal (NextAuthReferenceServer NextAuth, SampleProcess Sample, Uri SamplePublicOrigin) this[Mode mode] =>
            _pairs.TryGetValue(mode, out var pair) ? pair : throw new InvalidOperationException(Requirements.Missing(Requirement.Node));

        public async Task InitializeAsync()
        {
            if (Requirements.Missing(Requirement.Node) is not null)
            {
                return; // the tests report it (and fail in CI)
            }

            foreach (var mode in Enum.GetValues<Mode>())
            {
                _pairs[mode] = await StartPairAsync(mode);
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var started in _started)
            {
                await started.DisposeAsync();
            }

            File.Delete(_database);
        }

        private async Task<(NextAuthReferenceServer, SampleProcess, Uri)> StartPairAsync(Mode mode)
        {
            var secure = mode == Mode.JwtSecure;
            var nextAuth = await NextAuthReferenceServer.StartAsync(Secret, secure, sampleContract: true);
            _started.Add(nextAuth);
            var port = NextAuthReferenceServer.FreePort();
            var publicOrigin = new Uri($"{(secure ? "https" : "http")}://127.0.0.1:{port}");
            var environment = new Dictionary<string, string?>
            {
                ["AUTH_SECRET"] = Secret,
                ["AUTH_URL"] = publicOrigin.ToString().TrimEnd('/'),
                ["DEMO_PASSWORD"] = NextAuthReferenceServer.Password,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            };
            if (mode == Mode.Database)
            {
                environment["Sesame__Session__Strategy"] = "database";
                environment["ConnectionStrings__Sesame"] = $"Data Source={_database}";
            }

            var sample = SampleProcess.Start(environment, port);
            _started.Add(sample);
            await sample.WaitUntilReadyAsync();
            return (nextAuth, sample, publicOrigin);
        }
    }
}

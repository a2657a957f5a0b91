using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Providers;
using Sesame.Providers.Credentials;
using Sesame.Stores;
using Sesame.Testing;

namespace Sesame.Tests.Interop;

/// <summary>
/// The same request sequences against the real next-auth 4.24.15 handler and against Sesame configured the same way
/// (secret, credentials provider <c>credentials</c> named "Demo", user <c>demo</c>, JWT sessions, no callbacks), each on
/// its own origin, in every <see cref="Setup"/>: every response must match in status, <c>Location</c>, media type, body
/// (JSON with its key order, the origin, CSRF tokens and expiry instants normalised), cache headers and
/// <c>Set-Cookie</c> names, attributes and callback URLs (see <see cref="ObservedResponse"/>). HTML pages are compared by
/// status and media type only.
/// </summary>
public sealed class NextAuthDifferentialTests(NextAuthDifferentialTests.Servers servers) : IClassFixture<NextAuthDifferentialTests.Servers>
{
    private const string Secret = "gLgGpIa/yi3UX/ZCyOjIyCYffQ54l+V495xenpc1fME=";

    // The plain pair's origins, for the facts below.
    private Uri NextAuthOrigin => servers[Setup.Plain].NextAuth.Origin;

    private Uri SesameOrigin => servers[Setup.Plain].SesameOrigin;

    /// <summary>The configurations every scenario runs in.</summary>
    public enum Setup
    {
        /// <summary>An http public URL.</summary>
        Plain,

        /// <summary>An https public URL: prefixed, Secure cookies.</summary>
        Secure,

        /// <summary>next-auth's <c>pages</c> option with every page set.</summary>
        CustomPages,

        /// <summary>
        /// A <c>signIn</c> callback that refuses one user and redirects two others (the seed's MFA step, another site),
        /// and a <c>redirect</c> callback that lets a partner site's callback URLs through.
        /// </summary>
        SignInCallback,
    }

    /// <summary>Every scenario in every set-up.</summary>
    public static TheoryData<string, Setup> Scenarios()
    {
        var data = new TheoryData<string, Setup>();
        foreach (var scenario in ScenarioSteps.Keys)
        {
            foreach (var setup in Enum.GetValues<Setup>())
            {
                data.Add(scenario, setup);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<Step, Task<IReadOnlyList<HttpResponseMessage>>>> ScenarioSteps = new()
    {
        ["csrf, then csrf again"] = async c => [await c.GetAsync("/api/auth/csrf"), await c.GetAsync("/api/auth/csrf")],
        ["providers"] = async c => [await c.GetAsync("/api/auth/providers")],
        ["session without cookie"] = async c => [await c.GetAsync("/api/auth/session")],
        ["session with a foreign token"] = async c =>
        {
            c.SetCookie(c.Name("session-token"), "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA");
            return [await c.GetAsync("/api/auth/session")];
        },
        ["sign in (json), then session"] = async c => [await SignInAsync(c.Client, "demo", json: true), await c.GetAsync("/api/auth/session")],
        ["sign in (redirect) to /dash"] = async c => [await SignInAsync(c.Client, "demo", json: false, callbackUrl: "/dash")],
        ["sign in to another origin"] = async c => [await SignInAsync(c.Client, "demo", json: true, callbackUrl: "https://evil.example/x")],
        ["wrong password (json)"] = async c => [await SignInAsync(c.Client, "demo", json: true, password: "nope")],
        ["wrong password (redirect)"] = async c => [await SignInAsync(c.Client, "demo", json: false, password: "nope")],
        ["wrong csrf token (json)"] = async c => [await SignInAsync(c.Client, "demo", json: true, csrfToken: new string('0', 64))],
        ["wrong csrf token (redirect)"] = async c => [await SignInAsync(c.Client, "demo", json: false, csrfToken: new string('0', 64))],
        ["json as a JSON boolean"] = async c =>
        {
            var csrf = await c.GetCsrfTokenAsync();
            return [await c.PostJsonAsync("/api/auth/callback/credentials", new JsonObject { ["csrfToken"] = csrf, ["username"] = "demo", ["password"] = NextAuthReferenceServer.Password, ["json"] = true })];
        },
        ["sign in and out with JSON bodies"] = async c =>
        {
            var csrf = await c.GetCsrfTokenAsync();
            var signIn = await c.PostJsonAsync("/api/auth/callback/credentials", new JsonObject
            {
                ["csrfToken"] = csrf, ["username"] = "demo", ["password"] = NextAuthReferenceServer.Password, ["json"] = "true", ["callbackUrl"] = "/dash",
            });
            var session = await c.GetAsync("/api/auth/session");
            // as next-auth's client does, the CSRF token is fetched before each call (Sesame renews it at sign-in)
            var signOut = await c.PostJsonAsync("/api/auth/signout", new JsonObject { ["csrfToken"] = await c.GetCsrfTokenAsync(), ["json"] = "true" });
            return [signIn, session, signOut, await c.GetAsync("/api/auth/session")];
        },
        ["long inputs"] = async c =>
        [
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "/dash?q=" + new string('q', 3000)),
            await c.GetAsync("/api/auth/csrf?callbackUrl=" + Uri.EscapeDataString("/x?" + new string('y', 2000))),
            await SignInAsync(c.Client, new string('u', 10_000), json: true, password: new string('p', 10_000)),
            await c.GetAsync("/api/auth/error?error=" + new string('E', 2000)),
        ],
        ["non-ASCII and spaces in callback URLs"] = async c =>
        [
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "/café?q=a b"),
            await c.GetAsync("/api/auth/csrf"),
        ],
        ["update the session"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            var csrf = await c.GetCsrfTokenAsync();
            return [await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Bob" } })];
        },
        ["update with a wrong csrf token"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            return [await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = "nope", ["data"] = new JsonObject { ["name"] = "Bob" } })];
        },
        ["sign out (json), then session"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            var csrf = await c.GetCsrfTokenAsync();
            return [await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", "/bye"), new("json", "true")]), await c.GetAsync("/api/auth/session")];
        },
        ["sign out to other places"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            var csrf = await c.GetCsrfTokenAsync();
            var evil = await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", "https://evil.example/x"), new("json", "true")]);
            await SignInAsync(c.Client, "demo", json: true);
            csrf = await c.GetCsrfTokenAsync();
            var partner = await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", "https://partner.example/bye")]);
            return [evil, partner];
        },
        ["sign out with a wrong csrf token"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            await c.GetCsrfTokenAsync();
            return [await c.PostFormAsync("/api/auth/signout", [new("csrfToken", "nope")])];
        },
        ["sign out without a session"] = async c =>
        {
            var csrf = await c.GetCsrfTokenAsync();
            return [await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("callbackUrl", "/bye")])];
        },
        ["POST signin to the credentials provider and to an unknown one"] = async c =>
        {
            var csrf = await c.GetCsrfTokenAsync();
            return
            [
                await c.PostFormAsync("/api/auth/signin/credentials", [new("csrfToken", csrf)]),
                await c.PostFormAsync("/api/auth/signin/doesnotexist", [new("csrfToken", csrf), new("json", "true")]),
            ];
        },
        ["pages"] = async c =>
        [
            await c.GetAsync("/api/auth/signin"),
            await c.GetAsync("/api/auth/signin/github"),
            await c.GetAsync("/api/auth/signout"),
            await c.GetAsync("/api/auth/verify-request"),
        ],
        ["error page per code"] = async c =>
        [
            await c.GetAsync("/api/auth/error"),
            await c.GetAsync("/api/auth/error?error=AccessDenied"),
            await c.GetAsync("/api/auth/error/Verification"),
            await c.GetAsync("/api/auth/error?error=Configuration"),
            await c.GetAsync("/api/auth/error?error=CredentialsSignin"),
            await c.GetAsync("/api/auth/error?error=Foo"),
        ],
        ["unsupported actions and methods"] = async c =>
        [
            await c.GetAsync("/api/auth/unknown"),
            await c.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/auth/session")),
            await c.GetAsync("/api/auth/callback/credentials"),
            await c.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/session")),
            await c.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/auth/csrf")),
            await c.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/auth/signout")),
        ],
        ["garbage session chunks"] = async c =>
        {
            c.SetCookie(c.Name("session-token") + ".0", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA");
            c.SetCookie(c.Name("session-token") + ".1", "BBBB.CCCC");
            return [await c.GetAsync("/api/auth/session")];
        },
        ["sign out with stale chunks next to the session cookie"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            c.SetCookie(c.Name("session-token") + ".0", "stale");
            c.SetCookie(c.Name("session-token") + ".1", "stale");
            var csrf = await c.GetCsrfTokenAsync();
            return [await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")])];
        },
        ["signIn callback: refused, MFA step, another site (json and redirect)"] = async c =>
        [
            await SignInAsync(c.Client, "denied", json: true),
            await SignInAsync(c.Client, "denied", json: false),
            await SignInAsync(c.Client, "mfa", json: true),
            await SignInAsync(c.Client, "mfa", json: false),
            await SignInAsync(c.Client, "elsewhere", json: true),
            await c.GetAsync("/api/auth/session"),
        ],
        ["a session too big for one cookie: sign in, read, sign out"] = async c =>
        {
            var signIn = await SignInAsync(c.Client, "big", json: true);
            var session = await c.GetAsync("/api/auth/session");
            var csrf = await c.GetCsrfTokenAsync();
            return [signIn, session, await c.PostFormAsync("/api/auth/signout", [new("csrfToken", csrf), new("json", "true")])];
        },
        ["callback URLs a redirect callback may let through"] = async c =>
        [
            await c.GetAsync("/api/auth/csrf?callbackUrl=https%3A%2F%2Fpartner.example%2Fback"),
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "https://partner.example/x"),
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "https://partner.example.evil/x"),
        ],
        ["session updates with odd data"] = async c =>
        {
            await SignInAsync(c.Client, "demo", json: true);
            var csrf = await c.GetCsrfTokenAsync();
            return
            [
                await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = 123 } }),
                await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = "just a string" }),
                await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = null }),
                await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf }),
                await c.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = new string('N', 6000) } }),
                await c.GetAsync("/api/auth/session"),
            ];
        },
        ["tampered csrf cookie"] = async c =>
        {
            c.SetCookie(c.Name("csrf-token"), new string('a', 64) + "|" + new string('b', 64));
            return [await c.GetAsync("/api/auth/csrf")];
        },
        ["sign in without any csrf cookie"] = async c =>
            [await c.PostFormAsync("/api/auth/callback/credentials", [new("username", "demo"), new("password", NextAuthReferenceServer.Password), new("csrfToken", new string('0', 64)), new("json", "true")])],
        ["look-alike callback URLs"] = async c =>
        [
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "//evil.example/x"),
            await SignInAsync(c.Client, "demo", json: true, callbackUrl: "/dash?x=1#y"),
        ],
        ["callback-url cookie from another origin"] = async c =>
        {
            c.SetCookie(c.Name("callback-url"), "https://evil.example/");
            return [await c.GetAsync("/api/auth/csrf")];
        },
        ["callback URL remembered in its cookie between the sign-in page and the sign-in"] = async c =>
        [
            await c.GetAsync("/api/auth/signin?callbackUrl=%2Ffrom-cookie%3Fx%3D1"),
            await SignInAsync(c.Client, "demo", json: true),
            await SignInAsync(c.Client, "demo", json: false),
        ],
        ["sign-in page with a callback URL"] = async c => [await c.GetAsync("/api/auth/signin?callbackUrl=%2Fdash")],
        ["pages with queries"] = async c =>
        [
            await c.GetAsync("/api/auth/signin?error=SessionRequired"),
            await c.GetAsync("/api/auth/signin/credentials?callbackUrl=%2Fx"),
            await c.GetAsync("/api/auth/verify-request?provider=email&type=email"),
            await c.GetAsync("/api/auth/error?error=Verification&x=1"),
            await c.GetAsync("/api/auth/signin?callbackUrl=javascript:alert(1)"),
        ],
        ["client log"] = async c => [await c.PostFormAsync("/api/auth/_log", [new("level", "error"), new("code", "X")])],
        // Only in the query: a javascript: callback-url cookie is replaced by Sesame where next-auth answers 500 (README).
        ["javascript: callback URL in the query"] = async c => [await c.GetAsync("/api/auth/session?callbackUrl=javascript:alert(1)")],
    };

    [RequiresTheory(Requirement.Node)]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_SesameAnswersAsNextAuthDoes(string scenario, Setup setup)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var pair = servers[setup];
        var secure = setup == Setup.Secure;
        var expected = await RunAsync(scenario, pair.NextAuth.Origin, pair.NextAuth.PublicOrigin, secure);
        var actual = await RunAsync(scenario, pair.SesameOrigin, pair.SesamePublicOrigin, secure);

        // the reference's own crash answer means the reference is broken, not that the two agree
        Assert.DoesNotContain(expected, response => response.Body == "Internal Server Error");

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Equals(actual[i]), $"{scenario}, response {i + 1}:\nnext-auth {expected[i]}\nSesame    {actual[i]}");
        }
    }

    [RequiresTheory(Requirement.Node)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SessionCookie_MintedByOneServer_IsTheSameSessionOnTheOther(bool mintedByNextAuth)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var (minter, reader) = mintedByNextAuth ? (NextAuthOrigin, SesameOrigin) : (SesameOrigin, NextAuthOrigin);
        using var signedIn = new SesameTestClient(minter);
        (await SignInAsync(signedIn, "demo", json: true)).Dispose();
        var token = signedIn.Cookies["next-auth.session-token"];

        using var other = new SesameTestClient(reader);
        other.SetCookie("next-auth.session-token", token);
        var session = await other.GetSessionAsync();
        var own = await signedIn.GetSessionAsync();

        Assert.Equal("Demo User", session!["user"]!["name"]!.GetValue<string>());
        own!.AsObject().Remove("expires");
        session.AsObject().Remove("expires");
        Assert.True(JsonNode.DeepEquals(own, session), $"{own.ToJsonString()} vs {session.ToJsonString()}");
    }

    [RequiresTheory(Requirement.Node)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ChunkedSessionCookies_MintedByOneServer_AreTheSameSessionOnTheOther(bool mintedByNextAuth)
    {
        Assert.Null(Requirements.Missing(Requirement.Node));
        var pair = servers[Setup.SignInCallback];
        var (minter, reader) = mintedByNextAuth ? (pair.NextAuth.Origin, pair.SesameOrigin) : (pair.SesameOrigin, pair.NextAuth.Origin);
        using var signedIn = new SesameTestClient(minter);
        (await SignInAsync(signedIn, "big", json: true)).Dispose();
        var chunks = signedIn.Cookies.Where(c => c.Key.StartsWith("next-auth.session-token.", StringComparison.Ordinal)).ToList();

        using var other = new SesameTestClient(reader);
        foreach (var (name, value) in chunks)
        {
            other.SetCookie(name, value);
        }

        var session = await other.GetSessionAsync();

        Assert.True(chunks.Count >= 2, $"{chunks.Count} chunks");
        Assert.Equal(new string('B', 5000), session!["user"]!["name"]!.GetValue<string>());
        Assert.Equal("big@example.com", session["user"]!["email"]!.GetValue<string>());
    }

    [RequiresTheory(Requirement.Node)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DuplicateSessionCookies_NextAuthBehindPagesRouterTakesTheFirst_SesameTheLast(bool validFirst)
    {
        // Two cookies of one name in one header: next-auth's Pages Router adapter parses cookies with the `cookie`
        // package (first wins; checked against a real Next.js 15.5 server), its App Router adapter with Next's
        // RequestCookies (a Map: last wins). Sesame answers as ASP.NET Core and the App Router do.
        Assert.Null(Requirements.Missing(Requirement.Node));
        foreach (var origin in new[] { NextAuthOrigin, SesameOrigin })
        {
            using var client = new SesameTestClient(origin);
            (await SignInAsync(client, "demo", json: true)).Dispose();
            var valid = client.Cookies["next-auth.session-token"];
            client.RemoveCookie("next-auth.session-token");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
            request.Headers.TryAddWithoutValidation("Cookie", validFirst
                ? $"next-auth.session-token={valid}; next-auth.session-token=stale"
                : $"next-auth.session-token=stale; next-auth.session-token={valid}");

            using var response = await client.SendAsync(request);
            var signedIn = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject().ContainsKey("user");

            Assert.Equal(origin == SesameOrigin ? !validFirst : validFirst, signedIn);
        }
    }

    /// <summary>Callback URLs that probe the same-origin rule; ORIGIN stands for the server's own origin.</summary>
    public static TheoryData<string> TrickyCallbackUrls() =>
    [
        "/dash", "dash", "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/%2F/evil.example",
        "/..//evil.example", "/\t/evil.example", "\t/dash", " /dash", "?x=1", "#frag", "", "http:/evil.example",
        "https:evil.example", "ORIGIN/x", "ORIGIN.evil.example/x", "ORIGIN@evil.example/", "http://user@ORIGINHOST/x",
        "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "https://evil.example/ORIGIN",
    ];

    [RequiresTheory(Requirement.Node)]
    [MemberData(nameof(TrickyCallbackUrls))]
    public async Task TrickyCallbackUrl_SesameStaysOnItsOrigin_WhereverNextAuthDoes(string pattern)
    {
        // next-auth answers 500 for URLs it cannot parse ("dash", "?x=1", a port with a host after it); Sesame sends
        // those to its origin. Whatever next-auth does, Sesame's answer is on its own origin.
        Assert.Null(Requirements.Missing(Requirement.Node));
        foreach (var origin in new[] { NextAuthOrigin, SesameOrigin })
        {
            var callbackUrl = pattern.Replace("ORIGINHOST", origin.Authority, StringComparison.Ordinal)
                .Replace("ORIGIN", origin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
            using var client = new SesameTestClient(origin);
            using var response = await SignInAsync(client, "demo", json: true, callbackUrl: callbackUrl);
            if (origin == NextAuthOrigin && response.StatusCode == HttpStatusCode.InternalServerError)
            {
                continue; // next-auth could not parse it
            }

            var url = new Uri(origin, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(
                string.Equals($"{url.Scheme}://{url.Authority}", origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase) &&
                (origin == NextAuthOrigin || url.UserInfo.Length == 0), // Sesame also drops user-info (README)
                $"{(origin == SesameOrigin ? "Sesame" : "next-auth")} sent {callbackUrl} to {url}");
        }
    }

    [RequiresFact(Requirement.Node)]
    public async Task BackslashCallbackUrl_BothStayOnTheOrigin_SesameDropsThePath()
    {
        // A documented difference (README, "Stricter redirects"): next-auth appends "/\evil.example/x" to its origin,
        // which browsers read as a path on that origin; Sesame sends such a URL to the origin itself.
        Assert.Null(Requirements.Missing(Requirement.Node));
        foreach (var origin in new[] { NextAuthOrigin, SesameOrigin })
        {
            using var client = new SesameTestClient(origin);
            using var response = await SignInAsync(client, "demo", json: true, callbackUrl: "/\\evil.example/x");
            var url = new Uri(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>());

            Assert.Equal(origin.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            Assert.Equal(origin == SesameOrigin ? "/" : "//evil.example/x", url.AbsolutePath);
        }
    }

    private static async Task<List<ObservedResponse>> RunAsync(string scenario, Uri origin, Uri publicOrigin, bool secure)
    {
        using var client = new SesameTestClient(origin);
        var responses = await ScenarioSteps[scenario](new Step(client, secure));
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

    private static async Task<HttpResponseMessage> SignInAsync(SesameTestClient client, string username, bool json, string? callbackUrl = null, string password = NextAuthReferenceServer.Password, string? csrfToken = null)
    {
        var csrf = await client.GetCsrfTokenAsync();
        var fields = new List<KeyValuePair<string, string>> { new("username", username), new("password", password), new("csrfToken", csrfToken ?? csrf) };
        if (json)
        {
            fields.Add(new("json", "true"));
        }

        if (callbackUrl is not null)
        {
            fields.Add(new("callbackUrl", callbackUrl));
        }

        return await client.PostFormAsync("/api/auth/callback/credentials", fields);
    }


    /// <summary>A pair of servers per set-up, started once for all the tests of the class.</summary>
    public sealed class Servers : IAsyncLifetime
    {
        private readonly Dictionary<Setup, Pair> _pairs = [];

        internal Pair this[Setup setup] => _pairs.TryGetValue(setup, out var pair)
            ? pair
            : throw new InvalidOperationException("Node.js or the interop packages are missing: " + Requirements.Missing(Requirement.Node));

        public async Task InitializeAsync()
        {
            if (Requirements.Missing(Requirement.Node) is not null)
            {
                return; // the tests report it (and fail in CI)
            }

            foreach (var setup in Enum.GetValues<Setup>())
            {
                _pairs[setup] = await Pair.StartAsync(setup);
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var pair in _pairs.Values)
            {
                await pair.DisposeAsync();
            }
        }
    }

    /// <summary>A scenario's client, with the cookie names of the set-up under test (secure cookies carry a prefix).</summary>
    private sealed class Step(SesameTestClient client, bool secure)
    {
        public SesameTestClient Client => client;

        /// <summary>next-auth's name for one of its cookies: <c>csrf-token</c>, <c>session-token</c>, <c>callback-url</c>.</summary>
        public string Name(string cookie) =>
            (secure ? cookie == "csrf-token" ? "__Host-" : "__Secure-" : "") + "next-auth." + cookie;

        public void SetCookie(string name, string value) => client.SetCookie(name, value);

        public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => client.SendAsync(request);

        public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) => client.PostFormAsync(path, fields);

        public Task<HttpResponseMessage> PostJsonAsync(string path, JsonNode body) => client.PostJsonAsync(path, body);

        public Task<string> GetCsrfTokenAsync() => client.GetCsrfTokenAsync();
    }

    /// <summary>The next-auth reference and a Sesame app configured alike, each listening on http, with http or https public URLs.</summary>
    internal sealed class Pair(NextAuthReferenceServer nextAuth, WebApplication sesame, Uri sesameOrigin, Uri sesamePublicOrigin) : IAsyncDisposable
    {
        public NextAuthReferenceServer NextAuth => nextAuth;

        public Uri SesameOrigin => sesameOrigin;

        public Uri SesamePublicOrigin => sesamePublicOrigin;

        public static async Task<Pair> StartAsync(Setup setup)
        {
            var secure = setup == Setup.Secure;
            var nextAuth = await NextAuthReferenceServer.StartAsync(Secret, secure, customPages: setup == Setup.CustomPages, signInCallback: setup == Setup.SignInCallback);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await StartSesameAsync(nextAuth, setup);
                }
                catch (IOException) when (attempt < 3)
                {
                    // the free port was taken before Kestrel bound it: try another
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await sesame.DisposeAsync();
            await nextAuth.DisposeAsync();
        }

        private static async Task<Pair> StartSesameAsync(NextAuthReferenceServer nextAuth, Setup setup)
        {
            var secure = setup == Setup.Secure;
            var port = NextAuthReferenceServer.FreePort();
            var origin = new Uri($"http://127.0.0.1:{port}");
            var publicOrigin = new Uri($"{(secure ? "https" : "http")}://127.0.0.1:{port}");
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(origin.ToString());
            builder.Logging.ClearProviders();
            builder.Services.AddSesame(options =>
                {
                    options.Secrets.Add(Secret);
                    options.Url = publicOrigin;
                    if (setup == Setup.CustomPages)
                    {
                        options.Pages.SignIn = "/login";
                        options.Pages.SignOut = "/bye";
                        options.Pages.Error = "/oops";
                        options.Pages.VerifyRequest = "/check";
                        options.Pages.NewUser = "/welcome";
                    }

                    if (setup == Setup.SignInCallback)
                    {
                        options.Callbacks.OnSignIn = context =>
                        {
                            switch (context.User.Id)
                            {
                                case "denied": context.Deny(); break;
                                case "mfa": context.RedirectTo("/auth/verify-mfa"); break;
                                case "elsewhere": context.RedirectTo("https://other.example/x"); break;
                            }

                            return Task.CompletedTask;
                        };
                        options.Callbacks.OnRedirect = context =>
                        {
                            if (context.Url.StartsWith("https://partner.example/", StringComparison.Ordinal))
                            {
                                context.Result = context.Url;
                            }
                        };
                    }
                })
                .AddCredentials(provider =>
                {
                    provider.Name = "Demo";
                    provider.Fields.Add(new CredentialField("username", "Username", "text"));
                    provider.Fields.Add(new CredentialField("password", "Password", "password"));
                    provider.Authorize = context => Task.FromResult(
                        context["password"] != NextAuthReferenceServer.Password ? null
                        : context["username"] == "demo" ? new SesameUser { Id = "1", Name = "Demo User", Email = "demo@example.com", Image = null }
                        : setup == Setup.SignInCallback && context["username"] == "big"
                            ? new SesameUser { Id = "big", Name = new string('B', 5000), Email = "big@example.com", Image = null }
                        : setup == Setup.SignInCallback && context["username"] is "denied" or "mfa" or "elsewhere"
                            ? new SesameUser { Id = context["username"]!, Name = context["username"], Email = $"{context["username"]}@example.com", Image = null }
                        : null);
                });
            var sesame = builder.Build();
            sesame.MapSesame();
            try
            {
                await sesame.StartAsync();
            }
            catch
            {
                await sesame.DisposeAsync();
                throw;
            }

            return new Pair(nextAuth, sesame, origin, publicOrigin);
        }
    }
}

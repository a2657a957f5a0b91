using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Events;
using Sesame.Jwt;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Jwt;

namespace Sesame.Tests.Endpoints;

public sealed class SessionEndpointTests
{
    private const string SessionCookie = "next-auth.session-token";

    [Fact]
    public async Task Session_NoCookie_ReturnsEmptyObjectWithCacheHeadersAndInitCookies()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(client.LastSetCookie("next-auth.csrf-token"));
        Assert.NotNull(client.LastSetCookie("next-auth.callback-url"));
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task Session_AfterSignIn_ReturnsUserAndExpiryWithoutRewritingTheCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        var signedInAt = app.Time.GetUtcNow();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(TimeSpan.FromHours(1));

        var session = (await client.GetSessionAsync())!;

        Assert.Equal("Alice", session["user"]!["name"]!.GetValue<string>());
        Assert.Equal("alice@example.com", session["user"]!["email"]!.GetValue<string>());
        Assert.Equal("https://example.com/a.png", session["user"]!["image"]!.GetValue<string>());
        // Not re-issued: the session still ends when the token does, 30 days after sign-in (whole seconds, as in the token).
        Assert.Equal(Iso(TruncateToSeconds(signedInAt) + TimeSpan.FromDays(30)), session["expires"]!.GetValue<string>());
        Assert.Null(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task Session_SignedIn_AnswersJsonWithContentLengthAndCacheHeaders()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var response = await client.GetAsync("/api/auth/session");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.StartsWith("""{"user":{"name":"Alice","email":"alice@example.com","image":"https://example.com/a.png"},"expires":""", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        Assert.Equal("private, no-cache, no-store", response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("0", response.Content.Headers.GetValues("Expires").Single());
    }

    [Fact]
    public async Task Session_AfterUpdateAge_ReissuesCookieWithSlidExpiry()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var firstToken = client.Cookies[SessionCookie];
        app.Time.Advance(TimeSpan.FromHours(25));
        var now = app.Time.GetUtcNow();

        var session = (await client.GetSessionAsync())!;

        Assert.Equal(Iso(now + TimeSpan.FromDays(30)), session["expires"]!.GetValue<string>());
        var cookie = client.LastSetCookie(SessionCookie)!;
        Assert.Equal((now + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
        Assert.NotEqual(firstToken, client.Cookies[SessionCookie]);
        var claims = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.Equal(now.ToUnixTimeSeconds(), claims.IssuedAt);
        Assert.Equal((now + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), claims.ExpiresAt);
        Assert.Equal("u1", claims.Subject);
    }

    [Fact]
    public async Task Session_UpdateAgeZero_ReissuesOnEveryRead()
    {
        await using var app = await TestApp.StartAsync(o => o.Session.UpdateAge = TimeSpan.Zero);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        await client.GetSessionAsync();

        Assert.NotNull(client.LastSetCookie(SessionCookie));
    }

    [Fact]
    public async Task Session_ExpiredBeyondClockTolerance_ReturnsEmptyAndClearsCookie()
    {
        await using var app = await TestApp.StartAsync(o => o.Session.MaxAge = TimeSpan.FromHours(1));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(20));

        var session = await client.GetSessionAsync();

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
        Assert.False(client.Cookies.ContainsKey(SessionCookie));
    }

    [Fact]
    public async Task Session_BrowserWithAllItsCookies_SetsNoCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        for (var i = 0; i < 2; i++)
        {
            await client.GetSessionAsync();
            Assert.Empty(client.LastSetCookies);
        }

        // as a browser sends them back: encoded as they were set
        using var http = new HttpClient { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
        request.Headers.Add("Cookie", $"next-auth.csrf-token={Uri.EscapeDataString(client.Cookies["next-auth.csrf-token"])}; " +
            $"next-auth.callback-url={Uri.EscapeDataString(client.Cookies["next-auth.callback-url"])}; {SessionCookie}={client.Cookies[SessionCookie]}");
        Assert.Contains("%7C", request.Headers.GetValues("Cookie").Single(), StringComparison.Ordinal);
        using var response = await http.SendAsync(request);

        Assert.Contains("Alice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Session_TokenReadBeforeAndExpiredSince_ReturnsEmptyAndClearsCookie()
    {
        await using var app = await TestApp.StartAsync(o => o.Session.MaxAge = TimeSpan.FromHours(1));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
        }

        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(20));
        var session = await client.GetSessionAsync();

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("chunked")]
    [InlineData("escaped")]
    [InlineData("extra-cookies")]
    public async Task Session_SameTokenSentInOtherForms_IsReadTheSame(string form)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies[SessionCookie];
        await client.GetSessionAsync();
        var header = form switch
        {
            "plain" => $"{SessionCookie}={token}",
            "chunked" => $"{SessionCookie}.0={token[..100]}; {SessionCookie}.1={token[100..]}",
            "escaped" => $"{SessionCookie}={token.Replace(".", "%2E", StringComparison.Ordinal)}",
            _ => $"a=1; {SessionCookie}=garbage; b=\"2\"; {SessionCookie}={token}",
        };

        using var http = new HttpClient { BaseAddress = app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/session");
        request.Headers.Add("Cookie", header);
        using var response = await http.SendAsync(request);

        Assert.Equal("Alice", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_ExpiredWithinClockTolerance_IsStillAccepted()
    {
        await using var app = await TestApp.StartAsync(o => o.Session.MaxAge = TimeSpan.FromHours(1));
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(10));

        var session = await client.GetSessionAsync();

        Assert.Equal("Alice", session!["user"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("foreign-secret")]
    [InlineData("expired-vector")]
    [InlineData("alg-none")]
    public async Task Session_BadToken_ReturnsEmptyAndClearsCookie(string kind)
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var good = client.Cookies[SessionCookie];
        var bad = kind switch
        {
            "tampered" => good[..^6] + (good[^6] == 'A' ? 'B' : 'A') + good[^5..],
            "truncated" => good[..(good.Length / 2)],
            "garbage" => "not.a.jwe.at.all",
            "foreign-secret" => new NextAuthJwtCodec(["another-secret"], JwtFormat.NextAuthV4, app.Time).Encode(new JwtClaims { Subject = "u1" }, TimeSpan.FromDays(1), ""),
            "expired-vector" => JwtVectors.Vector("v4", "negative", "v4-neg-expired").String("token"),
            "alg-none" => "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        client.SetCookie(SessionCookie, bad);
        app.Time.SetUtcNow(JwtVectors.GeneratedAt);

        using var response = await client.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
    }

    [Fact]
    public async Task Session_TokenMintedByNextAuth_IsRead()
    {
        var vector = JwtVectors.Vector("v4", "session", "v4-session-ascii-ascii-basic");
        await using var app = await StartWithVectorSecretAsync(vector);
        using var client = app.CreateClient();
        client.SetCookie(SessionCookie, vector.String("token"));

        var session = (await client.GetSessionAsync())!;

        Assert.Equal("Alice Example", session["user"]!["name"]!.GetValue<string>());
        Assert.Equal("alice@example.com", session["user"]!["email"]!.GetValue<string>());
        Assert.Equal("https://example.com/alice.png", session["user"]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_ManyConcurrentReadsOfDifferentUsers_EachGetsItsOwnSession()
    {
        // Pooled buffers, the decoded-token memo and the CSRF memo are shared by all requests: no answer may carry another
        // request's data. Bodies of different sizes (one user has a large custom field) cross the buffer's growth too.
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnSession = context =>
        {
            if (context.Session.User.Email == "admin@example.com")
            {
                context.Session.User.Set("note", new string('n', 3000));
            }

            return Task.CompletedTask;
        });
        using var alice = app.CreateClient();
        using var admin = app.CreateClient();
        await alice.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        await admin.SignInWithCredentialsAsync(TestUsers.Form("admin"));

        var reads = Enumerable.Range(0, 400).Select(async i =>
        {
            var (client, email) = i % 2 == 0 ? (alice, "alice@example.com") : (admin, "admin@example.com");
            var session = await client.GetSessionAsync();
            return (email, actual: session?["user"]?["email"]?.GetValue<string>(), note: session?["user"]?["note"]?.GetValue<string>());
        });
        var results = await Task.WhenAll(reads);

        Assert.All(results, r => Assert.Equal(r.email, r.actual));
        Assert.All(results, r => Assert.Equal(r.email == "admin@example.com" ? 3000 : 0, r.note?.Length ?? 0));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(5_000)]
    [InlineData(40_000)]
    public async Task Session_LargeSessionData_IsAnsweredWhole(int length)
    {
        // Bodies past the first 512-byte buffer once failed: the buffer writer handed out a slice of the array it had
        // just replaced. Every size, twice (the second response reuses a pooled buffer).
        var permissions = new string('p', length);
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnSession = context =>
        {
            context.Session.User.Set("permissions", permissions);
            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync("/api/auth/session");
            var session = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(permissions, session["user"]!["permissions"]!.GetValue<string>());
            Assert.Equal("Alice", session["user"]!["name"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("v4-session-base64_32-empty", new string[0], new[] { "name", "email", "image" })]
    [InlineData("v4-session-ascii-custom-claims", new[] { "name", "email", "image" }, new string[0])]
    public async Task Session_TokenMintedByNextAuth_ShowsNullClaimsAsNullAndLeavesAbsentOnesOut(string id, string[] present, string[] absent)
    {
        // next-auth builds user { name, email, image } from the token: a claim that is null shows as null, one the token
        // does not have is undefined, which JSON.stringify leaves out ({"user":{}} for a token with no profile claims).
        var vector = JwtVectors.Vector("v4", "session", id);
        // next-auth's vectors use weak secrets ("test-secret"): accepted in Development only.
        await using var app = await StartWithVectorSecretAsync(vector);
        using var client = app.CreateClient();
        client.SetCookie(SessionCookie, vector.String("token"));

        var user = (await client.GetSessionAsync())!["user"]!.AsObject();

        Assert.All(present, name => Assert.True(user.ContainsKey(name), name));
        Assert.All(absent, name => Assert.False(user.ContainsKey(name), name));
        Assert.Equal(present.Length, user.Count - user.Count(p => p.Key is not ("name" or "email" or "image")));
    }

    [Theory]
    [InlineData("v4-session-base64_32-empty", false)]
    [InlineData("v4-session-ascii-custom-claims", true)]
    public async Task Session_ReissuedTokenMintedByNextAuth_KeepsNullClaimsAndAbsentOnesAsTheyWere(string id, bool hasProfileClaims)
    {
        var vector = JwtVectors.Vector("v4", "session", id);
        await using var app = await TestApp.StartAsync(
            o =>
            {
                o.Secrets.Clear();
                o.Secrets.Add(vector.String("secret"));
                o.Session.UpdateAge = TimeSpan.Zero;
            },
            environment: "Development");
        using var client = app.CreateClient();
        client.SetCookie(SessionCookie, vector.String("token"));
        app.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(vector["decodedPayload"]!["iat"]!.GetValue<long>()) + TimeSpan.FromHours(1));

        await client.GetSessionAsync();
        var reissued = Codec(app).Decode(client.LastSetCookie(SessionCookie)!.Value.ToString(), "")!;

        Assert.Equal(hasProfileClaims, reissued.Has(ProfileClaims.Name | ProfileClaims.Email | ProfileClaims.Picture));
        Assert.Equal(hasProfileClaims ? ProfileClaims.Subject | ProfileClaims.Name | ProfileClaims.Email | ProfileClaims.Picture : ProfileClaims.None, reissued.PresentProfileClaims);
        Assert.Null(reissued.Picture);
    }

    [Fact]
    public async Task Session_ChunkedTokenMintedByNextAuth_IsReassembledAndReissuedInChunks()
    {
        var vector = JwtVectors.Vector("v4", "session", "v4-session-ascii-large-chunked");
        await using var app = await StartWithVectorSecretAsync(vector);
        using var client = app.CreateClient();
        foreach (var chunk in vector["chunks"]!.AsArray())
        {
            client.SetCookie(chunk!.String("name"), chunk!.String("value"));
        }

        // A day after the vector was minted, so that the read is due to re-issue the token.
        app.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(vector["decodedPayload"]!["iat"]!.GetValue<long>()) + TimeSpan.FromDays(2));
        var session = (await client.GetSessionAsync())!;

        Assert.Equal("carol@example.com", session["user"]!["email"]!.GetValue<string>());
        var chunks = client.LastSetCookies.Where(c => c.Name.ToString().StartsWith(SessionCookie + ".", StringComparison.Ordinal)).ToList();
        Assert.True(chunks.Count >= 2);
        Assert.All(chunks, c => Assert.True(c.Value.Length <= 3933));
        var reassembled = string.Concat(chunks.OrderBy(c => c.Name.ToString(), StringComparer.Ordinal).Select(c => c.Value.ToString()));
        Assert.NotNull(Codec(app).Decode(reassembled, ""));
    }

    [Fact]
    public async Task Session_StaleChunksAndSmallerToken_ClearsEveryChunkAndSetsPlainCookie()
    {
        await using var app = await TestApp.StartAsync(o => o.Session.UpdateAge = TimeSpan.Zero);
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies[SessionCookie];
        client.RemoveCookie(SessionCookie);
        var quarter = (token.Length + 3) / 4;
        for (var index = 0; index < 4; index++)
        {
            client.SetCookie($"{SessionCookie}.{index}", token.Substring(index * quarter, Math.Min(quarter, token.Length - (index * quarter))));
        }

        var session = (await client.GetSessionAsync())!;

        Assert.Equal("Alice", session["user"]!["name"]!.GetValue<string>());
        for (var index = 0; index < 4; index++)
        {
            Assert.Equal(TimeSpan.Zero, client.LastSetCookie($"{SessionCookie}.{index}")!.MaxAge);
        }

        Assert.NotNull(client.LastSetCookie(SessionCookie)!.Expires);
        Assert.Equal([SessionCookie], client.Cookies.Keys.Where(k => k.StartsWith(SessionCookie, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Session_LargeCustomClaims_AreWrittenInChunksAndReadBack()
    {
        var bio = new string('x', 9000);
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Callbacks.OnJwt = context =>
            {
                if (context.User is not null)
                {
                    context.Token.Set("bio", JsonValue.Create(bio));
                }

                return Task.CompletedTask;
            };
            o.Callbacks.OnSession = context =>
            {
                context.Session.Set("bioLength", JsonValue.Create(context.Token!.GetString("bio")!.Length));
                return Task.CompletedTask;
            };
        });
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var chunkNames = client.Cookies.Keys.Where(k => k.StartsWith(SessionCookie + ".", StringComparison.Ordinal)).ToList();
        var session = (await client.GetSessionAsync())!;

        Assert.True(chunkNames.Count >= 3, string.Join(",", chunkNames));
        Assert.DoesNotContain(SessionCookie, client.Cookies.Keys);
        Assert.Equal(9000, session["bioLength"]!.GetValue<int>());
    }

    [Fact]
    public async Task SessionUpdate_ValidCsrf_RunsJwtCallbackWithUpdateTriggerAndReissues()
    {
        JwtTrigger? seenTrigger = null;
        string? seenData = null;
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnJwt = context =>
        {
            if (context.Trigger == JwtTrigger.Update)
            {
                seenTrigger = context.Trigger;
                seenData = context.Session?.GetRawText();
                context.Token.Name = context.Session?.GetProperty("name").GetString();
            }

            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var csrf = await client.GetCsrfTokenAsync();

        using var response = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = csrf, ["data"] = new JsonObject { ["name"] = "Bob" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        // next-auth sends no cache header here; Sesame keeps the answer (a session) out of shared caches (README).
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal(JwtTrigger.Update, seenTrigger);
        Assert.Equal("{\"name\":\"Bob\"}", seenData);
        Assert.Equal("Bob", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["user"]!["name"]!.GetValue<string>());
        Assert.NotNull(client.LastSetCookie(SessionCookie));
        Assert.Equal("Bob", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task SessionUpdate_WrongCsrf_Returns400AndLeavesSessionCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        using var response = await client.PostJsonAsync("/api/auth/session", new JsonObject { ["csrfToken"] = "wrong", ["data"] = new JsonObject { ["name"] = "Bob" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Null(client.LastSetCookie(SessionCookie));
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_SessionCallbackEndsSession_ReturnsEmptyAndClearsCookie()
    {
        var active = true;
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnSession = context =>
        {
            if (!active)
            {
                context.EndSession();
            }

            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        active = false;

        var session = await client.GetSessionAsync();

        Assert.Equal("{}", session!.ToJsonString());
        Assert.Equal(TimeSpan.Zero, client.LastSetCookie(SessionCookie)!.MaxAge);
    }

    [Fact]
    public async Task Session_CustomDataFromCallbacks_RoundTripsThroughToken()
    {
        await using var app = await TestApp.StartAsync(o =>
        {
            o.Callbacks.OnJwt = context =>
            {
                if (context.User is { } user)
                {
                    context.Token.Set("role", JsonValue.Create(user.Properties.GetValueOrDefault("role")));
                    context.Token.Set("department", JsonValue.Create("ops"));
                }

                return Task.CompletedTask;
            };
            o.Callbacks.OnSession = context =>
            {
                context.Session.User.Id = context.Token!.Subject;
                context.Session.User.Set("role", context.Token.Get("role")?.DeepClone());
                context.Session.User.Set("department", context.Token.Get("department")?.DeepClone());
                return Task.CompletedTask;
            };
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("admin"));

        var user = (await client.GetSessionAsync())!["user"]!;

        Assert.Equal("u2", user["id"]!.GetValue<string>());
        Assert.Equal("admin", user["role"]!.GetValue<string>());
        Assert.Equal("ops", user["department"]!.GetValue<string>());
        var claims = Codec(app).Decode(client.Cookies[SessionCookie], "")!;
        Assert.Equal("admin", claims.GetString("role"));
    }

    [Theory]
    [InlineData("nothing", false)]
    [InlineData("read", false)]
    [InlineData("same-value", false)]
    [InlineData("set-claim", true)]
    [InlineData("typed-property", true)]
    [InlineData("custom-in-place", true)]
    [InlineData("replace-token", true)]
    public async Task Session_JwtCallbackOnRead_ReissuesOnlyWhenItChangedTheToken(string action, bool reissued)
    {
        await using var app = await TestApp.StartAsync(o => o.Callbacks.OnJwt = context =>
        {
            if (context.User is not null)
            {
                context.Token.Set("role", "admin");
                return Task.CompletedTask;
            }

            switch (action)
            {
                case "read":
                    _ = context.Token.GetString("role") + context.Token.Name + context.Token.Custom!.Count + context.Token.Get("role");
                    break;
                case "same-value":
                    context.Token.Set("role", "admin");
                    context.Token.Name = "Alice";
                    break;
                case "set-claim":
                    context.Token.Set("role", "user");
                    break;
                case "typed-property":
                    context.Token.Name = "Alice Cooper";
                    break;
                case "custom-in-place":
                    context.Token.Custom!["team"] = "blue";
                    break;
                case "replace-token":
                    context.Token = context.Token.Clone();
                    break;
            }

            return Task.CompletedTask;
        });
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var signInToken = client.Cookies[SessionCookie];
        app.Time.Advance(TimeSpan.FromMinutes(5));

        await client.GetSessionAsync();

        Assert.Equal(reissued, client.LastSetCookie(SessionCookie) is not null);
        Assert.Equal(reissued, signInToken != client.Cookies[SessionCookie]);
    }

    [Fact]
    public async Task Session_AuthJsV5Format_UsesAuthjsCookiesAndNullForNoSession()
    {
        await using var app = await TestApp.StartAsync(o => o.Format = JwtFormat.AuthJsV5);
        using var client = app.CreateClient();

        using var empty = await client.GetAsync("/api/auth/session");
        Assert.Equal("null", await empty.Content.ReadAsStringAsync());
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Contains("authjs.session-token", client.Cookies.Keys);
        Assert.NotNull(Codec(app).Decode(client.Cookies["authjs.session-token"], "authjs.session-token"));
        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
    }

    private static IJwtCodec Codec(TestApp app) => app.Services.GetRequiredService<IJwtCodec>();

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // next-auth's vectors are minted with weak secrets ("test-secret"), which start in Development only.
    private static async Task<TestApp> StartWithVectorSecretAsync(JsonNode vector)
    {
        var app = await TestApp.StartAsync(
            o =>
            {
                o.Secrets.Clear();
                o.Secrets.Add(vector.String("secret"));
            },
            environment: "Development");
        // the clock at the vector's minting: a token issued (iat) in the future is no session
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(vector["decodedPayload"]!["iat"]!.GetValue<long>());
        if (issuedAt > app.Time.GetUtcNow())
        {
            app.Time.SetUtcNow(issuedAt);
        }

        return app;
    }
}

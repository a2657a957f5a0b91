using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using Sesame.Cookies;
using Sesame.Jwt;

namespace Sesame.Tests.Fuzzing;

/// <summary>
/// The cookie reader never throws on any <c>Cookie</c> header (one field or several), the session cookie it assembles
/// from chunks never decodes to a session, and the names it offers to clear stay bounded.
/// </summary>
public sealed class CookieReaderFuzzTests
{
    private const string SessionName = "next-auth.session-token";

    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf(SessionName, SessionName + ".0", SessionName + ".1", SessionName + ".2", "NEXT-AUTH.SESSION-TOKEN", SessionName + ".x", "next-auth.csrf-token", "next-auth.callback-url", "a"),
        Gen.Char["abc.-_=;, \"%0123456789"].Array[0, 12].Select(c => new string(c)));

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Char["abcXYZ0123456789-_.=%7C\"\\;, \t\u00e9"].Array[0, 30].Select(c => new string(c)),
        Gen.OneOf("%", "%Z", "%E9", "%ED%A0%80", "%C3%28", "\"quoted\"", "\"", ""),
        Gen.String[0, 10]);

    private static readonly Gen<StringValues> Header =
        Gen.Select(Name, Gen.Bool, Value, (name, equals, value) => equals ? name + "=" + value : name)
            .Array[0, 8]
            .SelectMany(pairs => Gen.OneOf("; ", ";", ", ").Select(separator => string.Join(separator, pairs)))
            .Array[1, 3]
            .Select(fields => new StringValues(fields));

    [Fact]
    public void Lookups_ArbitraryCookieHeaders_NeverThrowAndStayBounded()
    {
        var spec = new CookieSpec(SessionName, "/", null, true, false, SameSiteMode.Lax);
        var codec = new NextAuthJwtCodec(["fuzz-secret-Zq0vJ3xWb8Lr5Tn2Ky7Hc4Md9Pf6Sg1"], JwtFormat.NextAuthV4, new FakeTimeProvider());

        Header.Sample(header =>
        {
            var context = new DefaultHttpContext();
            context.Request.Headers.Cookie = header;
            var cookies = HeaderRequestCookies.Of(context);

            _ = cookies.TryGetRaw("next-auth.csrf-token", out _);
            _ = cookies.TryGetValue("next-auth.callback-url", out _);
            _ = cookies.Count;
            foreach (var _ in cookies)
            {
            }

            Assert.InRange(cookies.SentSessionCookieNames(SessionName, 32).Count, 0, 32);
            if (SessionCookieStore.Read(cookies, spec) is { } token)
            {
                Assert.Null(codec.Decode(token, ""));
            }
        }, time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);
    }
}

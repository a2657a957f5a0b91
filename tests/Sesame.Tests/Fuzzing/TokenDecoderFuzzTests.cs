using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;

namespace Sesame.Tests.Fuzzing;

/// <summary>
/// The token decoder never throws, whatever the cookie holds, and only the token it issued decodes: no truncation,
/// bit flip, spliced segment or forged header yields a session.
/// </summary>
public sealed class TokenDecoderFuzzTests
{
    private const string Secret = "fuzz-secret-Zq0vJ3xWb8Lr5Tn2Ky7Hc4Md9Pf6Sg1";
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static TheoryData<JwtFormat> Formats => new() { JwtFormat.NextAuthV4, JwtFormat.AuthJsV5 };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_ArbitraryText_NeverThrowsAndNeverDecodes(JwtFormat format)
    {
        var (codec, salt, _) = Issue(format);
        var text = Gen.OneOf(
            Gen.String,
            Gen.Char[Base64Url + "."].Array[0, 400].Select(chars => new string(chars)),
            Gen.Char[Base64Url].Array[0, 60].Select(chars => new string(chars)).Array[5].Select(parts => string.Join('.', parts)));

        text.Sample(token => Assert.Null(codec.Decode(token, salt)), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Decode_MutatedIssuedToken_NeverYieldsAnotherSession(JwtFormat format)
    {
        var (codec, salt, issued) = Issue(format);
        var mutation = Gen.Int[0, 5].SelectMany(kind => kind switch
        {
            // one character replaced
            0 => Gen.Int[0, issued.Length - 1].Select(Gen.Char[Base64Url + ".="], (at, c) => issued[..at] + c + issued[(at + 1)..]),
            // truncated
            1 => Gen.Int[0, issued.Length - 1].Select(length => issued[..length]),
            // characters inserted
            2 => Gen.Int[0, issued.Length].Select(Gen.String[1, 4], (at, s) => issued[..at] + s + issued[at..]),
            // two segments swapped
            3 => Gen.Int[0, 4].Select(Gen.Int[0, 4], (a, b) => Swap(issued, a, b)),
            // the header replaced by a forged one (alg none, other alg/enc, zip, crit, kid/jku/jwk)
            4 => Gen.OneOf(ForgedHeaders).Select(header => header + issued[issued.IndexOf('.', StringComparison.Ordinal)..]),
            // a segment duplicated or dropped
            _ => Gen.Int[0, 4].Select(Gen.Bool, (at, drop) => Resegment(issued, at, drop)),
        });

        mutation.Sample(token =>
        {
            var claims = codec.Decode(token, salt);
            // a non-canonical base64url tail can decode to the same bytes: the same session, never another one
            Assert.True(claims is null || (claims.Subject == "u1" && claims.Name == "Alice"), $"decoded a mutant into {claims?.Subject}");
        }, time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);
    }

    private static readonly string[] ForgedHeaders =
    [
        .. new[]
        {
            """{"alg":"none"}""",
            """{"alg":"dir","enc":"A128GCM"}""",
            """{"alg":"dir","enc":"A256CBC-HS512","zip":"DEF"}""",
            """{"alg":"dir","enc":"A256GCM","crit":["exp"]}""",
            """{"alg":"dir","enc":"A256GCM","jku":"https://evil.example/jwks"}""",
            """{"alg":"dir","enc":"A256GCM","jwk":{"kty":"oct","k":"AAAA"}}""",
            """{"alg":"dir","enc":"A256GCM","kid":"../../etc/passwd"}""",
            """{"alg":"HS256","typ":"JWT"}""",
            """{"alg":"RSA-OAEP","enc":"A256GCM"}""",
            "{}",
            "[]",
            "null",
        }.Select(json => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
    ];

    private static (NextAuthJwtCodec Codec, string Salt, string Issued) Issue(JwtFormat format)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var codec = new NextAuthJwtCodec([Secret], format, time);
        var salt = format == JwtFormat.AuthJsV5 ? "authjs.session-token" : "";
        var issued = codec.Encode(new JwtClaims { Subject = "u1", Name = "Alice" }, TimeSpan.FromDays(30), salt);
        Assert.Equal("u1", codec.Decode(issued, salt)!.Subject);
        return (codec, salt, issued);
    }

    private static string Swap(string token, int a, int b)
    {
        var parts = token.Split('.');
        (parts[a], parts[b]) = (parts[b], parts[a]);
        return string.Join('.', parts);
    }

    private static string Resegment(string token, int at, bool drop)
    {
        var parts = token.Split('.').ToList();
        if (drop)
        {
            parts.RemoveAt(at);
        }
        else
        {
            parts.Insert(at, parts[at]);
        }

        return string.Join('.', parts);
    }
}

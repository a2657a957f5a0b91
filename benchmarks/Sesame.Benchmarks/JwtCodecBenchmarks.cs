using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Benchmarks;

/// <summary>
/// The session-token codec on the request path: decode (every request) and encode (every session refresh), next-auth v4
/// and Auth.js v5, for a typical token (~330 B) and one at cookie-chunk size (~8 kB); next to the same v4 decode done
/// with the jose-jwt library, and the AesGcm pooling choice. Decoding a token the codec has decoded before (what a
/// browser's next request does) skips decryption: the "known token" rows.
/// </summary>
[MemoryDiagnoser]
public class JwtCodecBenchmarks
{
    private const string Secret = "bM4nK7pQ1wX9zR3tV6yB2cF5hJ8kL0sD4gA7eU1iO3q=";
    private const string V5Salt = "authjs.session-token";

    // decode benchmarks decrypt every time; the "known token" ones show what a browser's repeated token costs
    private readonly NextAuthJwtCodec _v4 = new([Secret], JwtFormat.NextAuthV4, TimeProvider.System);
    private readonly NextAuthJwtCodec _v5 = new([Secret], JwtFormat.AuthJsV5, TimeProvider.System);
    private readonly NextAuthJwtCodec _v4Remembering = new([Secret], JwtFormat.NextAuthV4, TimeProvider.System);
    private readonly NextAuthJwtCodec _v5Remembering = new([Secret], JwtFormat.AuthJsV5, TimeProvider.System);
    private readonly byte[] _v4Key = JweKeyDerivation.DeriveKey(JwtFormat.NextAuthV4, JweEncryption.A256Gcm, Secret, "");
    private JwtClaims _small = null!;
    private JwtClaims _large = null!;
    private string _v4Small = null!;
    private string _v4Large = null!;
    private string _v5Small = null!;
    private string _v5Large = null!;
    private byte[] _gcmIv = null!;
    private byte[] _gcmCiphertext = null!;
    private byte[] _gcmTag = null!;
    private byte[] _gcmAad = null!;
    private byte[] _gcmPlaintext = null!;
    private AesGcm _pooledGcm = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = new JwtClaims { Subject = "user_123", Name = "Alice Example", Email = "alice@example.com", Picture = "https://example.com/alice.png" };
        _large = new JwtClaims { Subject = "user_123", Name = "Alice Example", Email = "alice@example.com", Picture = "https://example.com/alice.png" };
        var groups = new JsonArray();
        for (var i = 0; i < 128; i++)
        {
            groups.Add(new JsonObject { ["id"] = i, ["name"] = $"group-{i:D3}", ["role"] = i % 3 == 0 ? "admin" : "member" });
        }

        _large.Set("role", "admin");
        _large.Set("groups", groups);

        _v4Small = _v4.Encode(_small.Clone(), TimeSpan.FromDays(30), "");
        _v4Large = _v4.Encode(_large.Clone(), TimeSpan.FromDays(30), "");
        _v5Small = _v5.Encode(_small.Clone(), TimeSpan.FromDays(30), V5Salt);
        _v5Large = _v5.Encode(_large.Clone(), TimeSpan.FromDays(30), V5Salt);
        Console.WriteLine($"// token lengths: v4 small {_v4Small.Length}, v4 large {_v4Large.Length}, v5 small {_v5Small.Length}, v5 large {_v5Large.Length}");

        var parts = _v4Small.Split('.');
        _gcmAad = Encoding.ASCII.GetBytes(parts[0]);
        _gcmIv = Base64UrlBytes(parts[2]);
        _gcmCiphertext = Base64UrlBytes(parts[3]);
        _gcmTag = Base64UrlBytes(parts[4]);
        _gcmPlaintext = new byte[_gcmCiphertext.Length];
        _pooledGcm = new AesGcm(_v4Key, 16);

        if (DecodeWithJose(_v4Small).Subject != "user_123" || _v4.Decode(_v4Large, "")?.Subject != "user_123" || _v5.Decode(_v5Large, V5Salt)?.Subject != "user_123")
        {
            throw new InvalidOperationException("benchmark tokens do not decode");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _pooledGcm.Dispose();

    [Benchmark(Description = "v4 decode small")]
    public JwtClaims? V4DecodeSmall() => _v4.Decode(_v4Small, "");

    [Benchmark(Description = "v4 decode small (jose-jwt)")]
    public JwtClaims JoseV4DecodeSmall() => DecodeWithJose(_v4Small);

    [Benchmark(Description = "v4 decode small, known token")]
    public JwtClaims? V4DecodeSmallKnown() => _v4Remembering.Decode(_v4Small, "");

    [Benchmark(Description = "v4 decode 8 kB")]
    public JwtClaims? V4DecodeLarge() => _v4.Decode(_v4Large, "");

    [Benchmark(Description = "v4 decode 8 kB (jose-jwt)")]
    public JwtClaims JoseV4DecodeLarge() => DecodeWithJose(_v4Large);

    [Benchmark(Description = "v5 decode small")]
    public JwtClaims? V5DecodeSmall() => _v5.Decode(_v5Small, V5Salt);

    [Benchmark(Description = "v5 decode small, known token")]
    public JwtClaims? V5DecodeSmallKnown() => _v5Remembering.Decode(_v5Small, V5Salt);

    [Benchmark(Description = "v5 decode 8 kB")]
    public JwtClaims? V5DecodeLarge() => _v5.Decode(_v5Large, V5Salt);

    [Benchmark(Description = "v4 encode small")]
    public string V4EncodeSmall() => _v4.Encode(_small, TimeSpan.FromDays(30), "");

    [Benchmark(Description = "v4 encode 8 kB")]
    public string V4EncodeLarge() => _v4.Encode(_large, TimeSpan.FromDays(30), "");

    [Benchmark(Description = "v5 encode small")]
    public string V5EncodeSmall() => _v5.Encode(_small, TimeSpan.FromDays(30), V5Salt);

    [Benchmark(Description = "v5 encode 8 kB")]
    public string V5EncodeLarge() => _v5.Encode(_large, TimeSpan.FromDays(30), V5Salt);

    [Benchmark(Description = "AesGcm decrypt, new instance per call")]
    public byte[] AesGcmPerCall()
    {
        using var aes = new AesGcm(_v4Key, 16);
        aes.Decrypt(_gcmIv, _gcmCiphertext, _gcmTag, _gcmPlaintext, _gcmAad);
        return _gcmPlaintext;
    }

    [Benchmark(Description = "AesGcm decrypt, reused instance")]
    public byte[] AesGcmReused()
    {
        _pooledGcm.Decrypt(_gcmIv, _gcmCiphertext, _gcmTag, _gcmPlaintext, _gcmAad);
        return _gcmPlaintext;
    }

    /// <summary>The same work as our decode (decrypt + claims object), with jose-jwt doing the JWE part (it checks no claims).</summary>
    private JwtClaims DecodeWithJose(string token) =>
        JsonSerializer.Deserialize(Jose.JWT.Decode(token, _v4Key, Jose.JweAlgorithm.DIR, Jose.JweEncryption.A256GCM), JwtJsonContext.Default.JwtClaims)!;

    private static byte[] Base64UrlBytes(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}

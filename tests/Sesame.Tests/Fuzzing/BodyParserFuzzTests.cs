using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Sesame.Http;

namespace Sesame.Tests.Fuzzing;

/// <summary>
/// The body parser never throws, and whatever it accepts is safe to use: every field is a well-formed string and the
/// JSON <c>data</c> can be read all the way down (no handler or callback meets an exception later).
/// </summary>
public sealed class BodyParserFuzzTests
{
    private const string JsonAlphabet = "{}[]\":,\\u0123456789abcdefABCDEF dDxX-+.eEtrfnul\t\n\u00e9\ud83d\ude00";
    private const string FormAlphabet = "=&%0123456789abcdefABCDEF+ ;csrfTokenjsoncallbackUrl\u00e9\ud800";

    [Fact]
    public void ReadAsync_ArbitraryJsonishText_NeverThrowsAndAcceptsOnlyUsableValues() =>
        Gen.Char[JsonAlphabet].Array[0, 200].Select(c => new string(c))
            .Sample(text => AssertSafe(Encoding.UTF8.GetBytes(text), "application/json"), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);

    [Fact]
    public void ReadAsync_WellFormedJsonWithHostileStrings_NeverThrowsAndAcceptsOnlyUsableValues()
    {
        var hostile = Gen.OneOf(Gen.String[0, 20], Gen.OneOf("\\ud800", "\\udfff", "\\ud800\\udc00", "\\u0000", "\\\\", "\\\""), Gen.Char['\ud800', '\udfff'].Select(c => c.ToString()));
        var json = Gen.Select(hostile, hostile, hostile, (a, b, c) => $$"""{"csrfToken":"{{a}}","data":{"name":"{{b}}","list":["{{c}}",1,{"{{c}}":true}]},"{{b}}":"x"}""");

        json.Sample(text => AssertSafe(Encoding.UTF8.GetBytes(text), "application/json"), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);
    }

    [Fact]
    public void ReadAsync_ArbitraryBytes_NeverThrows() =>
        Gen.Select(Gen.Byte.Array[0, 300], Gen.OneOf("application/json", "application/x-www-form-urlencoded", "text/plain", ""))
            .Sample((bytes, type) => AssertSafe(bytes, type), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);

    [Fact]
    public void ReadAsync_ArbitraryFormText_NeverThrowsAndGivesUsableStrings() =>
        Gen.Char[FormAlphabet].Array[0, 200].Select(c => new string(c))
            .Sample(text => AssertSafe(Encoding.UTF8.GetBytes(text), "application/x-www-form-urlencoded"), time: FuzzBudget.Seconds, threads: FuzzBudget.Threads);

    private static void AssertSafe(byte[] body, string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = contentType;

        var result = RequestBodyReader.ReadAsync(context.Request, CancellationToken.None).GetAwaiter().GetResult();

        if (result.Status != RequestBodyReader.Status.Ok)
        {
            Assert.Equal(RequestBodyReader.Status.Malformed, result.Status);
            return;
        }

        foreach (var (name, value) in result.Fields)
        {
            // what a handler does with a field: compare it, encode it, put it in a header or a page
            _ = Encoding.UTF8.GetByteCount(name);
            _ = Encoding.UTF8.GetByteCount(value);
        }

        if (result.Data is { } data)
        {
            Walk(data);
            _ = JsonSerializer.Serialize(data);
        }
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }

                break;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Tests.Jwt;

internal static class JwtAssert
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> holds the same JSON as <paramref name="expected"/> (key order irrelevant),
    /// a claim that is JSON <c>null</c> included: <see cref="JwtClaims"/> keeps null and absent apart, as next-auth does.
    /// </summary>
    public static void SameClaims(JsonNode expected, JwtClaims? actual)
    {
        Assert.NotNull(actual);
        var actualNode = JsonNode.Parse(JsonSerializer.Serialize(actual, JwtJsonContext.Default.JwtClaims))!;
        Assert.True(
            JsonNode.DeepEquals(expected, actualNode),
            $"expected {expected.ToJsonString()}\nactual   {actualNode.ToJsonString()}");
    }
}

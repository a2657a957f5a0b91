using System.Text.Json;
using System.Text.Json.Nodes;
using Sesame.Jwt;
using Sesame.Serialization;

namespace Sesame.Tests.Jwt;

internal static class JwtAssert
{
    private static readonly string[] StandardClaims = ["sub", "name", "email", "picture", "iat", "exp", "nbf", "jti"];

    /// <summary>
    /// Asserts that <paramref name="actual"/> holds the same JSON as <paramref name="expected"/> (key order irrelevant).
    /// A standard claim that is JSON <c>null</c> is compared as absent: <see cref="JwtClaims"/> keeps those as nullable
    /// properties and leaves nulls out when writing.
    /// </summary>
    public static void SameClaims(JsonNode expected, JwtClaims? actual)
    {
        Assert.NotNull(actual);
        var expectedObject = expected.DeepClone().AsObject();
        foreach (var name in StandardClaims)
        {
            if (expectedObject.TryGetPropertyValue(name, out var value) && value is null)
            {
                expectedObject.Remove(name);
            }
        }

        var actualNode = JsonNode.Parse(JsonSerializer.Serialize(actual, SesameJsonContext.Default.JwtClaims))!;
        Assert.True(
            JsonNode.DeepEquals(expectedObject, actualNode),
            $"expected {expectedObject.ToJsonString()}\nactual   {actualNode.ToJsonString()}");
    }
}

using System.Text.Json.Nodes;

namespace Sesame.Tests.Jwt;

/// <summary>The spec's test vectors (generated with the real next-auth 4.24.15 and @auth/core 0.41.3).</summary>
internal static class JwtVectors
{
    private static readonly Lazy<JsonObject> Root = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Jwt", "Vectors", "jwt-vectors.json")))!.AsObject());

    public static JsonObject All => Root.Value;

    /// <summary>The instant the vectors were generated: "now" for expiry checks, so the expired vectors stay expired.</summary>
    public static DateTimeOffset GeneratedAt => DateTimeOffset.Parse(All["generator"]!["generatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    public static JsonArray Section(string version, string section) => All[version]![section]!.AsArray();

    public static JsonObject Vector(string version, string section, string id)
    {
        foreach (var vector in Section(version, section))
        {
            if (vector!["id"]!.GetValue<string>() == id)
            {
                return vector.AsObject();
            }
        }

        throw new ArgumentException($"no vector {version}.{section}.{id}");
    }

    public static TheoryData<string, string, string> Ids(params (string Version, string Section)[] sections)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (version, section) in sections)
        {
            foreach (var vector in Section(version, section))
            {
                data.Add(version, section, vector!["id"]!.GetValue<string>());
            }
        }

        return data;
    }

    public static string String(this JsonNode node, string name) => node[name]!.GetValue<string>();
}

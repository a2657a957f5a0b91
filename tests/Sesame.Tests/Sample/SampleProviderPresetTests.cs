using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Sample;

/// <summary>
/// The sample offers the GitHub, Discord and Apple presets when the environment has their client id and secret (the
/// Auth.js v5 names, <c>AUTH_GITHUB_ID</c>/<c>_SECRET</c>, <c>AUTH_DISCORD_ID</c>/<c>_SECRET</c>; for Apple the id and
/// the key that signs its secret), listed as next-auth lists them, and not without them.
/// </summary>
public sealed class SampleProviderPresetTests
{
    [Fact]
    public async Task GitHubDiscordAndApple_OfferedFromTheEnvironment_ListedWithTheirCallbackUrls()
    {
        using var appleKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        await using var sample = SampleProcess.Start(new Dictionary<string, string?>
        {
            ["AUTH_SECRET"] = "Zq4pW8nR2vT6yB0cF3hJ7kM1sX5dG9aL2eU6iO0rN4Y=",
            ["AUTH_GITHUB_ID"] = "github-client",
            ["AUTH_GITHUB_SECRET"] = "github-secret",
            ["AUTH_DISCORD_ID"] = "discord-client",
            ["AUTH_DISCORD_SECRET"] = "discord-secret",
            ["AUTH_APPLE_ID"] = "com.example.web",
            ["AUTH_APPLE_TEAM_ID"] = "TEAM123456",
            ["AUTH_APPLE_KEY_ID"] = "KEY7890ABC",
            // one line with \n escapes, as a .env file holds the .p8 key
            ["AUTH_APPLE_PRIVATE_KEY"] = appleKey.ExportPkcs8PrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal),
        });
        await sample.WaitUntilReadyAsync();
        using var client = new SesameTestClient(sample.Address);

        using var response = await client.GetAsync("/api/auth/providers");
        var providers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        foreach (var (id, name) in new[] { ("github", "GitHub"), ("discord", "Discord"), ("apple", "Apple") })
        {
            var provider = providers[id]!;
            Assert.Equal((id, name, "oauth"), ((string?)provider["id"], (string?)provider["name"], (string?)provider["type"]));
            Assert.EndsWith($"/api/auth/callback/{id}", (string?)provider["callbackUrl"], StringComparison.Ordinal);
        }

        Assert.True(providers.ContainsKey("credentials"));
        Assert.False(providers.ContainsKey("oidc"));
    }
}

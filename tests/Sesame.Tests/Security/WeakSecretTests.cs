using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Security;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Security;

/// <summary>Secrets a captured cookie would let an attacker guess offline are refused at start-up outside Development.</summary>
public sealed class WeakSecretTests
{
    [Theory]
    [InlineData("k9")]
    [InlineData("test-secret")]
    [InlineData("benchmark-secret-benchmark-secret")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("Abc123!xAbc123!xAbc123!xAbc123!xAbc123!xAbc123!xAbc123!xAbc123!x")]
    [InlineData("Zq0vJ3xWb8Lr5Tn2Ky7Hc4Md9Pf6Sg")]
    public void EstimateBits_WeakOrPatternedSecret_IsUnder256(string secret) =>
        Assert.True(SecretStrength.EstimateBits(secret) < SecretStrength.RequiredBits, $"{SecretStrength.EstimateBits(secret)} bits");

    [Theory]
    [InlineData("yLODNunIsDLS2nZus/HNzG/Vq29mfF/cGRYTQC8RuLE=")]
    [InlineData("3a9f0c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f4a")]
    public void EstimateBits_OpensslRandOutput_Is256OrMore(string secret) =>
        Assert.True(SecretStrength.EstimateBits(secret) >= SecretStrength.RequiredBits, $"{SecretStrength.EstimateBits(secret)} bits");

    [Fact]
    public void EstimateBits_FreshRandomSecrets_AlwaysPass()
    {
        for (var i = 0; i < 200; i++)
        {
            var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            Assert.True(SecretStrength.EstimateBits(Convert.ToBase64String(bytes)) >= SecretStrength.RequiredBits);
            Assert.True(SecretStrength.EstimateBits(Convert.ToHexStringLower(bytes)) >= SecretStrength.RequiredBits);
        }
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task StartUp_WeakSecretOutsideDevelopment_FailsSayingHowToGenerateOne(string environment)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            o =>
            {
                o.Secrets.Clear();
                o.Secrets.Add("k9");
            },
            environment: environment));

        Assert.Contains("too weak", failure.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("k9", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_WeakRotationSecret_IsRefusedToo()
    {
        // Every secret decodes sessions: a weak old one forges as well as a weak current one.
        await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(o => o.Secrets.Add("old-secret")));
    }

    [Fact]
    public async Task StartUp_WeakSecretInDevelopment_StartsAndWarns()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TestApp.StartAsync(
            o =>
            {
                o.Secrets.Clear();
                o.Secrets.Add("k9");
            },
            extend: sesame => sesame.Services.AddSingleton<ILoggerProvider>(logs),
            environment: "Development");
        using var client = app.CreateClient();

        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        Assert.Equal("Alice", (await client.GetSessionAsync())!["user"]!["name"]!.GetValue<string>());
        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 1018);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("openssl rand -base64 32", warning.Message, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Sesame.Testing;

namespace Sesame.Tests.Interop;

/// <summary>Runs <c>tests/interop/jwt.mjs</c>: the real next-auth v4 / @auth/core v5 <c>encode</c> and <c>decode</c>.</summary>
internal static class NodeJwt
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Encodes <paramref name="claims"/> with the library; returns the token.</summary>
    public static async Task<string> EncodeAsync(string version, JsonObject claims, JsonNode secret, string? salt, int maxAgeSeconds)
    {
        var input = new JsonObject { ["claims"] = claims, ["secret"] = secret, ["maxAge"] = maxAgeSeconds };
        if (salt is not null)
        {
            input["salt"] = salt;
        }

        var output = await RunAsync("encode", version, input);
        return output["token"]!.GetValue<string>();
    }

    /// <summary>Decodes <paramref name="token"/> with the library; returns its claims, or <see langword="null"/> and the library's error.</summary>
    public static async Task<(JsonObject? Claims, string? Error)> DecodeAsync(string version, string token, JsonNode secret, string? salt)
    {
        var input = new JsonObject { ["token"] = token, ["secret"] = secret };
        if (salt is not null)
        {
            input["salt"] = salt;
        }

        var output = await RunAsync("decode", version, input);
        return (output["claims"] as JsonObject, output["error"]?.GetValue<string>());
    }

    private static async Task<JsonObject> RunAsync(string action, string version, JsonObject input)
    {
        var start = new ProcessStartInfo(Requirements.FindOnPath("node") ?? "node")
        {
            WorkingDirectory = Path.Combine(Requirements.RepositoryRoot, "tests", "interop"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("jwt.mjs");
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(version);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node jwt.mjs {action} {version} did not finish within {Timeout}");
        }

        var text = await stdout;
        var error = await stderr;
        Assert.True(process.ExitCode == 0, $"node jwt.mjs {action} {version} exited with {process.ExitCode}: {error}");
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("node wrote no JSON: " + error);
    }
}

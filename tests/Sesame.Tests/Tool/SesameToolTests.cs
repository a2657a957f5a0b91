using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Sesame.Jwt;
using Sesame.Testing;
using Sesame.Tests.Infrastructure;
using Sesame.Tests.Interop;

namespace Sesame.Tests.Tool;

/// <summary>The <c>sesame</c> tool's commands, run as the tool runs: a process with arguments, environment and exit code.</summary>
public sealed class SesameToolTests
{
    private const string Secret = "interop-secret";

    private static string ToolAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(Requirements.RepositoryRoot, "src", "Sesame.Tool", "bin", configuration, "net10.0", "Sesame.Tool.dll");
        }
    }

    internal static Task<CommandResult> SesameAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var clean = new Dictionary<string, string?>(StringComparer.Ordinal) { ["AUTH_SECRET"] = null, ["NEXTAUTH_SECRET"] = null };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            clean[name] = value;
        }

        return CommandLine.RunAsync("dotnet", [ToolAssembly, .. arguments], Path.GetTempPath(), TimeSpan.FromSeconds(60), clean, standardInput: "");
    }

    internal static Task<CommandResult> SesameAsync(params string[] arguments) => SesameAsync(null, arguments);

    [Fact]
    public async Task Secret_Run_PrintsANewBase64SecretOf32Bytes()
    {
        var first = await SesameAsync("secret");
        var second = await SesameAsync("secret");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(32, Convert.FromBase64String(first.StandardOutput.Trim()).Length);
        Assert.NotEqual(first.StandardOutput, second.StandardOutput);
    }

    [RequiresFact(Requirement.Node)]
    public async Task Decode_V4TokenMintedByNextAuth_PrintsClaimsAndExpiry()
    {
        var claims = new JsonObject { ["sub"] = "user_456", ["name"] = "Ωmega", ["email"] = "omega@example.com", ["role"] = "admin" };
        var token = await NodeJwt.EncodeAsync("v4", claims, Secret, salt: null, maxAgeSeconds: 3600);

        var result = await SesameAsync("decode", token, "--secret", Secret);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Format: next-auth v4 (A256GCM), salt (none), secret 1 of 1", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Expires: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (59|60) min", result.StandardOutput);
        var json = JsonNode.Parse(result.StandardOutput[result.StandardOutput.IndexOf('{', StringComparison.Ordinal)..])!;
        Assert.Equal("user_456", (string?)json["sub"]);
        Assert.Equal("Ωmega", (string?)json["name"]);
        Assert.Equal("admin", (string?)json["role"]);
        Assert.NotNull(json["exp"]);
    }

    [RequiresFact(Requirement.Node)]
    public async Task Decode_ChunkedV5CookieHeaderMintedByAuthJs_JoinsChunksWithSecretFromEnvironment()
    {
        // a session big enough that a browser would carry it in two cookies
        var claims = new JsonObject { ["sub"] = "user_789", ["name"] = "Chunky", ["blob"] = new string('x', 5000) };
        var token = await NodeJwt.EncodeAsync("v5", claims, Secret, "authjs.session-token", maxAgeSeconds: 86_400);
        var half = token.Length / 2;
        var header = $"Cookie: theme=dark; authjs.session-token.0={token[..half]}; authjs.csrf-token=abc%7Cdef; authjs.session-token.1={token[half..]}";

        var result = await SesameAsync(new Dictionary<string, string?> { ["AUTH_SECRET"] = Secret }, "decode", header);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Cookie: authjs.session-token, joined from 2 chunks ({token.Length} characters)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Format: Auth.js v5 (A256CBC-HS512), salt authjs.session-token", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"sub\": \"user_789\"", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_ExpiredToken_ExitsOneAndSaysWhenItExpired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(3));
        var token = new NextAuthJwtCodec([Secret], JwtFormat.NextAuthV4, time).Encode(new JwtClaims { Subject = "old" }, TimeSpan.FromDays(1), "");

        var result = await SesameAsync("decode", token, "-s", Secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"sub\": \"old\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("The token was made with this secret but expired 2 d 0 h ago", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_RotatedSecrets_SaysWhichSecretMadeTheToken()
    {
        var token = new NextAuthJwtCodec(["old-secret"], JwtFormat.NextAuthV4, TimeProvider.System).Encode(new JwtClaims { Subject = "u" }, TimeSpan.FromHours(1), "");

        var result = await SesameAsync("decode", token, "-s", "new-secret", "-s", "old-secret");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("secret 2 of 2", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_WrongSecret_ExitsOneWithWhatWasTried()
    {
        var token = new NextAuthJwtCodec([Secret], JwtFormat.AuthJsV5, TimeProvider.System).Encode(new JwtClaims { Subject = "u" }, TimeSpan.FromHours(1), "authjs.session-token");

        var result = await SesameAsync("decode", token, "--secret", "another-secret");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.Contains("Could not decode the token with the secret (tried v4 salt (none); v5 salt authjs.session-token; v5 salt __Secure-authjs.session-token)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_CookieHeaderWithoutSessionCookie_ExitsOneNamingTheCookiesLookedFor()
    {
        var result = await SesameAsync("decode", "theme=dark; lang=en", "--secret", Secret);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No session cookie in the Cookie header (looked for __Secure-next-auth.session-token, next-auth.session-token", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_NoSecret_ExitsOneSayingHowToGiveOne()
    {
        var result = await SesameAsync("decode", "a..b.c.d");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No secret: pass --secret", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DbCreate_Sqlite_CreatesNextAuthTablesOnceThenLeavesThem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sesame-tool-{Guid.NewGuid():N}.db");
        try
        {
            var created = await SesameAsync("db", "create", "--connection", $"Data Source={file}");
            var again = await SesameAsync("db", "create", "--provider", "sqlite", "--connection", $"Data Source={file}");

            Assert.True(created.ExitCode == 0, created.ToString());
            Assert.Contains("Created Sesame's tables", created.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(0, again.ExitCode);
            Assert.Contains("already has tables: nothing was created", again.StandardOutput, StringComparison.Ordinal);
            await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Superset(new HashSet<string>(["Account", "Session", "User", "VerificationToken"]), new HashSet<string>(tables));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task DbCreate_NoConnectionString_ExitsOne()
    {
        var result = await SesameAsync(new Dictionary<string, string?> { ["ConnectionStrings__Sesame"] = null }, "db", "create");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No connection string", result.StandardError, StringComparison.Ordinal);
    }
}

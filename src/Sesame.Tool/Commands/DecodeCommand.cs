using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sesame.Jwt;

namespace Sesame.Tool.Commands;

/// <summary><c>sesame decode</c>: decode and explain a session token or a whole <c>Cookie</c> header.</summary>
internal static class DecodeCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var input = new Argument<string?>("token-or-cookie")
        {
            Description = "A session token, or a Cookie header (with or without \"Cookie:\"; chunked cookies are joined). \"-\" or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var secrets = new Option<string[]>("--secret", "-s")
        {
            Description = "The secret (AUTH_SECRET); repeat it to try several, as after a rotation. Default: AUTH_SECRET or NEXTAUTH_SECRET.",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "The token format: v4 (next-auth v4), v5 (Auth.js v5) or auto (both).",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "v4", "v5");
        var salt = new Option<string?>("--salt")
        {
            Description = "The salt the token was encrypted with. Default: none for v4; the cookie's name for v5 (authjs.session-token and __Secure-authjs.session-token for a bare token).",
        };
        var cookieName = new Option<string?>("--cookie-name")
        {
            Description = "The session cookie's name in a Cookie header. Default: next-auth's and Auth.js's names, with and without __Secure-.",
        };

        var command = new Command("decode", "Decode a session token (or a Cookie header) with the secret, print its claims as JSON and say when it expires. Exit code 1 when it cannot be decoded or has expired.")
        {
            input,
            secrets,
            format,
            salt,
            cookieName,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(input);
            if (string.IsNullOrEmpty(text) || text == "-")
            {
                text = await Console.In.ReadToEndAsync(cancellationToken);
            }

            var given = parse.GetValue(secrets) is { Length: > 0 } listed ? listed : SecretsFromEnvironment();
            return Run(text, given, parse.GetValue(format)!, parse.GetValue(salt), parse.GetValue(cookieName), TimeProvider.System, Console.Out, Console.Error);
        });
        return command;
    }

    internal static int Run(string text, IReadOnlyList<string> secrets, string format, string? salt, string? cookieName, TimeProvider time, TextWriter output, TextWriter error)
    {
        if (secrets.Count == 0 || secrets.Any(string.IsNullOrEmpty))
        {
            error.WriteLine("No secret: pass --secret <AUTH_SECRET> or set the AUTH_SECRET environment variable.");
            return 1;
        }

        var formats = format switch
        {
            "v4" => new[] { JwtFormat.NextAuthV4 },
            "v5" => [JwtFormat.AuthJsV5],
            _ => [JwtFormat.NextAuthV4, JwtFormat.AuthJsV5],
        };
        var result = SessionTokenInspector.Inspect(text, secrets, formats, salt, cookieName, time);
        switch (result.Outcome)
        {
            case InspectionOutcome.NoToken:
                error.WriteLine(result.Problem);
                return 1;
            case InspectionOutcome.Undecodable:
                error.WriteLine(result.Problem);
                return 1;
        }

        var now = time.GetUtcNow();
        if (result.Cookie is { } cookie)
        {
            output.WriteLine(cookie.Chunks > 1
                ? $"Cookie: {cookie.Name}, joined from {cookie.Chunks} chunks ({result.Token!.Length} characters)"
                : $"Cookie: {cookie.Name} ({result.Token!.Length} characters)");
        }

        output.WriteLine($"Format: {Describe(result.Format)}, salt {(result.Salt!.Length == 0 ? "(none)" : result.Salt)}, secret {result.SecretIndex + 1} of {secrets.Count}");
        var claims = result.Claims!;
        if (claims.IssuedAt is { } iat)
        {
            output.WriteLine($"Issued:  {Instant(iat)} ({Relative(DateTimeOffset.FromUnixTimeSeconds(iat) - now)})");
        }

        if (claims.ExpiresAt is { } exp)
        {
            output.WriteLine($"Expires: {Instant(exp)} ({Relative(DateTimeOffset.FromUnixTimeSeconds(exp) - now)})");
        }
        else
        {
            output.WriteLine("Expires: never (the token has no exp claim)");
        }

        // Sesame's own serialization of the claims: what the token holds, as next-auth would read it
        output.WriteLine(JsonNode.Parse(JsonSerializer.Serialize(claims, JwtJsonContext.Default.JwtClaims))!.ToJsonString(Indented));

        if (result.Outcome == InspectionOutcome.Expired)
        {
            error.WriteLine(claims.NotBefore is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) > now
                ? $"The token was made with this secret but is not valid before {Instant(nbf)}: a session would read it as signed out."
                : $"The token was made with this secret but expired {Relative(DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt ?? 0) - now)}: a session would read it as signed out.");
            return 1;
        }

        return 0;
    }

    private static string[] SecretsFromEnvironment()
    {
        var secret = Environment.GetEnvironmentVariable("AUTH_SECRET") is { Length: > 0 } auth ? auth : Environment.GetEnvironmentVariable("NEXTAUTH_SECRET");
        return string.IsNullOrEmpty(secret) ? [] : [secret];
    }

    private static string Describe(JwtFormat format) =>
        format == JwtFormat.AuthJsV5 ? "Auth.js v5 (A256CBC-HS512)" : "next-auth v4 (A256GCM)";

    private static string Instant(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Relative(TimeSpan span)
    {
        var magnitude = span.Duration();
        var amount = magnitude.TotalDays >= 1 ? $"{(int)magnitude.TotalDays} d {magnitude.Hours} h"
            : magnitude.TotalHours >= 1 ? $"{(int)magnitude.TotalHours} h {magnitude.Minutes} min"
            : magnitude.TotalMinutes >= 1 ? $"{(int)magnitude.TotalMinutes} min {magnitude.Seconds} s"
            : $"{(int)magnitude.TotalSeconds} s";
        return span >= TimeSpan.Zero ? "in " + amount : amount + " ago";
    }

}

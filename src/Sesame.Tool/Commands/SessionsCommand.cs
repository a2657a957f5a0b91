using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sesame.EntityFrameworkCore;
using Sesame.Sessions;
using Sesame.Sessions.Pipeline;
using Sesame.Stores;

namespace Sesame.Tool.Commands;

/// <summary>
/// <c>sesame sessions list|revoke</c>: a user's database sessions in a store (EF Core on SQLite or PostgreSQL, or
/// Redis), listed and revoked through <see cref="SesameSessionManager"/>, the API behind an app's device list, so the
/// tool sees and changes exactly what the app would.
/// </summary>
internal static class SessionsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var list = new Command("list", "List a user's active sessions (id, created, last seen, expires, device), most recently active first.");
        var listOptions = new StoreOptions(list);
        var json = new Option<bool>("--json") { Description = "Print the sessions as a JSON array, for scripts." };
        list.Options.Add(json);
        list.SetAction((parse, cancellationToken) => listOptions.RunAsync(parse, (sessions, users, user, ct) =>
            ListAsync(sessions, users, user, parse.GetValue(json), ct), cancellationToken));

        var revoke = new Command("revoke", "Revoke one of a user's sessions (--session) or all of them (--all): the app sees them gone on its next read of each (after at most Session.Cache.Duration where a cache is on and not notified).");
        var revokeOptions = new StoreOptions(revoke);
        var session = new Option<string?>("--session", "-s") { Description = "The id of the session to revoke (the id column of `sesame sessions list`)." };
        var all = new Option<bool>("--all") { Description = "Revoke every session of the user (sign out everywhere)." };
        revoke.Options.Add(session);
        revoke.Options.Add(all);
        revoke.Validators.Add(result =>
        {
            var hasSession = !string.IsNullOrEmpty(result.GetValue(session));
            if (hasSession == result.GetValue(all))
            {
                result.AddError("Pass either --session <id> or --all.");
            }
        });
        revoke.SetAction((parse, cancellationToken) => revokeOptions.RunAsync(parse, (sessions, _, user, ct) =>
            RevokeAsync(sessions, user, parse.GetValue(session), ct), cancellationToken));

        return new Command("sessions", "A user's database sessions in a Sesame store: list them, revoke one or all.") { list, revoke };
    }

    private static async Task<int> ListAsync(SesameSessionManager sessions, IUserStore users, string userId, bool json, CancellationToken cancellationToken)
    {
        var listed = await sessions.ListSessionsAsync(userId, cancellationToken);
        if (listed.Count == 0 && await users.GetUserAsync(userId, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"No user with id '{userId}' in the store.");
            return 1;
        }

        await Console.Out.WriteLineAsync(json ? ToJson(listed) : ToTable(listed));
        return 0;
    }

    private static async Task<int> RevokeAsync(SesameSessionManager sessions, string userId, string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is not null)
        {
            if (!await sessions.RevokeSessionAsync(userId, sessionId, cancellationToken))
            {
                await Console.Error.WriteLineAsync($"User '{userId}' has no session '{sessionId}' (list them with `sesame sessions list --user {userId}`).");
                return 1;
            }

            await Console.Out.WriteLineAsync($"Revoked session {sessionId} of user {userId}.");
            return 0;
        }

        var count = await sessions.RevokeAllSessionsAsync(userId, cancellationToken);
        await Console.Out.WriteLineAsync($"Revoked {count} session{(count == 1 ? "" : "s")} of user {userId}.");
        return 0;
    }

    internal static string ToJson(IReadOnlyList<SesameSession> sessions)
    {
        // No session key: under next-auth compatibility it is the cookie's token itself.
        var array = new JsonArray();
        foreach (var session in sessions)
        {
            array.Add(new JsonObject
            {
                ["id"] = session.Id,
                ["userId"] = session.UserId,
                ["createdAt"] = session.CreatedAt,
                ["lastSeenAt"] = session.LastSeenAt,
                ["expires"] = session.Expires,
                ["persistent"] = session.Persistent,
                ["userAgent"] = session.UserAgent,
                ["ipAddress"] = session.IpAddress,
            });
        }

        return array.ToJsonString(Indented);
    }

    internal static string ToTable(IReadOnlyList<SesameSession> sessions)
    {
        if (sessions.Count == 0)
        {
            return "No active sessions.";
        }

        string[] header = ["ID", "CREATED", "LAST SEEN", "EXPIRES", "IP", "USER AGENT"];
        var rows = sessions.Select(s => new[] { s.Id, Time(s.CreatedAt), Time(s.LastSeenAt), Time(s.Expires), s.IpAddress ?? "-", s.UserAgent ?? "-" }).ToList();
        var widths = header.Select((h, column) => Math.Max(h.Length, rows.Max(r => r[column].Length))).ToArray();
        var lines = new List<string> { Line(header, widths) };
        lines.AddRange(rows.Select(r => Line(r, widths)));
        return string.Join(Environment.NewLine, lines);

        static string Line(string[] cells, int[] widths) =>
            string.Join("  ", cells.Select((cell, column) => column == cells.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd();

        static string Time(DateTimeOffset? time) =>
            time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";
    }

    /// <summary>The options every sessions command shares (which store, which user), and the run that opens the store.</summary>
    private sealed class StoreOptions
    {
        private readonly Option<string> _user = new("--user", "-u") { Description = "The user's id.", Required = true };
        private readonly Option<string> _provider = new("--provider", "-p")
        {
            Description = "The store: sqlite or postgresql (Sesame.EntityFrameworkCore), or redis (Sesame.StackExchangeRedis).",
            DefaultValueFactory = _ => "sqlite",
        };
        private readonly Option<string?> _connection = new("--connection", "-c")
        {
            Description = "The connection string, or the Redis configuration (127.0.0.1:6379). Default: the ConnectionStrings__Sesame environment variable.",
        };
        private readonly Option<string?> _keyPrefix = new("--key-prefix")
        {
            Description = "Redis: the key prefix the app uses (SesameRedisOptions.KeyPrefix). Default: sesame:.",
        };
        private readonly Option<string?> _notifyRedis = new("--notify-redis")
        {
            Description = "The Redis configuration over which the app's session caches are invalidated (AddStackExchangeRedisSessionCacheInvalidation): "
                + "a revocation reaches the running instances at once instead of within the cache's duration. Default with --provider redis: its --connection.",
        };

        public StoreOptions(Command command)
        {
            _provider.AcceptOnlyFromAmong("sqlite", "postgresql", "redis");
            _user.Validators.Add(result =>
            {
                if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                {
                    result.AddError("--user needs a user id.");
                }
            });
            command.Options.Add(_user);
            command.Options.Add(_provider);
            command.Options.Add(_connection);
            command.Options.Add(_keyPrefix);
            command.Options.Add(_notifyRedis);
        }

        // How long a command waits for Redis to answer the first time (a busy machine, a server still starting).
        private static readonly TimeSpan FirstConnectionWait = TimeSpan.FromSeconds(5);

        public async Task<int> RunAsync(
            ParseResult parse, Func<SesameSessionManager, IUserStore, string, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
        {
            var provider = parse.GetValue(_provider)!;
            var connection = parse.GetValue(_connection) ?? Environment.GetEnvironmentVariable("ConnectionStrings__Sesame");
            if (string.IsNullOrWhiteSpace(connection))
            {
                await Console.Error.WriteLineAsync(provider == "redis"
                    ? "No Redis configuration: pass --connection 127.0.0.1:6379 (or set ConnectionStrings__Sesame)."
                    : "No connection string: pass --connection \"Data Source=app.db\" (or set ConnectionStrings__Sesame).");
                return 1;
            }

            try
            {
                var notify = parse.GetValue(_notifyRedis) ?? (provider == "redis" ? connection : null);
                await using var services = Services(provider, connection, parse.GetValue(_keyPrefix), notify);
                foreach (var hosted in services.GetServices<IHostedService>())
                {
                    // as the app starts them: the Redis connections begin connecting here
                    await hosted.StartAsync(cancellationToken);
                }

                await using var scope = services.CreateAsyncScope();
                var waited = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        return await run(
                            scope.ServiceProvider.GetRequiredService<SesameSessionManager>(),
                            scope.ServiceProvider.GetRequiredService<IUserStore>(),
                            parse.GetValue(_user)!,
                            cancellationToken);
                    }
                    catch (StackExchange.Redis.RedisConnectionException exception)
                        when (exception.FailureType == StackExchange.Redis.ConnectionFailureType.UnableToConnect && waited.Elapsed < FirstConnectionWait)
                    {
                        // Sesame's Redis stores wait a second for their first connection, so that an app's request fails
                        // closed fast while Redis is down; a one-off command can wait longer for it (nothing was sent yet).
                        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    }
                }
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or ArgumentException
                or System.Data.Common.DbException or StackExchange.Redis.RedisException)
            {
                await Console.Error.WriteLineAsync($"Could not use the {provider} store: {FirstLine(exception)}");
                return 1;
            }
        }

        private static string FirstLine(Exception exception)
        {
            var message = (exception.InnerException is { } inner && exception is DbUpdateException ? inner : exception).Message;
            var end = message.IndexOfAny(['\r', '\n']);
            return end < 0 ? message : message[..end];
        }

        /// <summary>
        /// The app's own registration of Sesame and its store, with the database strategy, so the session manager is the
        /// app's; with <paramref name="notifyRedis"/>, the session cache's invalidation too, so that its revocations are
        /// published to the running instances as the app's own are.
        /// </summary>
        private static ServiceProvider Services(string provider, string connection, string? keyPrefix, string? notifyRedis)
        {
            var services = new ServiceCollection();
            // No logging provider: the tool speaks through standard output and error, and EF Core's SQL log is noise here.
            services.AddLogging();
            // Empty: the app's AUTH_* settings are of no use to a tool that only reads and deletes rows.
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            var sesame = services.AddSesame(options =>
            {
                // The tool never issues a token or redirects: a throwaway secret and a URL only satisfy the start-up rules.
                options.Secrets.Add(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                options.Url = new Uri("http://localhost");
                options.Session.Strategy = SessionStrategy.Database;
                // (the tool reads nothing through it: it is on so that every revocation publishes the user's id)
                options.Session.Cache.Enabled = notifyRedis is not null;
            });
            if (notifyRedis is not null)
            {
                sesame.AddStackExchangeRedisSessionCacheInvalidation(options =>
                {
                    options.Configuration = notifyRedis;
                    if (keyPrefix is not null)
                    {
                        options.KeyPrefix = keyPrefix;
                    }
                });
            }

            if (provider == "redis")
            {
                sesame.AddStackExchangeRedisStores(options =>
                {
                    options.Configuration = connection;
                    if (keyPrefix is not null)
                    {
                        options.KeyPrefix = keyPrefix;
                    }
                });
            }
            else
            {
                services.AddDbContext<SesameDbContext>(options => _ = provider == "postgresql" ? options.UseNpgsql(connection) : options.UseSqlite(connection));
                sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
            }

            return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.StackExchangeRedis.Shared;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Configuration;

/// <summary>Checks <see cref="SesameRedisOptions"/> at start-up, with messages that say how to fix them.</summary>
internal sealed class SesameRedisOptionsValidator(IServiceProviderIsService services) : IValidateOptions<SesameRedisOptions>
{
    public ValidateOptionsResult Validate(string? name, SesameRedisOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            failures.Add("SesameRedisOptions.KeyPrefix is empty: give Sesame's keys a prefix (the default is \"sesame:\") so they cannot collide with the app's.");
        }

        if (options.Database < -1)
        {
            failures.Add($"SesameRedisOptions.Database is {options.Database}: use a database number, or -1 for the connection's default.");
        }

        if (!services.IsService(typeof(IConnectionMultiplexer)))
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                failures.Add("Sesame's Redis stores have no connection: set SesameRedisOptions.Configuration to a StackExchange.Redis configuration string (e.g. \"127.0.0.1:6379\"), or register an IConnectionMultiplexer.");
            }
            else
            {
                try
                {
                    if (RedisConnection.ParseConfiguration(options.Configuration).EndPoints.Count == 0)
                    {
                        failures.Add("SesameRedisOptions.Configuration names no Redis server: give at least one host:port.");
                    }
                }
                catch (ArgumentException exception)
                {
                    failures.Add($"SesameRedisOptions.Configuration is not a StackExchange.Redis configuration string: {exception.Message}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

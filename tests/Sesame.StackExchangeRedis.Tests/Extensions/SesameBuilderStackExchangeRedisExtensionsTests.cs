using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sesame.StackExchangeRedis.Tests.Infrastructure;
using Sesame.Stores;
using Sesame.Testing;
using StackExchange.Redis;

namespace Sesame.StackExchangeRedis.Tests.Extensions;

[Collection(RedisCollection.Name)]
public sealed class SesameBuilderStackExchangeRedisExtensionsTests(RedisServer server)
{
    [Fact]
    public void AddStackExchangeRedisStores_NoConfigurationAndNoMultiplexer_FailsAtStartWithHowToFix()
    {
        using var services = Build(s => s.AddSesame(_ => { }).AddStackExchangeRedisStores(_ => { }));

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SesameRedisOptions>>().Value);

        Assert.Contains("SesameRedisOptions.Configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains("IConnectionMultiplexer", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "KeyPrefix")]
    [InlineData("sesame:", "names no Redis server")]
    public void AddStackExchangeRedisStores_InvalidOptions_FailAtStart(string prefix, string expected)
    {
        using var services = Build(s => s.AddSesame(_ => { }).AddStackExchangeRedisStores(o =>
        {
            o.KeyPrefix = prefix;
            o.Configuration = prefix.Length == 0 ? "127.0.0.1:6379" : "abortConnect=false";
        }));

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SesameRedisOptions>>().Value);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStackExchangeRedisStores_AppsMultiplexer_NeedsNoConfiguration()
    {
        using var services = Build(s =>
        {
            s.AddSingleton<IConnectionMultiplexer>(_ => throw new InvalidOperationException("not connected in this test"));
            s.AddSesame(_ => { }).AddStackExchangeRedisStores(_ => { });
        });

        Assert.Equal("sesame:", services.GetRequiredService<IOptions<SesameRedisOptions>>().Value.KeyPrefix);
    }

    [RequiresFact(Requirement.Redis)]
    public async Task AddStackExchangeRedisStores_AppsMultiplexer_IsTheOneTheStoresUse()
    {
        var endPoint = await server.GetEndPointAsync();
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(endPoint);
        var prefix = RedisServer.NewPrefix("app-multiplexer");
        var services = Build(s =>
        {
            s.AddSingleton<IConnectionMultiplexer>(multiplexer);
            s.AddSesame(_ => { }).AddStackExchangeRedisStores(o => o.KeyPrefix = prefix);
        });
        await using (services)
        {
            await services.GetRequiredService<IUserStore>().CreateUserAsync(new SesameUser { Id = "u1" }, CancellationToken.None);
        }

        // the app's multiplexer wrote the key, and disposing Sesame's services left it open for the app
        Assert.True(multiplexer.IsConnected);
        Assert.True(await multiplexer.GetDatabase().KeyExistsAsync(prefix + "user:u1"));
    }

    [Fact]
    public void AddStackExchangeRedisSessionStore_WithoutAUserStore_ThrowsWithHowToFix()
    {
        var services = new ServiceCollection();

        var failure = Assert.Throws<InvalidOperationException>(() => services.AddSesame(_ => { }).AddStackExchangeRedisSessionStore("127.0.0.1:6379"));

        Assert.Contains("AddEntityFrameworkCoreStores", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        configure(services);
        return services.BuildServiceProvider();
    }
}

namespace Sesame.StackExchangeRedis.Tests.Infrastructure;

/// <summary>The test classes that share one <see cref="RedisServer"/>, each under a key prefix of its own.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}

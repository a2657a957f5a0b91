using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Sesame.Tests.Diagnostics;

/// <summary>Structured log events have stable ids (issue 16): no two events of one library share an id.</summary>
public sealed class LogEventIdTests
{
    [Theory]
    [InlineData("Sesame")]
    [InlineData("Sesame.StackExchangeRedis")]
    public void EveryLoggerMessage_HasAnIdOfItsOwn(string assemblyName)
    {
        var events = Assembly.Load(assemblyName).GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .ToList();

        Assert.NotEmpty(events);
        var shared = events.GroupBy(e => e.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method.DeclaringType!.Name + "." + e.Method.Name))}")
            .ToList();
        Assert.True(shared.Count == 0, "event ids used twice: " + string.Join("; ", shared));
    }
}

namespace Sesame.Tests.Infrastructure;

/// <summary>Callbacks several test classes configure alike.</summary>
internal static class TestCallbacks
{
    /// <summary>A <c>jwt</c> callback that takes <c>name</c> from an update's data, so a test can see whether an update went through.</summary>
    public static void RenameOnUpdate(SesameOptions options) => options.Callbacks.OnJwt = context =>
    {
        if (context.Trigger == Events.JwtTrigger.Update && context.Session?.GetProperty("name").GetString() is { } name)
        {
            context.Token.Name = name;
        }

        return Task.CompletedTask;
    };
}

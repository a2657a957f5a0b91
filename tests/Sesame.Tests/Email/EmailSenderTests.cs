using Microsoft.Extensions.DependencyInjection;
using Sesame.Providers.Email;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Email;

/// <summary>The sender seam: an app's own <see cref="IEmailSender"/> (a mail API) gets the composed message.</summary>
public sealed class EmailSenderTests
{
    [Fact]
    public async Task OwnSender_GetsTheComposedMessageAndItsLinkSignsIn()
    {
        await using var app = await TestApp.StartAsync(extend: sesame => sesame.AddInMemoryStores().AddEmail<RecordingSender>(o => o.Id = "magic"));
        var sender = (RecordingSender)app.Services.GetRequiredKeyedService<IEmailSender>("magic");
        using var client = app.CreateClient();

        using var requested = await client.RequestLinkAsync("carol@example.com", providerId: "magic");
        var message = Assert.Single(sender.Messages);
        using var followed = await client.FollowAsync(message.Url);

        Assert.Equal(("magic", "carol@example.com", (string?)null), (message.ProviderId, message.To, message.From));
        Assert.Contains(message.Url.AbsoluteUri, message.Text, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost:3000/api/auth/callback/magic?", message.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(app.Time.GetUtcNow().AddHours(24), message.Expires);
        Assert.Equal("carol@example.com", (await client.GetSessionAsync())!["user"]!["email"]!.GetValue<string>());
    }

    /// <summary>A mail API stand-in, made by the provider's keyed registration.</summary>
    private sealed class RecordingSender : IEmailSender
    {
        public List<EmailSignInMessage> Messages { get; } = [];

        public Task SendAsync(EmailSignInMessage message, CancellationToken cancellationToken)
        {
            Messages.Add(message);
            return Task.CompletedTask;
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Sesame.Jwt;
using Sesame.Mfa;
using Sesame.Sessions.Pipeline;
using Sesame.SignIn;
using Sesame.Stores;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Mfa;

/// <summary>The partial sign-in cookie carries the whole pending grant through the second factor, and nothing decodes that is not one.</summary>
public sealed class PartialSignInTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EncodeThenDecode_KeepsTheGrant_IncludingWhetherTheImageIsLeftOut(bool omitsImage)
    {
        await using var app = await TestApp.StartAsync();
        var codec = app.Services.GetRequiredService<IJwtCodec>();
        var grant = new SessionGrant
        {
            User = new SesameUser { Id = "u9", Name = "Carol", Email = "carol@example.com" },
            Account = new SesameAccount { Type = "oidc", Provider = "oidc", ProviderAccountId = "carol", UserId = "u9" },
            IsNewUser = true,
            Persistent = false,
            CallbackUrl = TestApp.Origin + "/dashboard",
            AuthenticationMethods = ["fed"],
            OmitsImage = omitsImage,
        };

        var decoded = PartialSignIn.Decode(codec, PartialSignIn.Encode(codec, grant, TimeSpan.FromMinutes(5), app.Time.GetUtcNow()));

        var (back, _, _) = Assert.NotNull(decoded);
        Assert.Equal(omitsImage, back.OmitsImage);
        Assert.Equal(grant.User with { Image = null }, back.User with { Image = null });
        Assert.Equal(["fed"], back.AuthenticationMethods);
        Assert.Equal(grant.CallbackUrl, back.CallbackUrl);
        Assert.False(back.Persistent);
        Assert.True(back.IsNewUser);
    }

    [Fact]
    public async Task ASessionToken_IsNotAPartialSignIn()
    {
        await using var app = await TestApp.StartAsync();
        var codec = app.Services.GetRequiredService<IJwtCodec>();
        var session = codec.Encode(new JwtClaims { Subject = "u1", TokenId = "x" }, TimeSpan.FromMinutes(5), "");

        Assert.Null(PartialSignIn.Decode(codec, session));
    }
}

namespace Sesame.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Session_DefaultUser_IsEmpty() => Assert.Null(new global::Sesame.Sessions.Session().User.Name);
}

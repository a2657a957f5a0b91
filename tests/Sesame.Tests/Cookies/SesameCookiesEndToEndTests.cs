using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sesame.Tests.Infrastructure;

namespace Sesame.Tests.Cookies;

/// <summary>Sesame's cookies go through ASP.NET Core's cookie API, and sign-out clears whatever a read accepted.</summary>
public sealed class SesameCookiesEndToEndTests
{
    [Fact]
    public async Task CookiePolicy_OfTheApp_AppliesToSesamesCookies()
    {
        var appended = new List<string>();
        await using var app = await TestApp.StartAsync(map: web => web.UseCookiePolicy(new CookiePolicyOptions
        {
            Secure = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always,
            OnAppendCookie = context =>
            {
                lock (appended)
                {
                    appended.Add(context.CookieName);
                }
            },
        }));
        using var client = app.CreateClient();

        using var csrf = await client.GetAsync("/api/auth/csrf");
        using var signIn = await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));

        var setCookies = SetCookieHeaderValue.ParseList([.. signIn.Headers.GetValues("Set-Cookie"), .. csrf.Headers.GetValues("Set-Cookie")]);
        Assert.Contains(setCookies, c => c.Name == "next-auth.session-token" && c.Secure);
        Assert.Contains(setCookies, c => c.Name == "next-auth.csrf-token" && c.Secure);
        Assert.Contains("next-auth.session-token", appended);
        Assert.Contains("next-auth.csrf-token", appended);
    }

    [Fact]
    public async Task SignOut_PlantedCaseVariantOfTheSessionCookie_IsClearedToo()
    {
        await using var app = await TestApp.StartAsync();
        using var client = app.CreateClient();
        await client.SignInWithCredentialsAsync(TestUsers.Form("alice"));
        var token = client.Cookies["next-auth.session-token"];
        var csrf = await client.GetCsrfTokenAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signout")
        {
            Content = new FormUrlEncodedContent([new("csrfToken", csrf), new("json", "true")]),
        };
        request.Headers.Add("Cookie", string.Join("; ", client.Cookies.Select(c => $"{c.Key}={c.Value}")) + $"; NEXT-AUTH.SESSION-TOKEN={token}; Next-Auth.Session-Token.0={token}");
        using var http = new HttpClient { BaseAddress = app.Address };
        using var response = await http.SendAsync(request);

        var cleared = SetCookieHeaderValue.ParseList([.. response.Headers.GetValues("Set-Cookie")])
            .Where(c => c.MaxAge == TimeSpan.Zero).Select(c => c.Name.ToString()).ToArray();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("next-auth.session-token", cleared);
        Assert.Contains("NEXT-AUTH.SESSION-TOKEN", cleared);
        Assert.Contains("Next-Auth.Session-Token.0", cleared);
    }
}

#if (UseCredentials)
using System.Security.Cryptography;
using System.Text;
#endif
#if (UseDatabase)
using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore;
using Sesame.Sessions;
#endif
#if (UseCredentials)
using Sesame.Providers.Credentials;
using Sesame.Stores;
#endif

var builder = WebApplication.CreateBuilder(args);

// AUTH_SECRET (the key that encrypts sessions; `sesame secret` makes one) and AUTH_URL (the app's public URL) come from
// configuration: environment variables, appsettings.{Environment}.json or user secrets.
var sesame = builder.Services.AddSesame(options =>
{
    options.Session.MaxAge = TimeSpan.FromDays(30);
#if (UseDatabase)
    options.Session.Strategy = SessionStrategy.Database;
#endif
});
#if (UseCredentials)

// Replace with your own user lookup: return a SesameUser when the credentials are right, null otherwise.
var demoPassword = builder.Configuration["DEMO_PASSWORD"] ?? "demo-password";
sesame.AddCredentials(provider =>
{
    provider.Fields.Add(new CredentialField("username", "Username", "text", "demo"));
    provider.Fields.Add(new CredentialField("password", "Password", "password"));
    provider.Authorize = context =>
    {
        var passwordMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(context["password"] ?? "")),
            SHA256.HashData(Encoding.UTF8.GetBytes(demoPassword)));
        var user = passwordMatches && context["username"] == "demo"
            ? new SesameUser { Id = "1", Name = "Demo User", Email = "demo@example.com" }
            : null;
        return Task.FromResult(user);
    };
});
#endif
#if (UseOidc)

// The issuer, client id and secret come from AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET; register the
// callback URL {AUTH_URL}/api/auth/callback/oidc with the provider.
sesame.AddOpenIdConnect("oidc", provider => provider.Name = "OpenID Connect");
#endif
#if (UseDatabase)

// next-auth's tables (User, Account, Session, VerificationToken) in a SQLite file.
builder.Services.AddDbContextPool<SesameDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Sesame") ?? "Data Source=SesameApp.db"));
sesame.AddEntityFrameworkCoreStores<SesameDbContext>();
#endif

builder.Services.AddAuthorization();

var app = builder.Build();
#if (UseDatabase)

// Creates the tables on first run; use `sesame db create` or migrations for a shared database.
await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<SesameDbContext>().Database.EnsureCreatedAsync();
}
#endif

app.MapSesame();   // /api/auth/{csrf,providers,session,signin,callback,signout,error,...}

// An explicit IResult return type: an async lambda taking only HttpContext would otherwise bind to MapGet's
// RequestDelegate overload, which discards the result.
app.MapGet("/", async Task<IResult> (HttpContext http) => await http.GetSessionAsync() is { } session
    ? Results.Text($"Signed in as {session.User.Name ?? session.User.Email}. Sign out at /api/auth/signout.")
    : Results.Text("Not signed in. Sign in at /api/auth/signin."));

// An API only a signed-in user reaches: 401 otherwise.
app.MapGet("/api/me", async Task<IResult> (HttpContext http) => Results.Json(await http.GetSessionAsync()))
    .RequireAuthorization();

app.Run();

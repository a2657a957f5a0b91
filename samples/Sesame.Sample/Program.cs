using System.Text.Json.Nodes;
using Sesame.Providers;
using Sesame.Sample;

var builder = WebApplication.CreateBuilder(args);

// Listen where the public URL says when nothing else is configured, so that `dotnet run` works with no setup.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(PublicUrl.ListenUrl(builder.Configuration));
}

var generatedSecret = SampleSecret.GenerateIfMissing(builder.Configuration, builder.Environment);
var demoUsers = DemoUsers.FromConfiguration(builder.Configuration);

var sesame = builder.Services.AddSesame(options =>
    {
        // Sesame:Session:Strategy, :MaxAge, :UpdateAge (e.g. Sesame__Session__Strategy=database) and the like.
        builder.Configuration.GetSection("Sesame").Bind(options);
        if (generatedSecret is not null)
        {
            options.Secrets.Add(generatedSecret);
        }

        options.Url ??= PublicUrl.FromConfiguration(builder.Configuration);
        options.Callbacks.OnJwt = context =>
        {
            // Sign-in: copy the app's data from the user into the token (the seed's "Custom JWT Data").
            if (context.User is { } user)
            {
                context.Token.Set("id", user.Id);
                if (user.Properties.TryGetValue("role", out var role) && role is not null)
                {
                    context.Token.Set("role", role);
                }
            }

            // Update: the client's update({ name }) renames the user in the session.
            if (context.Trigger == Sesame.Events.JwtTrigger.Update &&
                context.Session is { ValueKind: System.Text.Json.JsonValueKind.Object } data &&
                data.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                context.Token.Name = name.GetString();
            }

            return Task.CompletedTask;
        };
        options.Callbacks.OnSession = async context =>
        {
            if (context.Token is { } token)
            {
                // JWT strategy: the data travels in the token (the seed: session.user.id = token.id, session.user.role = token.role).
                context.Session.User.Id = token.GetString("id");
                if (token.GetString("role") is { } role)
                {
                    context.Session.User.Set("role", JsonValue.Create(role));
                }
            }
            else if (context.User is { } user)
            {
                // Database strategy: the user comes from the database (the seed's "Database Session Callbacks"), the role from the app.
                context.Session.User.Id = user.Id;
                if (demoUsers.RoleOf(user.Id) is { } role)
                {
                    context.Session.User.Set("role", JsonValue.Create(role));
                }

                if (context.Trigger == Sesame.Events.JwtTrigger.Update &&
                    context.NewSession is { ValueKind: System.Text.Json.JsonValueKind.Object } data &&
                    data.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String)
                {
                    var users = context.HttpContext.RequestServices.GetRequiredService<Sesame.Stores.IUserStore>();
                    await users.UpdateUserAsync(user with { Name = name.GetString() }, context.HttpContext.RequestAborted);
                    context.Session.User.Name = name.GetString();
                }
            }
        };
    })
    .AddCredentials(provider =>
    {
        provider.Name = "Credentials";
        provider.Fields.Add(new CredentialField("username", "Username", "text", "demo"));
        provider.Fields.Add(new CredentialField("password", "Password", "password"));
        provider.Authorize = context => Task.FromResult(demoUsers.Authorize(context["username"], context["password"]));
    });

var useDatabase = SampleDatabase.IsEnabled(builder.Configuration);
if (useDatabase)
{
    SampleDatabase.AddStores(builder, sesame);
}

var app = builder.Build();
if (generatedSecret is not null)
{
    app.Logger.LogWarning("AUTH_SECRET is not set: generated a random secret for this Development run. Sessions end when the app restarts; set AUTH_SECRET to keep them.");
}

if (useDatabase)
{
    await SampleDatabase.EnsureCreatedAsync(app);
    SessionEndpoints.Map(app);
}

app.MapSesame();
SampleEndpoints.Map(app);
await app.RunAsync();

/// <summary>The sample's entry point, visible to the tests that host it.</summary>
public partial class Program;

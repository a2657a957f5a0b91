using System.Text.Json;
using System.Text.Json.Nodes;
using Sesame;
using Sesame.Events;
using Sesame.Providers;
using Sesame.Providers.Credentials;
using Sesame.Stores;

namespace Sesame.Sample;

/// <summary>Configures and maps the sample; <c>Program</c> runs it and tests can host it on their own Kestrel.</summary>
public static class SampleApp
{
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder)
    {
        // The Sesame package's static web assets (/_content/Sesame/sesame.js) from the build's manifest in every
        // environment, not only Development: the tests and `dotnet run` serve the build output. A no-op once published.
        builder.WebHost.UseStaticWebAssets();
        var generatedSecret = SampleSecret.GenerateIfMissing(builder.Configuration, builder.Environment);
        var demoUsers = DemoUsers.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(demoUsers);

        var sesame = builder.Services.AddSesame(options =>
            {
                // Sesame:Session:Strategy, :MaxAge, :UpdateAge (e.g. Sesame__Session__Strategy=database) and the like.
                builder.Configuration.GetSection("Sesame").Bind(options);
                if (generatedSecret is not null)
                {
                    options.Secrets.Add(generatedSecret);
                }

                options.Url ??= PublicUrl.FromConfiguration(builder.Configuration);
                options.Callbacks.OnJwt = CopyUserIntoToken;
                options.Callbacks.OnSession = context => ShapeSessionAsync(context, demoUsers);

                // The seed's best practice 3: sensitive actions re-check that the user still exists and is active.
                // Users who signed in with an identity provider are not demo users: deactivating them is the provider's business.
                options.Access.ValidateUser = context => Task.FromResult(!demoUsers.IsDemoUser(context.UserId) || demoUsers.IsActive(context.UserId));
                // ... and so does every session read (the answer kept 30 s per user): a deactivated user's old cookies stop working.
                options.Access.ValidateUserOnEveryRead = true;
            })
            .AddCredentials(provider =>
            {
                provider.Name = "Credentials";
                provider.Fields.Add(new CredentialField("username", "Username", "text", "demo"));
                provider.Fields.Add(new CredentialField("password", "Password", "password"));
                provider.Authorize = context => Task.FromResult(demoUsers.Authorize(context["username"], context["password"]));
            });
        SampleOAuth.AddProviders(builder.Configuration, sesame);
        SampleTelemetry.Add(builder);

        var useDatabase = SampleDatabase.IsEnabled(builder.Configuration);
        if (useDatabase)
        {
            SampleDatabase.AddStores(builder, sesame);
        }

        var useEmail = SampleEmail.IsEnabled(builder.Configuration);
        if (useEmail)
        {
            SampleEmail.Add(builder, sesame, useDatabase);
        }

        // The mfa user's second factor (TOTP, DEMO_TOTP_SECRET), verified at /auth/verify-mfa.
        SampleMfa.Add(builder, sesame);

        // JWT sessions with ConnectionStrings:Redis set: revocable, registered in Redis, checked at most
        // Sesame:Jwt:RevocationCheckInterval (5 s) apart and at once through pub/sub, so the device list and its
        // revocations work as with database sessions, on every instance.
        var revocableJwt = !useDatabase && SampleDatabase.RedisConfiguration(builder.Configuration) is not null;
        if (revocableJwt)
        {
            sesame.AddStackExchangeRedisSessionRevocation(SampleDatabase.RedisConfiguration(builder.Configuration)!);
        }

        // Controllers and Razor Pages read the session through the same scheme: [Authorize], User, GetSessionAsync().
        builder.Services.AddControllers();
        builder.Services.AddRazorPages();

        // Blazor at /blazor: AuthorizeView from the session, circuits re-checked every Blazor:RevalidationInterval.
        // Blazor:WebAssembly=true (Blazor__WebAssembly) also hosts /blazor/wasm, which runs in the browser: it needs
        // MapStaticAssets, whose endpoints cost every request of the app (session reads included, about 1 KB and 2 µs,
        // benchmarks/README.md), so it is off unless asked for.
        var webAssembly = builder.Configuration.GetValue("Blazor:WebAssembly", false);
        var components = builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        if (webAssembly)
        {
            components.AddInteractiveWebAssemblyComponents();
        }

        sesame.AddBlazorAuthenticationState(blazor => builder.Configuration.GetSection("Blazor").Bind(blazor));

        var app = builder.Build();
        if (generatedSecret is not null)
        {
            app.Logger.LogWarning("AUTH_SECRET is not set: generated a random secret for this Development run. Sessions end when the app restarts; set AUTH_SECRET to keep them.");
        }

        if (useDatabase || useEmail)
        {
            await SampleDatabase.EnsureCreatedAsync(app);
        }

        await SampleMfa.SeedAsync(app, demoUsers, inDatabase: useDatabase && SampleDatabase.RedisConfiguration(builder.Configuration) is null);

        if (useDatabase || revocableJwt)
        {
            SessionEndpoints.Map(app);
            SessionEndpoints.MapRoleChange(app);
        }

        // The seed's withAuth middleware: the admin area needs a session with the admin role.
        app.UseSesameRouteProtection(protection =>
        {
            protection.Matcher = ["/admin/:path*"];
            protection.Authorized = context => context.User.IsInRole("admin");
        });

        app.MapSesame();
        SampleEndpoints.Map(app);
        SampleMfa.Map(app);
        SampleClients.Map(app, builder.Configuration);
        app.UseAntiforgery(); // Razor components' endpoints require it; Sesame's endpoints check their own CSRF token
        var razorComponents = app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        if (webAssembly)
        {
            app.MapStaticAssets();
            razorComponents.AddInteractiveWebAssemblyRenderMode().AddAdditionalAssemblies(typeof(Client.Pages.WasmSession).Assembly);
        }
        else
        {
            app.MapGet("/blazor/wasm", () => Results.Text("The WebAssembly page is off: start the sample with Blazor__WebAssembly=true.", statusCode: StatusCodes.Status404NotFound));
        }

        // the WebAssembly client asks for the same revalidation interval as the server's circuits
        app.MapGet("/blazor/client-settings/revalidation-interval", () => Results.Text(
            builder.Configuration.GetValue("Blazor:RevalidationInterval", TimeSpan.FromMinutes(1)).ToString("c", System.Globalization.CultureInfo.InvariantCulture)));
        app.MapControllers();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Sign-in: copy the app's data from the user into the token (the seed's "Custom JWT Data").</summary>
    private static Task CopyUserIntoToken(JwtContext context)
    {
        if (context.User is { } user)
        {
            context.Token.Set("id", user.Id);
            foreach (var field in (string[])["role", "department"])
            {
                if (user.Properties.TryGetValue(field, out var value) && value is not null)
                {
                    context.Token.Set(field, value);
                }
            }
        }

        // A server-side update (an admin changed the role: POST /api/admin/users/{id}/role): the app's data, so it may
        // set the role, which a client's update never may. A null role makes the user an ordinary one again.
        if (context.Trigger == JwtTrigger.ServerUpdate &&
            context.Session is { ValueKind: JsonValueKind.Object } serverData &&
            serverData.TryGetProperty("role", out var newRole))
        {
            context.Token.Set("role", newRole.ValueKind == JsonValueKind.String ? JsonValue.Create(newRole.GetString()) : null);
        }

        // Update: the client's update({ name }) renames the user in the session.
        if (context.Trigger == JwtTrigger.Update &&
            context.Session is { ValueKind: JsonValueKind.Object } data &&
            data.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            context.Token.Name = name.GetString();
        }

        return Task.CompletedTask;
    }

    /// <summary>Every read: shape the session the client and the server see (user.id, user.role, user.department).</summary>
    private static async Task ShapeSessionAsync(SessionContext context, DemoUsers demoUsers)
    {
        if (context.Token is { } token)
        {
            // JWT strategy: the data travels in the token (the seed: session.user.id = token.id, session.user.role = token.role).
            context.Session.User.Id = token.GetString("id");
            foreach (var field in (string[])["role", "department"])
            {
                if (token.GetString(field) is { } value)
                {
                    context.Session.User.Set(field, JsonValue.Create(value));
                }
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

            if (demoUsers.DepartmentOf(user.Id) is { } department)
            {
                context.Session.User.Set("department", JsonValue.Create(department));
            }

            if (context.Trigger == JwtTrigger.Update &&
                context.NewSession is { ValueKind: JsonValueKind.Object } data &&
                data.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<IUserStore>();
                await users.UpdateUserAsync(user with { Name = name.GetString() }, context.HttpContext.RequestAborted);
                context.Session.User.Name = name.GetString();
            }
        }
    }
}

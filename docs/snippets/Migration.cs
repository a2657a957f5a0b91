using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sesame.Sessions;

namespace Sesame.Docs.Snippets;

/// <summary>docs/migration-from-next-auth.md</summary>
public static class Migration
{
    public static void ShareCookie(WebApplicationBuilder builder)
    {
        #region migration-share-cookie
        // A Next.js front end and this API on one site: the same AUTH_SECRET (NEXTAUTH_SECRET) and cookie, so either
        // side can sign the user in and both read the session.
        builder.Services.AddSesame(options =>
        {
            options.Secrets.Add(builder.Configuration["NEXTAUTH_SECRET"]!);
            options.Url = new Uri(builder.Configuration["NEXTAUTH_URL"]!);   // the public URL the browser sees
            options.Cookies.SessionToken.Domain = builder.Configuration["COOKIE_DOMAIN"];  // e.g. example.com for app. and api.
        });
        #endregion
    }

    public static void ShareDatabase(WebApplicationBuilder builder)
    {
        #region migration-share-database
        builder.Services.AddSesame(options =>
            {
                options.Session.Strategy = SessionStrategy.Database;
                options.Session.HashSessionTokens = false;   // next-auth stores the raw session token in Session.sessionToken
            })
            .AddEntityFrameworkCoreStores<EntityFrameworkCore.SesameDbContext>();   // next-auth's Prisma tables, as they are
        #endregion
    }
}

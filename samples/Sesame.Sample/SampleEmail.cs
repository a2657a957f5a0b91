namespace Sesame.Sample;

/// <summary>
/// The sample's e-mail sign-in, only when <c>EMAIL_SERVER</c> (<c>smtp://user:pass@host:port</c> or <c>smtps://…</c>)
/// and <c>EMAIL_FROM</c> are set, as in a next-auth app: provider <c>email</c>. Its single-use tokens live in the
/// sample's SQLite file with JWT sessions, and in the session store's database (SQLite, PostgreSQL or Redis) with
/// database sessions. <c>Sesame:Email</c> binds <see cref="Sesame.Providers.Email.EmailProviderOptions"/> (the rate
/// limits, <c>MaxAge</c>).
/// </summary>
internal static class SampleEmail
{
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["EMAIL_SERVER"]) && !string.IsNullOrEmpty(configuration["EMAIL_FROM"]);

    public static void Add(WebApplicationBuilder builder, SesameBuilder sesame, bool useDatabase)
    {
        if (!useDatabase)
        {
            // JWT sessions keep no rows; only the links' tokens need a table
            SampleDatabase.AddSqliteContext(builder);
            sesame.AddEntityFrameworkCoreVerificationTokenStore<EntityFrameworkCore.SesameDbContext>();
        }

        // server and sender come from EMAIL_SERVER and EMAIL_FROM
        sesame.AddEmail(provider => builder.Configuration.GetSection("Sesame:Email").Bind(provider));
    }
}

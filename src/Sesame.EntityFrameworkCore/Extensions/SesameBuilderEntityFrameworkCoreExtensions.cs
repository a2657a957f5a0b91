using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sesame;
using Sesame.EntityFrameworkCore.Shared;
using Sesame.EntityFrameworkCore.Stores;
using Sesame.Stores;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Sesame's Entity Framework Core stores.</summary>
public static class SesameBuilderEntityFrameworkCoreExtensions
{
    /// <summary>
    /// Registers the user, account, session, verification token and TOTP stores over <typeparamref name="TContext"/>, scoped
    /// like the context. The context must be registered, preferably pooled (<c>AddDbContextPool</c>: the database
    /// strategy reads through it on every request, and making a new context costs more than the read), and its model
    /// must include Sesame's tables: <see cref="SesameModelBuilderExtensions.ApplySesameModel"/> in its
    /// <c>OnModelCreating</c>, or use <see cref="Sesame.EntityFrameworkCore.SesameDbContext"/>. Inserts call
    /// <c>SaveChangesAsync</c> on the context, which also saves any changes the app has pending in the same context.
    /// </summary>
    public static SesameBuilder AddEntityFrameworkCoreStores<TContext>(this SesameBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton<StoreStatementCache>();
        services.AddScoped<IUserStore>(sp => new EntityFrameworkCoreUserStore(sp.GetRequiredService<TContext>()));
        services.AddScoped<IAccountStore>(sp => new EntityFrameworkCoreAccountStore(sp.GetRequiredService<TContext>()));
        services.AddScoped<ISessionStore>(sp => new EntityFrameworkCoreSessionStore(sp.GetRequiredService<TContext>(), sp.GetRequiredService<StoreStatementCache>()));
        services.AddScoped<IVerificationTokenStore>(sp => new EntityFrameworkCoreVerificationTokenStore(sp.GetRequiredService<TContext>()));
        services.AddScoped<ITotpStore>(sp => new EntityFrameworkCoreTotpStore(sp.GetRequiredService<TContext>()));
        return builder;
    }

    /// <summary>
    /// Registers only the TOTP store (the second factor's enrolments) over <typeparamref name="TContext"/>, for an app
    /// that keeps its sessions in JWTs and its users elsewhere.
    /// </summary>
    public static SesameBuilder AddEntityFrameworkCoreTotpStore<TContext>(this SesameBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<ITotpStore>(sp => new EntityFrameworkCoreTotpStore(sp.GetRequiredService<TContext>()));
        return builder;
    }

    /// <summary>
    /// Registers only the verification token store over <typeparamref name="TContext"/> (scoped like the context): what
    /// the e-mail provider needs with JWT sessions, which keep no user or session rows. The context's model must include
    /// Sesame's tables (<see cref="SesameModelBuilderExtensions.ApplySesameModel"/>, or
    /// <see cref="Sesame.EntityFrameworkCore.SesameDbContext"/>).
    /// </summary>
    public static SesameBuilder AddEntityFrameworkCoreVerificationTokenStore<TContext>(this SesameBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddScoped<IVerificationTokenStore>(sp => new EntityFrameworkCoreVerificationTokenStore(sp.GetRequiredService<TContext>()));
        return builder;
    }
}

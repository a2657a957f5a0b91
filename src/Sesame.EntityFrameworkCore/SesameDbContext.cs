using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;

namespace Sesame.EntityFrameworkCore;

/// <summary>
/// A ready <see cref="DbContext"/> holding only Sesame's tables (<see cref="SesameModelBuilderExtensions.ApplySesameModel"/>),
/// for apps that keep them apart from their own data. Register it with a provider, pooled, since the database strategy
/// reads through it on every request (<c>services.AddDbContextPool&lt;SesameDbContext&gt;(o =&gt; o.UseSqlite(…))</c>,
/// or <c>UseNpgsql</c>), and then <c>AddSesame(…).AddEntityFrameworkCoreStores&lt;SesameDbContext&gt;()</c>. Create the schema once with
/// <c>Database.EnsureCreatedAsync()</c> (SQLite and PostgreSQL) or with migrations of an app's own context.
/// </summary>
public sealed class SesameDbContext(DbContextOptions<SesameDbContext> options) : DbContext(options)
{
    /// <summary>The <c>User</c> table.</summary>
    public DbSet<SesameUserEntity> Users => Set<SesameUserEntity>();

    /// <summary>The <c>Account</c> table.</summary>
    public DbSet<SesameAccountEntity> Accounts => Set<SesameAccountEntity>();

    /// <summary>The <c>Session</c> table.</summary>
    public DbSet<SesameSessionEntity> Sessions => Set<SesameSessionEntity>();

    /// <summary>The <c>VerificationToken</c> table.</summary>
    public DbSet<SesameVerificationTokenEntity> VerificationTokens => Set<SesameVerificationTokenEntity>();

    /// <summary>The <c>TotpEnrolment</c> table.</summary>
    public DbSet<SesameTotpEnrolmentEntity> TotpEnrolments => Set<SesameTotpEnrolmentEntity>();

    /// <summary>The <c>TotpRecoveryCode</c> table.</summary>
    public DbSet<SesameTotpRecoveryCodeEntity> TotpRecoveryCodes => Set<SesameTotpRecoveryCodeEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplySesameModel();
}

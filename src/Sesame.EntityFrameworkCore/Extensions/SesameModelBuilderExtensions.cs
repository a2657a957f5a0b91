using Sesame.EntityFrameworkCore.Entities;
using Sesame.EntityFrameworkCore.Shared;

// The framework's namespace, so that OnModelCreating finds the extension without a using.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds Sesame's tables to a <see cref="DbContext"/> model.</summary>
public static class SesameModelBuilderExtensions
{
    /// <summary>
    /// Adds the <c>User</c>, <c>Account</c>, <c>Session</c> and <c>VerificationToken</c> tables with next-auth's Prisma
    /// adapter table and column names, unique keys and cascading deletes, so that an app can keep them in its own
    /// <see cref="DbContext"/> (call it from <c>OnModelCreating</c>) and share a database with next-auth. The
    /// <c>Session</c> table has five more nullable columns: <c>createdAt</c>, <c>lastSeenAt</c>, <c>userAgent</c> and
    /// <c>ipAddress</c> for the device list and lifetimes, and <c>persistent</c> for remember-me. Two tables of Sesame's
    /// own hold the TOTP second factor: <c>TotpEnrolment</c> and <c>TotpRecoveryCode</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Creating the schema: with the app's own context, add an EF Core migration as for any other table
    /// (<c>dotnet ef migrations add AddSesame</c>). Without migrations, <c>EnsureSesameSchemaAsync()</c> (EnsureCreated, safe
    /// when several instances start at once) creates the
    /// tables on SQLite and PostgreSQL when the database has none yet (the tests do this on both).
    /// </para>
    /// <para>
    /// An existing next-auth (Prisma) database needs only those five columns: <c>ALTER TABLE "Session" ADD COLUMN
    /// "createdAt" TIMESTAMPTZ, ADD COLUMN "lastSeenAt" TIMESTAMPTZ, ADD COLUMN "userAgent" TEXT, ADD COLUMN "ipAddress"
    /// TEXT, ADD COLUMN "persistent" BOOLEAN</c> on PostgreSQL, and the two TOTP tables if it uses the second factor. Column types follow the provider's defaults, which can differ from Prisma's (PostgreSQL
    /// <c>timestamp with time zone</c> where Prisma has <c>timestamp(3)</c>, <c>bigint</c> for <c>expires_at</c> where
    /// Prisma has <c>integer</c>); names and keys are Prisma's. Prisma's <c>timestamp(3)</c> columns hold UTC
    /// wall-clock times, so connect to such a database with the session time zone set to UTC (Npgsql:
    /// <c>Timezone=UTC</c> in the connection string).
    /// </para>
    /// </remarks>
    /// <param name="modelBuilder">The model being built.</param>
    /// <param name="schema">The database schema of the tables, or <see langword="null"/> for the default one.</param>
    /// <returns><paramref name="modelBuilder"/>.</returns>
    public static ModelBuilder ApplySesameModel(this ModelBuilder modelBuilder, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var utc = new UtcDateTimeConverter();

        // Constraint and index names are the ones Prisma gives, so both tools see the same schema.
        modelBuilder.Entity<SesameUserEntity>(user =>
        {
            user.ToTable("User", schema);
            user.HasKey(u => u.Id).HasName("User_pkey");
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.Name).HasColumnName("name");
            user.Property(u => u.Email).HasColumnName("email");
            user.Property(u => u.EmailVerified).HasColumnName("emailVerified").HasConversion(utc);
            user.Property(u => u.Image).HasColumnName("image");
            user.HasIndex(u => u.Email).IsUnique().HasDatabaseName("User_email_key");
        });

        modelBuilder.Entity<SesameAccountEntity>(account =>
        {
            account.ToTable("Account", schema);
            account.HasKey(a => a.Id).HasName("Account_pkey");
            account.Property(a => a.Id).HasColumnName("id");
            account.Property(a => a.UserId).HasColumnName("userId");
            account.Property(a => a.Type).HasColumnName("type");
            account.Property(a => a.Provider).HasColumnName("provider");
            account.Property(a => a.ProviderAccountId).HasColumnName("providerAccountId");
            account.Property(a => a.RefreshToken).HasColumnName("refresh_token");
            account.Property(a => a.AccessToken).HasColumnName("access_token");
            account.Property(a => a.ExpiresAt).HasColumnName("expires_at");
            account.Property(a => a.TokenType).HasColumnName("token_type");
            account.Property(a => a.Scope).HasColumnName("scope");
            account.Property(a => a.IdToken).HasColumnName("id_token");
            account.Property(a => a.SessionState).HasColumnName("session_state");
            account.HasIndex(a => new { a.Provider, a.ProviderAccountId }).IsUnique().HasDatabaseName("Account_provider_providerAccountId_key");
            account.HasIndex(a => a.UserId).HasDatabaseName("Account_userId_idx");
            account.HasOne<SesameUserEntity>().WithMany().HasForeignKey(a => a.UserId)
                .OnDelete(DeleteBehavior.Cascade).HasConstraintName("Account_userId_fkey");
        });

        modelBuilder.Entity<SesameSessionEntity>(session =>
        {
            session.ToTable("Session", schema);
            session.HasKey(s => s.Id).HasName("Session_pkey");
            session.Property(s => s.Id).HasColumnName("id");
            session.Property(s => s.SessionToken).HasColumnName("sessionToken");
            session.Property(s => s.UserId).HasColumnName("userId");
            session.Property(s => s.Expires).HasColumnName("expires").HasConversion(utc);
            session.Property(s => s.CreatedAt).HasColumnName("createdAt").HasConversion(utc);
            session.Property(s => s.LastSeenAt).HasColumnName("lastSeenAt").HasConversion(utc);
            session.Property(s => s.UserAgent).HasColumnName("userAgent");
            session.Property(s => s.IpAddress).HasColumnName("ipAddress");
            session.Property(s => s.Persistent).HasColumnName("persistent");
            session.HasIndex(s => s.SessionToken).IsUnique().HasDatabaseName("Session_sessionToken_key");
            // Prisma has no index here; the device list, "sign out everywhere" and the cascade from User look sessions up by user.
            session.HasIndex(s => s.UserId).HasDatabaseName("Session_userId_idx");
            session.HasOne<SesameUserEntity>().WithMany().HasForeignKey(s => s.UserId)
                .OnDelete(DeleteBehavior.Cascade).HasConstraintName("Session_userId_fkey");
        });

        modelBuilder.Entity<SesameVerificationTokenEntity>(token =>
        {
            token.ToTable("VerificationToken", schema);
            // Prisma v4 declares UNIQUE(identifier, token) and no primary key; EF Core needs a key, and this one is that
            // unique key (and Auth.js v5's primary key).
            token.HasKey(t => new { t.Identifier, t.Token }).HasName("VerificationToken_identifier_token_key");
            token.Property(t => t.Identifier).HasColumnName("identifier");
            token.Property(t => t.Token).HasColumnName("token");
            token.Property(t => t.Expires).HasColumnName("expires").HasConversion(utc);
            token.HasIndex(t => t.Token).IsUnique().HasDatabaseName("VerificationToken_token_key");
        });

        // Sesame's own: the TOTP second factor (next-auth has none), deleted with the user.
        modelBuilder.Entity<SesameTotpEnrolmentEntity>(totp =>
        {
            totp.ToTable("TotpEnrolment", schema);
            totp.HasKey(t => t.UserId).HasName("TotpEnrolment_pkey");
            totp.Property(t => t.UserId).HasColumnName("userId");
            totp.Property(t => t.Secret).HasColumnName("secret");
            totp.Property(t => t.LastUsedTimeStep).HasColumnName("lastUsedTimeStep");
            totp.Property(t => t.LastVerifiedAt).HasColumnName("lastVerifiedAt").HasConversion(utc);
            totp.HasOne<SesameUserEntity>().WithOne().HasForeignKey<SesameTotpEnrolmentEntity>(t => t.UserId)
                .OnDelete(DeleteBehavior.Cascade).HasConstraintName("TotpEnrolment_userId_fkey");
        });

        modelBuilder.Entity<SesameTotpRecoveryCodeEntity>(code =>
        {
            code.ToTable("TotpRecoveryCode", schema);
            code.HasKey(c => new { c.UserId, c.CodeHash }).HasName("TotpRecoveryCode_pkey");
            code.Property(c => c.UserId).HasColumnName("userId");
            code.Property(c => c.CodeHash).HasColumnName("codeHash");
            code.HasOne<SesameTotpEnrolmentEntity>().WithMany().HasForeignKey(c => c.UserId)
                .OnDelete(DeleteBehavior.Cascade).HasConstraintName("TotpRecoveryCode_userId_fkey");
        });

        return modelBuilder;
    }
}

using System.Data.Common;
using Sesame.EntityFrameworkCore.Entities;

// The framework's namespace, so that start-up code finds the extension without a using.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Creates Sesame's tables when the database has none, safely from several app instances at once.</summary>
public static class SesameDbContextSchemaExtensions
{
    private const int MaxAttempts = 20;

    /// <summary>
    /// <c>Database.EnsureCreatedAsync()</c> for several instances starting together: when another instance is creating
    /// the same tables at the same moment (a "table already exists", a locked SQLite file), this waits and checks again
    /// until every Sesame table answers, instead of failing start-up. It returns once the schema is usable. Apps that
    /// use migrations run those instead.
    /// </summary>
    /// <param name="context">A context whose model applied the Sesame model.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task EnsureSesameSchemaAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await QueryEveryTableAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < MaxAttempts && exception is DbException or InvalidOperationException)
            {
                // Another instance is half-way through creating them: give it time, then look again.
                context.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // EnsureCreated returns at once when some table exists: only a query of each says they all do
    private static async Task QueryEveryTableAsync(DbContext context, CancellationToken cancellationToken)
    {
        await context.Set<SesameUserEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
        await context.Set<SesameAccountEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
        await context.Set<SesameSessionEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
        await context.Set<SesameVerificationTokenEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
        await context.Set<SesameTotpEnrolmentEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
        await context.Set<SesameTotpRecoveryCodeEntity>().AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false);
    }
}

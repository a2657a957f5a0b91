using Microsoft.EntityFrameworkCore;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Stores;

/// <summary>
/// TOTP enrolments in the <c>TotpEnrolment</c> and <c>TotpRecoveryCode</c> tables. Using a step or a code is one
/// conditional statement (an <c>UPDATE … WHERE lastUsedTimeStep &lt; @step</c>, a <c>DELETE</c> of the code's row), so
/// the database decides a race between two requests: one row changes, one request wins.
/// </summary>
internal sealed class EntityFrameworkCoreTotpStore(DbContext context) : ITotpStore
{
    private DbSet<SesameTotpEnrolmentEntity> Enrolments => context.Set<SesameTotpEnrolmentEntity>();

    private DbSet<SesameTotpRecoveryCodeEntity> RecoveryCodes => context.Set<SesameTotpRecoveryCodeEntity>();

    public async Task<SesameTotpEnrolment?> GetEnrolmentAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var hashes = await RecoveryCodes.AsNoTracking().Where(c => c.UserId == userId).Select(c => c.CodeHash).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new SesameTotpEnrolment
        {
            UserId = row.UserId,
            Secret = row.Secret,
            RecoveryCodeHashes = hashes,
            LastUsedTimeStep = row.LastUsedTimeStep,
            LastVerifiedAt = row.LastVerifiedAt,
        };
    }

    public async Task SaveEnrolmentAsync(SesameTotpEnrolment enrolment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        var strategy = context.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // replaced whole, in one transaction: never a new secret with the old codes
            await using var transaction = context.Database.CurrentTransaction is null
                ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
                : null;
            await RecoveryCodes.Where(c => c.UserId == enrolment.UserId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await Enrolments.Where(e => e.UserId == enrolment.UserId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var row = new SesameTotpEnrolmentEntity
            {
                UserId = enrolment.UserId,
                Secret = enrolment.Secret,
                LastUsedTimeStep = enrolment.LastUsedTimeStep,
                LastVerifiedAt = enrolment.LastVerifiedAt,
            };
            Enrolments.Add(row);
            var codes = enrolment.RecoveryCodeHashes.Distinct(StringComparer.Ordinal)
                .Select(hash => new SesameTotpRecoveryCodeEntity { UserId = enrolment.UserId, CodeHash = hash }).ToList();
            RecoveryCodes.AddRange(codes);
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // the rows are written; the context should not keep tracking them for the app
                context.Entry(row).State = EntityState.Detached;
                foreach (var code in codes)
                {
                    context.Entry(code).State = EntityState.Detached;
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    public async Task<bool> DeleteEnrolmentAsync(string userId, CancellationToken cancellationToken)
    {
        await RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await Enrolments.Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> TryUseTimeStepAsync(string userId, long timeStep, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Enrolments
            .Where(e => e.UserId == userId && (e.LastUsedTimeStep == null || e.LastUsedTimeStep < timeStep))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LastUsedTimeStep, timeStep).SetProperty(e => e.LastVerifiedAt, now), cancellationToken)
            .ConfigureAwait(false) == 1;

    public async Task<bool> TryUseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await RecoveryCodes.Where(c => c.UserId == userId && c.CodeHash == codeHash).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            return false;
        }

        await Enrolments.Where(e => e.UserId == userId).ExecuteUpdateAsync(set => set.SetProperty(e => e.LastVerifiedAt, now), cancellationToken).ConfigureAwait(false);
        return true;
    }
}

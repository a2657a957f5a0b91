using Sesame.Stores;

namespace Sesame.Mfa;

/// <summary>
/// TOTP enrolments in memory, atomic under one lock as <see cref="ITotpStore"/> requires: for tests, and for one
/// instance whose enrolments come from configuration at start-up. Everything is lost when the process ends, and
/// instances do not share it (a code used on one is not known as used on another): a real app keeps enrolments in its
/// database (<c>AddEntityFrameworkCoreStores</c> registers an EF Core store).
/// </summary>
public sealed class InMemoryTotpStore : ITotpStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SesameTotpEnrolment> _enrolments = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<SesameTotpEnrolment?> GetEnrolmentAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_enrolments.GetValueOrDefault(userId));
        }
    }

    /// <inheritdoc />
    public Task SaveEnrolmentAsync(SesameTotpEnrolment enrolment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enrolment);
        lock (_gate)
        {
            _enrolments[enrolment.UserId] = enrolment;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteEnrolmentAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_enrolments.Remove(userId));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryUseTimeStepAsync(string userId, long timeStep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_enrolments.TryGetValue(userId, out var enrolment) || enrolment.LastUsedTimeStep >= timeStep)
            {
                return Task.FromResult(false);
            }

            _enrolments[userId] = enrolment with { LastUsedTimeStep = timeStep, LastVerifiedAt = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryUseRecoveryCodeAsync(string userId, string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_enrolments.TryGetValue(userId, out var enrolment) || !enrolment.RecoveryCodeHashes.Contains(codeHash, StringComparer.Ordinal))
            {
                return Task.FromResult(false);
            }

            _enrolments[userId] = enrolment with
            {
                RecoveryCodeHashes = [.. enrolment.RecoveryCodeHashes.Where(hash => !string.Equals(hash, codeHash, StringComparison.Ordinal))],
                LastVerifiedAt = now,
            };
            return Task.FromResult(true);
        }
    }
}

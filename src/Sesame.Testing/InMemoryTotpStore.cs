using Sesame.Stores;

namespace Sesame.Testing;

/// <summary>
/// TOTP enrolments in memory, for tests and single-process samples: atomic under one lock, as <see cref="ITotpStore"/>
/// requires. Everything is lost when the process ends.
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

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sesame.Errors;
using Sesame.Events;
using Sesame.Logging;
using Sesame.Sessions;
using Sesame.Stores;

namespace Sesame.SignIn;

/// <summary>
/// Finds or creates the stored user a sign-in is for, and links external accounts to it (next-auth's <c>handleLogin</c>),
/// safely under concurrency: two first sign-ins of one person racing each other end with one user, never with a
/// unique-constraint refusal.
/// </summary>
internal sealed class SignInUsers(SesameSettings settings, SessionEvents events, TimeProvider timeProvider, Diagnostics.SesameMetrics metrics, ILogger<SignInUsers> logger)
{
    // A concurrent first sign-in that lost a race waits a little longer each time (under a second in all) for the winner
    // to finish linking.
    private static readonly TimeSpan RaceRetryDelay = TimeSpan.FromMilliseconds(25);
    private const int RaceRetries = 8;

    /// <summary>The user store, when the app has one.</summary>
    public static IUserStore? UserStoreOf(HttpContext httpContext) => httpContext.RequestServices.GetService<IUserStore>();

    /// <summary>The stored user an external account is already linked to, for the <c>signIn</c> callback.</summary>
    public static async Task<SesameUser?> FindLinkedAsync(IUserStore users, SesameAccount account, CancellationToken cancellationToken) =>
        await users.GetUserByAccountAsync(account.Provider, account.ProviderAccountId, cancellationToken).ConfigureAwait(false);

    /// <summary>The user the new session is for, whether it is new, or why there is none.</summary>
    public async Task<UserResolution> ResolveAsync(HttpContext httpContext, SignInCandidate candidate, SesameUser? linked, string? currentUserId)
    {
        var users = UserStoreOf(httpContext);
        if (candidate.IsVerifiedAddress)
        {
            // JWT sessions without a user store: the session is the address (next-auth's placeholder user).
            return users is null ? new UserResolution(candidate.User, null, null) : await ResolveByAddressAsync(httpContext, users, candidate).ConfigureAwait(false);
        }

        if (!candidate.IsExternal)
        {
            // The app vouches for its own users. A session row must point at a user row, so the database strategy keeps
            // one for them; the JWT strategy needs none (next-auth never writes credentials users to its adapter).
            return settings.Strategy == SessionStrategy.Database && users is not null
                ? await EnsureAppUserAsync(httpContext, users, candidate.User).ConfigureAwait(false)
                : new UserResolution(candidate.User, false, null);
        }

        if (users is null)
        {
            // JWT sessions without a database: the session is the provider's account, as in next-auth.
            return new UserResolution(candidate.User, null, null);
        }

        try
        {
            return await ResolveExternalAsync(httpContext, users, candidate, linked, currentUserId).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SignInStoreFailed(logger, exception, candidate.Account.Provider);
            return new UserResolution(null, null, AuthErrorCode.OAuthCreateAccount);
        }
    }

    /// <summary>
    /// The owner of a just-verified address (next-auth's e-mail branch of <c>handleLogin</c>): the stored user with it,
    /// marked verified now, or a new user with only the address. Two concurrent first sign-ins end with one user.
    /// </summary>
    private async Task<UserResolution> ResolveByAddressAsync(HttpContext httpContext, IUserStore users, SignInCandidate candidate)
    {
        var cancellationToken = httpContext.RequestAborted;
        var email = candidate.User.Email ?? throw new InvalidOperationException("A verified-address sign-in needs the address.");
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var now = timeProvider.GetUtcNow();
                if (await users.GetUserByEmailAsync(email, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    var verified = existing with { EmailVerified = now };
                    await metrics.StoreCallAsync("user.update", () => users.UpdateUserAsync(verified, cancellationToken)).ConfigureAwait(false);
                    return new UserResolution(verified, false, null);
                }

                SesameUser created;
                try
                {
                    created = await metrics.StoreCallAsync("user.create", () => users.CreateUserAsync(new SesameUser { Id = StoreIds.NewId(), Email = email, EmailVerified = now }, cancellationToken)).ConfigureAwait(false);
                }
                catch (SesameStoreConflictException) when (attempt == 0)
                {
                    // a concurrent first sign-in of the same address created the user: use it
                    continue;
                }

                await events.CreateUserAsync(new CreateUserEventContext(httpContext, created)).ConfigureAwait(false);
                return new UserResolution(created, true, null);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SignInStoreFailed(logger, exception, candidate.Account.Provider);
            return new UserResolution(null, null, AuthErrorCode.EmailCreateAccount);
        }
    }

    private async Task<UserResolution> EnsureAppUserAsync(HttpContext httpContext, IUserStore users, SesameUser user)
    {
        var cancellationToken = httpContext.RequestAborted;
        try
        {
            if (await users.GetUserAsync(user.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new UserResolution(user, false, null);
            }

            try
            {
                await metrics.StoreCallAsync("user.create", () => users.CreateUserAsync(user, cancellationToken)).ConfigureAwait(false);
                await events.CreateUserAsync(new CreateUserEventContext(httpContext, user)).ConfigureAwait(false);
            }
            catch (SesameStoreConflictException)
            {
                // Another request created the row between our look-up and our insert: it is there now, which is all we need.
                if (await users.GetUserAsync(user.Id, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw;
                }
            }

            return new UserResolution(user, false, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SignInStoreFailed(logger, exception, "credentials");
            return new UserResolution(null, null, AuthErrorCode.AccessDenied);
        }
    }

    private async Task<UserResolution> ResolveExternalAsync(HttpContext httpContext, IUserStore users, SignInCandidate candidate, SesameUser? linked, string? currentUserId)
    {
        var cancellationToken = httpContext.RequestAborted;
        var account = candidate.Account;
        for (var attempt = 0; attempt <= RaceRetries; attempt++)
        {
            if (currentUserId is not null)
            {
                // Signed in already: this sign-in links another provider to the same person, never moves an account.
                if (linked is not null)
                {
                    return linked.Id == currentUserId ? new UserResolution(linked, false, null) : NotLinked(account);
                }

                var current = await users.GetUserAsync(currentUserId, cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    currentUserId = null;
                    continue;
                }

                if (await LinkAsync(httpContext, current, account, isNewUser: false).ConfigureAwait(false) is { } linkedToCurrent)
                {
                    return linkedToCurrent;
                }

                linked = await FindLinkedAsync(users, account, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (linked is not null)
            {
                return new UserResolution(linked, false, null);
            }

            var email = candidate.User.Email;
            if (email is not null && await users.GetUserByEmailAsync(email, cancellationToken).ConfigureAwait(false) is { } sameEmail)
            {
                if (!(candidate.AllowEmailAccountLinking && candidate.EmailVerified))
                {
                    // The same address under another account: only the provider's word that it verified the address
                    // (and the app's opt-in) may join them, or anyone who registers that address elsewhere takes the account.
                    // Unless a concurrent first sign-in of this very account created that user and is linking it now.
                    if (attempt < RaceRetries)
                    {
                        linked = await WaitForLinkAsync(users, account, attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    return NotLinked(account);
                }

                if (await LinkAsync(httpContext, sameEmail, account, isNewUser: false).ConfigureAwait(false) is { } linkedByEmail)
                {
                    return linkedByEmail;
                }

                linked = await FindLinkedAsync(users, account, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var created = candidate.User with
            {
                Id = StoreIds.NewId(),
                EmailVerified = candidate.EmailVerified ? timeProvider.GetUtcNow() : null,
            };
            try
            {
                var toCreate = created;
                created = await metrics.StoreCallAsync("user.create", () => users.CreateUserAsync(toCreate, cancellationToken)).ConfigureAwait(false);
            }
            catch (SesameStoreConflictException) when (attempt < RaceRetries)
            {
                // A concurrent first sign-in created this person (same e-mail address): take what it made.
                linked = await WaitForLinkAsync(users, account, attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await events.CreateUserAsync(new CreateUserEventContext(httpContext, created)).ConfigureAwait(false);
            if (await LinkAsync(httpContext, created, account, isNewUser: true).ConfigureAwait(false) is { } result)
            {
                return result;
            }

            // The account was linked to another user meanwhile: ours is an orphan; remove it and use theirs.
            var orphan = created.Id;
            await metrics.StoreCallAsync("user.delete", () => users.DeleteUserAsync(orphan, cancellationToken)).ConfigureAwait(false);
            linked = await FindLinkedAsync(users, account, cancellationToken).ConfigureAwait(false);
        }

        // Still racing after every retry: refuse this attempt rather than guess (the user tries again, and wins).
        Log.SignInRaceUnresolved(logger, account.Provider);
        return new UserResolution(null, null, AuthErrorCode.OAuthCreateAccount);
    }

    /// <summary>Links the account; <see langword="null"/> when it was linked to someone else meanwhile (the caller re-reads).</summary>
    private async Task<UserResolution?> LinkAsync(HttpContext httpContext, SesameUser user, SesameAccount account, bool isNewUser)
    {
        var accounts = httpContext.RequestServices.GetService<IAccountStore>()
            ?? throw new InvalidOperationException("OAuth sign-in with a user store needs an account store too: register both, e.g. with AddEntityFrameworkCoreStores<TContext>().");
        var linkedAccount = account with { UserId = user.Id };
        try
        {
            await metrics.StoreCallAsync("account.link", () => accounts.LinkAccountAsync(linkedAccount, httpContext.RequestAborted)).ConfigureAwait(false);
        }
        catch (SesameStoreConflictException)
        {
            var owner = await FindLinkedAsync(UserStoreOf(httpContext)!, account, httpContext.RequestAborted).ConfigureAwait(false);
            return owner?.Id == user.Id ? new UserResolution(user, false, null) : null;
        }

        await events.LinkAccountAsync(new LinkAccountEventContext(httpContext, user, linkedAccount)).ConfigureAwait(false);
        return new UserResolution(user, isNewUser, null);
    }

    private static async Task<SesameUser?> WaitForLinkAsync(IUserStore users, SesameAccount account, int attempt, CancellationToken cancellationToken)
    {
        await Task.Delay(RaceRetryDelay * (attempt + 1), cancellationToken).ConfigureAwait(false);
        return await FindLinkedAsync(users, account, cancellationToken).ConfigureAwait(false);
    }

    private UserResolution NotLinked(SesameAccount account)
    {
        Log.AccountNotLinked(logger, account.Provider);
        return new UserResolution(null, null, AuthErrorCode.OAuthAccountNotLinked);
    }
}

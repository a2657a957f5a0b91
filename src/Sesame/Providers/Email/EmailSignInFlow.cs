using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Sesame.Access;
using Sesame.Diagnostics;
using Sesame.Errors;
using Sesame.Http;
using Sesame.Logging;
using Sesame.SignIn;
using Sesame.Stores;

namespace Sesame.Providers.Email;

/// <summary>
/// The magic-link flow. <c>POST /signin/{id}</c>: limits, the address normalized or refused, the <c>signIn</c> callback
/// (<c>verificationRequest</c>), a random token whose hash is stored, the mail, the verify-request page.
/// <c>GET /callback/{id}</c>: the token used once (the store deletes it atomically), for its address, before it expires,
/// then the one sign-in pipeline. Every failure is a <c>?error=</c> code and one log line.
/// </summary>
internal sealed class EmailSignInFlow(
    SesameSettings settings,
    SignInPipeline pipeline,
    EmailTokens tokens,
    Security.SignInRateLimiter limiter,
    SesameMetrics metrics,
    TimeProvider time,
    ILogger<EmailSignInFlow> logger)
{
    private const string ProviderType = "email";

    // a token is 64 hex digits; anything much longer is not one of ours and is not hashed
    private const int MaxTokenLength = 128;

    public async Task StartAsync(EmailProvider provider, SignInFlowContext context)
    {
        var request = context.Request;
        var httpContext = request.HttpContext;
        var cancellationToken = httpContext.RequestAborted;

        var client = Security.SignInRateLimiter.ClientOf(httpContext);
        if (!limiter.TryAcquire(provider.Id, "client", client, provider.PermitsPerClient, provider.RateLimitWindow, out var clientRetry))
        {
            await TooManyAsync(request, provider, "client", clientRetry).ConfigureAwait(false);
            return;
        }

        var address = EmailAddresses.Normalize(request.Field("email"), out var refusal);
        if (address is null)
        {
            Log.EmailAddressRefused(logger, provider.Id, refusal!);
            await FailedAsync(request, provider).ConfigureAwait(false);
            return;
        }

        if (!limiter.TryAcquire(provider.Id, "address", address, provider.PermitsPerAddress, provider.RateLimitWindow, out var addressRetry))
        {
            await TooManyAsync(request, provider, "address", addressRetry).ConfigureAwait(false);
            return;
        }

        SignInCandidate candidate;
        try
        {
            candidate = await CandidateAsync(httpContext, provider, address).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.EmailStoreFailed(logger, exception, provider.Id);
            await FailedAsync(request, provider).ConfigureAwait(false);
            return;
        }

        if (await pipeline.AuthorizeVerificationRequestAsync(httpContext, candidate, request.BaseUrl).ConfigureAwait(false) is { } refused)
        {
            await AuthResponses.RedirectAsync(request, refused.RedirectUrl, refused.StatusCode).ConfigureAwait(false);
            return;
        }

        var token = EmailTokens.NewToken();
        var hash = tokens.Hash(provider, token);
        var expires = time.GetUtcNow() + provider.MaxAge;
        var store = httpContext.RequestServices.GetRequiredService<IVerificationTokenStore>();
        try
        {
            await metrics.StoreCallAsync("verification_token.create", () => store.CreateVerificationTokenAsync(new SesameVerificationToken { Identifier = address, TokenHash = hash, Expires = expires }, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.EmailStoreFailed(logger, exception, provider.Id);
            await FailedAsync(request, provider).ConfigureAwait(false);
            return;
        }

        // The link is built on the configured public URL: a request's Host header must never decide where it points.
        var origin = settings.Origin ?? throw new InvalidOperationException("The email provider needs SesameOptions.Url (checked at start-up).");
        var baseUrl = origin + settings.BasePath;
        var link = $"{baseUrl}/callback/{Uri.EscapeDataString(provider.Id)}?callbackUrl={Uri.EscapeDataString(request.CallbackUrl)}&token={token}&email={Uri.EscapeDataString(address)}";
        var message = EmailMessages.Compose(provider.Id, address, provider.From, new Uri(origin).Authority, link, expires);
        try
        {
            await httpContext.RequestServices.GetRequiredKeyedService<IEmailSender>(provider.Id).SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // No mail, no token: a link that was never sent must not stay usable (nor fill the table).
            Log.EmailSendFailed(logger, exception, provider.Id);
            await DeleteTokenAsync(store, provider, address, hash).ConfigureAwait(false);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            await FailedAsync(request, provider).ConfigureAwait(false);
            return;
        }

        Log.EmailSent(logger, provider.Id);
        await AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/verify-request?provider={Uri.EscapeDataString(provider.Id)}&type=email").ConfigureAwait(false);
    }

    public async Task CallbackAsync(EmailProvider provider, SignInFlowContext context)
    {
        var request = context.Request;
        var httpContext = request.HttpContext;
        var cancellationToken = httpContext.RequestAborted;

        // next-auth v4 answers a link without a token with a configuration error (a 500 page); it is a broken link.
        var token = request.Query("token");
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            await InvalidLinkAsync(request, provider, "no token").ConfigureAwait(false);
            return;
        }

        string? identifier = null;
        if (request.Query("email") is { } email && (identifier = EmailAddresses.Normalize(email, out _)) is null)
        {
            await InvalidLinkAsync(request, provider, "not an address").ConfigureAwait(false);
            return;
        }

        SesameVerificationToken? used = null;
        SignInCandidate candidate;
        try
        {
            var store = httpContext.RequestServices.GetRequiredService<IVerificationTokenStore>();
            // the store deletes as it returns: of two clicks on one link exactly one gets the token
            foreach (var secret in tokens.HashSecretsOf(provider))
            {
                var hash = EmailTokens.Hash(token, secret);
                used = await metrics.StoreCallAsync("verification_token.use", () => store.UseVerificationTokenAsync(identifier, hash, cancellationToken)).ConfigureAwait(false);
                if (used is not null)
                {
                    break;
                }
            }

            var reason = used is null ? "unknown or already used"
                : used.Expires <= time.GetUtcNow() ? "expired"
                : identifier is not null && !string.Equals(used.Identifier, identifier, StringComparison.Ordinal) ? "issued for another address"
                : null;
            if (reason is not null)
            {
                await InvalidLinkAsync(request, provider, reason).ConfigureAwait(false);
                return;
            }

            candidate = await CandidateAsync(httpContext, provider, used!.Identifier).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.EmailStoreFailed(logger, exception, provider.Id);
            await InvalidLinkAsync(request, provider, "the store failed").ConfigureAwait(false);
            return;
        }

        await context.CompleteAsync(candidate with { IsVerifiedAddress = true }).ConfigureAwait(false);
    }

    /// <summary>Who the <c>signIn</c> callback sees: the stored user with the address, else next-auth v4's placeholder (id = address).</summary>
    private static async Task<SignInCandidate> CandidateAsync(HttpContext httpContext, EmailProvider provider, string address)
    {
        var users = SignInUsers.UserStoreOf(httpContext);
        var user = (users is null ? null : await users.GetUserByEmailAsync(address, httpContext.RequestAborted).ConfigureAwait(false))
            ?? new SesameUser { Id = address, Email = address };
        return new SignInCandidate
        {
            User = user,
            Account = new SesameAccount { Type = ProviderType, Provider = provider.Id, ProviderAccountId = address, UserId = user.Id },
        };
    }

    private async Task DeleteTokenAsync(IVerificationTokenStore store, EmailProvider provider, string address, string hash)
    {
        try
        {
            // not the request's token: the request may be what was cancelled, and the row must go all the same
            await metrics.StoreCallAsync("verification_token.use", () => store.UseVerificationTokenAsync(address, hash, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.EmailTokenCleanupFailed(logger, exception, provider.Id);
        }
    }

    private Task FailedAsync(AuthRequest request, EmailProvider provider)
    {
        metrics.SignInFailed(provider.Id, ProviderType, AuthErrorCode.EmailSignin);
        var error = AuthErrors.Describe(AuthErrorCode.EmailSignin);
        return AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={error.WireName}", error.SignInStatus);
    }

    private Task InvalidLinkAsync(AuthRequest request, EmailProvider provider, string reason)
    {
        Log.EmailLinkRejected(logger, provider.Id, reason);
        metrics.SignInFailed(provider.Id, ProviderType, AuthErrorCode.Verification);
        var error = AuthErrors.Describe(AuthErrorCode.Verification);
        return AuthResponses.RedirectAsync(request, $"{request.BaseUrl}/error?error={error.WireName}", error.SignInStatus);
    }

    /// <summary>
    /// 429: an API caller (<c>json=true</c>, or JSON preferred in <c>Accept</c>) gets next-auth's <c>{"url"}</c> answer with
    /// the status, so <c>signIn(…, { redirect: false })</c> reports <c>error: "EmailSignin"</c>, status 429; a form is sent
    /// to the error page. Both carry <c>Retry-After</c>.
    /// </summary>
    private Task TooManyAsync(AuthRequest request, EmailProvider provider, string kind, TimeSpan? retryAfter)
    {
        Log.EmailRateLimited(logger, provider.Id, kind);
        metrics.SignInFailed(provider.Id, ProviderType, AuthErrorCode.EmailSignin);
        return AuthResponses.TooManyAsync(request, AuthErrorCode.EmailSignin, retryAfter ?? provider.RateLimitWindow);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sesame.Providers;
using Sesame.Providers.Credentials;
using Sesame.Security;

namespace Sesame.Configuration;

/// <summary>Checks <see cref="SesameOptions"/> at start-up; each failure says how to fix it.</summary>
internal sealed class SesameOptionsValidator(IServiceProviderIsService services, IServiceProvider provider) : IValidateOptions<SesameOptions>
{
    // Options are validated more than once at start-up (IOptions and IOptionsMonitor each validate): warn once.
    private int _warned;

    public ValidateOptionsResult Validate(string? name, SesameOptions options)
    {
        var failures = new List<string>();
        if (options.Secrets.Count == 0)
        {
            failures.Add("Sesame needs a secret to encrypt sessions: set the AUTH_SECRET environment variable (e.g. to the output of `openssl rand -base64 32`) or add one to SesameOptions.Secrets.");
        }
        else if (options.Secrets.Any(string.IsNullOrEmpty))
        {
            failures.Add("SesameOptions.Secrets contains an empty secret; remove it.");
        }
        else
        {
            ValidateStrength(options, failures);
        }

        if (options.Url is null && !options.TrustHost)
        {
            failures.Add("Sesame needs the app's public URL to keep redirects on its origin: set AUTH_URL (e.g. https://app.example.com) or SesameOptions.Url; behind a proxy you trust, set SesameOptions.TrustHost = true (AUTH_TRUST_HOST=true) instead.");
        }
        else if (options.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"SesameOptions.Url must be an absolute http or https URL; got '{url}'.");
        }

        if (options.Url is { Scheme: "https" } secureUrl && (options.UseSecureCookies == false || options.Cookies.SessionToken.Secure == false))
        {
            failures.Add($"The public URL {secureUrl.GetLeftPart(UriPartial.Authority)} is https but the session cookie is set not Secure (SesameOptions.UseSecureCookies or Cookies.SessionToken.Secure is false): a browser would send it over plain http too. Remove that setting, or use an http URL for local development.");
        }

        if (options.BasePath is { } basePath && (!basePath.StartsWith('/') || basePath.Contains('?', StringComparison.Ordinal) || basePath.Contains('#', StringComparison.Ordinal)))
        {
            failures.Add($"SesameOptions.BasePath must be a path starting with '/'; got '{basePath}'.");
        }
        else if (options.BasePath is { } configuredPath && options.Url is { IsAbsoluteUri: true } publicUrl
            && publicUrl.AbsolutePath.TrimEnd('/') is { Length: > 0 } urlPath && !string.Equals(urlPath, configuredPath.TrimEnd('/'), StringComparison.Ordinal))
        {
            // As in Auth.js, the path of AUTH_URL is the base path: callback URLs and e-mail links are built on BasePath, so
            // with two that disagree the identity provider would send users back to a path the endpoints are not on.
            failures.Add($"The public URL's path '{urlPath}' (AUTH_URL / SesameOptions.Url) is not SesameOptions.BasePath '{configuredPath}': the path of AUTH_URL is where Sesame's endpoints and callback URLs are. Make them the same, or set only one: AUTH_URL without a path (https://{publicUrl.Authority}) with BasePath, or AUTH_URL with the path and no BasePath.");
        }

        if (options.Session.MaxAge <= TimeSpan.Zero)
        {
            failures.Add("SesameOptions.Session.MaxAge must be positive.");
        }

        if (options.Session.MaxTokenSize < 1024)
        {
            failures.Add($"SesameOptions.Session.MaxTokenSize must be at least 1024 characters; got {options.Session.MaxTokenSize}.");
        }

        if (options.Session.UpdateAge < TimeSpan.Zero)
        {
            failures.Add("SesameOptions.Session.UpdateAge must not be negative.");
        }

        if (options.Session.AbsoluteLifetime is { } absolute && absolute < options.Session.MaxAge)
        {
            failures.Add($"SesameOptions.Session.AbsoluteLifetime ({absolute}) must be at least Session.MaxAge ({options.Session.MaxAge}): a shorter absolute lifetime would make the idle timeout meaningless; lower Session.MaxAge instead.");
        }

        if (options.Session.Cache is { Enabled: true } cache)
        {
            if (cache.Duration <= TimeSpan.Zero || cache.Duration > TimeSpan.FromMinutes(1))
            {
                failures.Add($"SesameOptions.Session.Cache.Duration must be positive and at most one minute (it bounds how long a revoked session may still be served); got {cache.Duration}.");
            }

            if (cache.MaxEntries < 1)
            {
                failures.Add($"SesameOptions.Session.Cache.MaxEntries must be at least 1; got {cache.MaxEntries}.");
            }
        }

        if (options.Session.RememberMe is { Enabled: true } rememberMe)
        {
            if (rememberMe.BrowserSessionMaxAge <= TimeSpan.Zero)
            {
                failures.Add("SesameOptions.Session.RememberMe.BrowserSessionMaxAge must be positive.");
            }

            if (rememberMe.BrowserSessionUpdateAge < TimeSpan.Zero)
            {
                failures.Add("SesameOptions.Session.RememberMe.BrowserSessionUpdateAge must not be negative.");
            }

            if ((rememberMe.BrowserSessionAbsoluteLifetime ?? options.Session.AbsoluteLifetime) is { } browserAbsolute && browserAbsolute < rememberMe.BrowserSessionMaxAge)
            {
                failures.Add($"The absolute lifetime of a browser session ({browserAbsolute}: Session.RememberMe.BrowserSessionAbsoluteLifetime, else Session.AbsoluteLifetime) must be at least Session.RememberMe.BrowserSessionMaxAge ({rememberMe.BrowserSessionMaxAge}).");
            }

            if (string.IsNullOrWhiteSpace(rememberMe.FieldName) || rememberMe.FieldName is "csrfToken" or "callbackUrl" or "json")
            {
                failures.Add($"SesameOptions.Session.RememberMe.FieldName must name a field of its own; got '{rememberMe.FieldName}'.");
            }
        }

        if (options.Access.ValidateUserOnEveryRead && options.Access.ValidateUser is null)
        {
            failures.Add("SesameOptions.Access.ValidateUserOnEveryRead is on but Access.ValidateUser is not set: set it to a delegate that looks the user up and returns false when they are gone or inactive.");
        }

        if (options.Access.ValidatedUserCacheDuration < TimeSpan.Zero)
        {
            failures.Add("SesameOptions.Access.ValidatedUserCacheDuration must not be negative.");
        }

        if (options.Jwt.MaxAge is { } jwtMaxAge && jwtMaxAge <= TimeSpan.Zero)
        {
            failures.Add("SesameOptions.Jwt.MaxAge must be positive.");
        }

        if (options.Session.Strategy == Sessions.SessionStrategy.Database &&
            (!services.IsService(typeof(Stores.ISessionStore)) || !services.IsService(typeof(Stores.IUserStore))))
        {
            failures.Add("Session.Strategy is Database but no session and user stores are registered: add them, e.g. builder.Services.AddSesame(...).AddEntityFrameworkCoreStores<TContext>(), or use the JWT strategy.");
        }

        ValidateRevocation(options, failures);
        ValidateProviders(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateRevocation(SesameOptions options, List<string> failures)
    {
        if (options.Jwt.RevocationCheckInterval < TimeSpan.Zero || options.Jwt.RevocationCheckInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"SesameOptions.Jwt.RevocationCheckInterval is {options.Jwt.RevocationCheckInterval}: use zero (ask the store on every request) up to one hour; it bounds how long a revoked JWT session keeps working.");
        }

        if (!options.Jwt.Revocable)
        {
            return;
        }

        if (options.Session.Strategy != Sessions.SessionStrategy.Jwt)
        {
            failures.Add("SesameOptions.Jwt.Revocable is set with Session.Strategy = Database: database sessions are revocable already (every read looks the row up). Turn Jwt.Revocable off, or use the JWT strategy.");
        }
        else if (!services.IsService(typeof(Sessions.Revocation.ISessionRevocationStore)))
        {
            failures.Add("SesameOptions.Jwt.Revocable is set but no ISessionRevocationStore is registered: add one, e.g. builder.Services.AddSesame(...).AddStackExchangeRedisSessionRevocation(\"127.0.0.1:6379\") for many instances, or .AddInMemorySessionRevocation() for a single instance.");
        }
    }

    /// <summary>
    /// Every secret decodes sessions, so each must resist an offline guess from one captured cookie: refused under 256 bits
    /// (32 random bytes) outside Development, where a warning says the same and the app still starts. With no host
    /// environment registered (not a hosted app) the strict rule applies.
    /// </summary>
    private void ValidateStrength(SesameOptions options, List<string> failures)
    {
        var development = provider.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        for (var index = 0; index < options.Secrets.Count; index++)
        {
            var bits = SecretStrength.EstimateBits(options.Secrets[index]);
            if (bits >= SecretStrength.RequiredBits)
            {
                continue;
            }

            var problem = $"Secret {index + 1} of {options.Secrets.Count} (AUTH_SECRET / SesameOptions.Secrets) is too weak: about {bits} bits of entropy, and at least {SecretStrength.RequiredBits} (32 random bytes) are needed so that a captured session cookie cannot be used to guess it. Generate one with `openssl rand -base64 32` and set AUTH_SECRET to it.";
            if (development)
            {
                var logger = provider.GetService<ILoggerFactory>()?.CreateLogger<SesameOptionsValidator>();
                if (logger is not null && Interlocked.Exchange(ref _warned, 1) == 0)
                {
                    Logging.Log.WeakSecretInDevelopment(logger, problem);
                }
            }
            else
            {
                failures.Add(problem + " Outside Development a weak secret is refused.");
            }
        }
    }

    private static void ValidateProviders(SesameOptions options, List<string> failures)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in options.Providers)
        {
            if (string.IsNullOrEmpty(provider.Id) || !provider.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                failures.Add($"Provider id '{provider.Id}' must be non-empty and made of letters, digits, '-' and '_' (it appears in URLs).");
            }
            else if (!ids.Add(provider.Id))
            {
                failures.Add($"Two providers have the id '{provider.Id}'; give each a distinct id.");
            }

            if (provider is CredentialsProvider { Authorize: null })
            {
                failures.Add($"The credentials provider '{provider.Id}' has no Authorize delegate: set CredentialsProvider.Authorize to check the posted fields.");
            }
        }
    }
}

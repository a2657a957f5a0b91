using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Sesame.Providers.OAuth;

/// <summary>
/// The Apple preset's client credentials, resolved once at start-up from <see cref="AppleProviderOptions"/> and
/// configuration: the Services ID, and either a ready-made client secret or what signs one. Apple's client secret is a
/// JWT (ES256, header <c>kid</c> the key id; <c>iss</c> the team id, <c>iat</c>, <c>exp</c> at most six months later,
/// <c>aud</c> <c>https://appleid.apple.com</c>, <c>sub</c> the Services ID); a signed one is reused until half its
/// lifetime has passed, then the next token request gets a new one. What is missing or wrong is in <see cref="Problems"/>
/// for start-up to report.
/// </summary>
internal sealed class AppleClientCredentials : IDisposable
{
    /// <summary>The client secret's audience: Apple's issuer, wherever the token endpoint is (a proxy, a test server).</summary>
    public const string Audience = "https://appleid.apple.com";

    private readonly string? _teamId;
    private readonly string? _keyId;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly Func<IServiceProvider, CancellationToken, Task<string>>? _loadKey;
    private readonly Lock _signing = new();
    private readonly CryptoProviderFactory _signers = new() { CacheSignatureProviders = false };
    private ECDsa? _key;
    private volatile Issued? _current;

    private AppleClientCredentials(AppleProviderOptions options, IConfiguration? configuration, TimeProvider time, IServiceProvider services)
    {
        string? Setting(string? value, string name) =>
            value is { Length: > 0 } ? value : configuration?[OAuthSchemeSetup.EnvironmentName(Id, name)] is { Length: > 0 } configured ? configured : null;

        _time = time;
        _services = services;
        _lifetime = options.ClientSecretLifetime;
        ClientId = Setting(options.ClientId, "ID");
        FixedSecret = Setting(options.ClientSecret, "SECRET");
        _teamId = Setting(options.TeamId, "TEAM_ID");
        _keyId = Setting(options.KeyId, "KEY_ID");
        var pem = Setting(options.PrivateKey, "PRIVATE_KEY");
        _loadKey = pem is null ? options.PrivateKeyProvider : null;
        var problems = new List<string>();
        Problems = problems;

        if (ClientId is null)
        {
            problems.Add("The Apple provider has no client id: set ClientId to the Services ID (Apple Developer → Certificates, Identifiers & Profiles → Identifiers → Services IDs, e.g. com.example.web), or AUTH_APPLE_ID in configuration.");
        }

        var hasKey = pem is not null || _loadKey is not null;
        if (FixedSecret is not null && hasKey)
        {
            problems.Add("The Apple provider has both a ready-made client secret (ClientSecret or AUTH_APPLE_SECRET) and a key to sign one with (PrivateKey, PrivateKeyProvider or AUTH_APPLE_PRIVATE_KEY): keep one. The key is better: Sesame then signs short-lived secrets itself, and none expires unnoticed.");
        }
        else if (FixedSecret is not null)
        {
            CheckFixedSecret(FixedSecret, problems);
        }
        else if (!hasKey)
        {
            problems.Add("The Apple provider has no client secret. Let Sesame sign one: set TeamId, KeyId and PrivateKey (the text of the .p8 file of a Sign in with Apple key; or PrivateKeyProvider to load it), or AUTH_APPLE_TEAM_ID, AUTH_APPLE_KEY_ID and AUTH_APPLE_PRIVATE_KEY in configuration. Or set a ready-made ClientSecret (AUTH_APPLE_SECRET): a JWT you signed with that key, valid for at most six months.");
        }
        else
        {
            if (_teamId is null)
            {
                problems.Add("The Apple provider needs TeamId (or AUTH_APPLE_TEAM_ID) to sign its client secret: the 10-character team id shown in Apple Developer → Membership details.");
            }

            if (_keyId is null)
            {
                problems.Add("The Apple provider needs KeyId (or AUTH_APPLE_KEY_ID) to sign its client secret: the id of the Sign in with Apple key (Apple Developer → Keys), also in the .p8 file's name, AuthKey_{KeyId}.p8.");
            }

            if (_lifetime <= TimeSpan.Zero || _lifetime > AppleProviderOptions.MaxClientSecretLifetime)
            {
                problems.Add($"The Apple provider's ClientSecretLifetime is {_lifetime}: it must be positive and at most {AppleProviderOptions.MaxClientSecretLifetime.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds (six months), Apple's limit.");
            }

            if (pem is not null)
            {
                _key = ImportKey(pem, out var problem);
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }
        }
    }

    /// <summary>The provider id.</summary>
    public const string Id = "apple";

    /// <summary>The Services ID, or <see langword="null"/> (a problem).</summary>
    public string? ClientId { get; }

    /// <summary>The ready-made client secret, when there is one: then Sesame signs none.</summary>
    public string? FixedSecret { get; }

    /// <summary>What start-up reports; empty when the credentials are complete.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static AppleClientCredentials Create(AppleProviderOptions options, IConfiguration? configuration, TimeProvider time, IServiceProvider services) =>
        new(options, configuration, time, services);

    /// <summary>The client secret for a token request: the ready-made one, or a signed one not past half its lifetime.</summary>
    /// <exception cref="InvalidOperationException">The key could not be loaded (<see cref="AppleProviderOptions.PrivateKeyProvider"/>).</exception>
    public async ValueTask<string> GetSecretAsync(CancellationToken cancellationToken)
    {
        if (FixedSecret is not null)
        {
            return FixedSecret;
        }

        var now = _time.GetUtcNow();
        if (_current is { } current && now < current.RenewAt && now >= current.IssuedAt)
        {
            return current.Value;
        }

        var key = _key ?? await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        var issued = Sign(key, now);
        // (two requests renewing at once each sign a valid secret; the last one stays)
        _current = issued;
        return issued.Value;
    }

    private Issued Sign(ECDsa key, DateTimeOffset now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _teamId,
            Audience = Audience,
            // iat and exp from the injected clock, and no nbf: exactly the claims Apple documents
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["sub"] = ClientId!,
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = (now + _lifetime).ToUnixTimeSeconds(),
            },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = _keyId }, SecurityAlgorithms.EcdsaSha256)
            {
                // IdentityModel's default factory caches signature providers process-wide by the key's thumbprint: a second
                // app (or host) with the same .p8 key would sign with the first one's ECDsa, disposed with it
                CryptoProviderFactory = _signers,
            },
        };
        string token;
        // an ECDsa instance is not safe for concurrent use; signing is rare (once per half lifetime)
        lock (_signing)
        {
            token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        }

        return new Issued(token, now, now + (_lifetime / 2));
    }

    private async Task<ECDsa> LoadKeyAsync(CancellationToken cancellationToken)
    {
        string pem;
        try
        {
            pem = await _loadKey!(_services, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("The Apple provider's PrivateKeyProvider failed to load the key that signs the client secret.", exception);
        }

        var key = ImportKey(pem, out var problem) ?? throw new InvalidOperationException(problem);
        var loaded = Interlocked.CompareExchange(ref _key, key, null);
        if (loaded is not null)
        {
            key.Dispose();
            return loaded;
        }

        return key;
    }

    /// <summary>An EC P-256 private key from the <c>.p8</c> file's PEM text, or the reason it is not one.</summary>
    private static ECDsa? ImportKey(string pem, out string? problem)
    {
        const string Expected = "The Apple provider's private key is not the PEM text of a Sign in with Apple key (an EC P-256 private key, the .p8 file from Apple Developer → Keys, from '-----BEGIN PRIVATE KEY-----' to '-----END PRIVATE KEY-----')";
        var key = ECDsa.Create();
        try
        {
            // a .env file keeps the PEM on one line, with \n for its line breaks
            key.ImportFromPem(pem.Replace("\\n", "\n", StringComparison.Ordinal).Trim());
            var parameters = key.ExportParameters(includePrivateParameters: true);
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                problem = Expected + ": its curve is not P-256.";
                key.Dispose();
                return null;
            }
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            problem = Expected + ".";
            key.Dispose();
            return null;
        }

        problem = null;
        return key;
    }

    /// <summary>A ready-made secret must be a JWT that has not expired (a expired one fails every sign-in with invalid_client).</summary>
    private void CheckFixedSecret(string secret, List<string> problems)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(secret);
        }
        catch (ArgumentException)
        {
            problems.Add("The Apple provider's ClientSecret (or AUTH_APPLE_SECRET) is not a JWT: Apple's client secret is a JWT signed with the team's key. Let Sesame sign it (TeamId, KeyId, PrivateKey) or generate one (at most six months valid).");
            return;
        }

        if (token.TryGetPayloadValue<long>("exp", out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp) <= _time.GetUtcNow())
        {
            problems.Add($"The Apple provider's ClientSecret (or AUTH_APPLE_SECRET) expired at {DateTimeOffset.FromUnixTimeSeconds(exp).ToString("u", CultureInfo.InvariantCulture)}: generate a new one, or set TeamId, KeyId and PrivateKey so that Sesame signs short-lived secrets itself.");
        }
    }

    public void Dispose() => _key?.Dispose();

    private sealed record Issued(string Value, DateTimeOffset IssuedAt, DateTimeOffset RenewAt);
}

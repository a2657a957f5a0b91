using System.Security.Cryptography;

namespace Sesame.Sample;

/// <summary>Development convenience: a random secret when none is configured. Production refuses to start instead (Sesame's start-up validation).</summary>
internal static class SampleSecret
{
    public static string? GenerateIfMissing(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!string.IsNullOrEmpty(configuration["AUTH_SECRET"] ?? configuration["NEXTAUTH_SECRET"]) || !environment.IsDevelopment())
        {
            return null;
        }

        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }
}

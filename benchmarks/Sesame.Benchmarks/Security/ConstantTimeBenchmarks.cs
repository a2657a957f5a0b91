using System.Runtime.InteropServices;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Sesame.Security;

namespace Sesame.Benchmarks.Security;

/// <summary>
/// The constant-time comparison behind the decoded-token memo (every session request with a known token compares the
/// whole token) and CSRF checks: the framework's <see cref="CryptographicOperations.FixedTimeEquals"/>, which is built
/// unoptimised, against Sesame's vectorised <see cref="ConstantTime"/>, on a CSRF token and on session tokens.
/// </summary>
[MemoryDiagnoser]
public class ConstantTimeBenchmarks
{
    private string _left = null!;
    private string _right = null!;

    /// <summary>64: a CSRF token; 335: a small v4 session token; 3933: a full cookie chunk.</summary>
    [Params(64, 335, 3933)]
    public int Characters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _left = Convert.ToBase64String(RandomNumberGenerator.GetBytes(Characters))[..Characters];
        _right = new string(_left.AsSpan()); // equal, so both compare everything
    }

    [Benchmark(Baseline = true, Description = "CryptographicOperations.FixedTimeEquals")]
    public bool FixedTimeEquals() =>
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(_left.AsSpan()), MemoryMarshal.AsBytes(_right.AsSpan()));

    [Benchmark(Description = "ConstantTime.Equals")]
    public bool ConstantTimeEquals() => ConstantTime.Equals(_left.AsSpan(), _right.AsSpan());
}

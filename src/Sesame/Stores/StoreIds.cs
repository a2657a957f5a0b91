using System.Security.Cryptography;

namespace Sesame.Stores;

/// <summary>The ids stores give to rows whose caller gave none.</summary>
public static class StoreIds
{
    /// <summary>The number of characters in an id made by <see cref="NewId"/>.</summary>
    public const int Length = 25;

    // Lower-case letters and digits: safe in URLs, file names and case-insensitive collations alike.
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// A new random id: <see cref="Length"/> characters of <c>[0-9a-z]</c> from a cryptographic random number
    /// generator (about 129 bits), so ids cannot be guessed even though they are not secret.
    /// </summary>
    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, Length);
}

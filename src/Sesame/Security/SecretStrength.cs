using System.Text;

namespace Sesame.Security;

/// <summary>
/// A conservative estimate of how many bits of entropy a secret string holds, to refuse the guessable ones at start-up:
/// one captured session cookie lets an attacker try secrets offline, and a short or patterned one falls in milliseconds.
/// </summary>
/// <remarks>
/// The estimate is length × log2(alphabet), where the alphabet is the union of the character classes the secret uses
/// (lower case, upper case, digits, ASCII symbols, anything else); a secret that repeats itself counts only its period,
/// and one made of very few distinct characters counts only those. It cannot know where a secret came from: it only
/// catches the weak ones that look weak. The output of <c>openssl rand -base64 32</c> (44 characters, about 289 bits by
/// this estimate) and of <c>openssl rand -hex 32</c> (64 characters, about 330) both pass.
/// </remarks>
internal static class SecretStrength
{
    /// <summary>32 bytes: the key size every derived key here has.</summary>
    public const int RequiredBits = 256;

    public static int EstimateBits(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var runes = new List<Rune>(secret.Length);
        foreach (var rune in secret.EnumerateRunes())
        {
            runes.Add(rune);
        }

        var length = Period(runes);
        bool lower = false, upper = false, digit = false, symbol = false, other = false;
        var distinct = new HashSet<Rune>();
        for (var i = 0; i < length; i++)
        {
            var rune = runes[i];
            distinct.Add(rune);
            if (rune.Value is >= 'a' and <= 'z')
            {
                lower = true;
            }
            else if (rune.Value is >= 'A' and <= 'Z')
            {
                upper = true;
            }
            else if (rune.Value is >= '0' and <= '9')
            {
                digit = true;
            }
            else if (rune.Value is >= 0x20 and < 0x7F)
            {
                symbol = true;
            }
            else
            {
                other = true;
            }
        }

        var alphabet = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) + (other ? 100 : 0);

        // Few distinct characters ("aaaa…", "abab…") are a small alphabet, whatever classes they come from.
        if (distinct.Count < 10)
        {
            alphabet = Math.Min(alphabet, distinct.Count);
        }

        return alphabet <= 1 ? 0 : (int)Math.Floor(length * Math.Log2(alphabet));
    }

    /// <summary>The length of the shortest prefix that the whole secret repeats (its own length when it repeats none).</summary>
    private static int Period(List<Rune> runes)
    {
        for (var period = 1; period <= runes.Count / 2; period++)
        {
            var repeats = true;
            for (var i = period; i < runes.Count && repeats; i++)
            {
                repeats = runes[i] == runes[i - period];
            }

            if (repeats)
            {
                return period;
            }
        }

        return runes.Count;
    }
}

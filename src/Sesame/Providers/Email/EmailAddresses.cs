using System.Globalization;
using System.Text;

namespace Sesame.Providers.Email;

/// <summary>
/// Turns what was typed into the one spelling of one address, or refuses it. Tokens are stored under, and links mailed
/// to, this spelling only, so anything that could be read as a second recipient (a comma, a quoted local part, a
/// second <c>@</c> or a character that looks like one) or a header trick is refused before anything is stored or sent.
/// </summary>
internal static class EmailAddresses
{
    /// <summary>RFC 5321's limit on a path (local part, <c>@</c>, domain), rounded as next-auth's ecosystem does.</summary>
    public const int MaxLength = 320;

    // NFC needs ICU; an app in invariant-globalization mode has none, and string.Normalize then returns its input.
    private static readonly bool NormalizationWorks = "e\u0301".Normalize(NormalizationForm.FormC).Length == 1;

    /// <summary>The normalized address (trimmed, NFC, lower-case domain), or <see langword="null"/> with why it was refused.</summary>
    public static string? Normalize(string? input, out string? refusal)
    {
        refusal = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            refusal = "empty";
            return null;
        }

        var value = input.Trim();
        if (value.Length > MaxLength * 2)
        {
            // refused before any work on it, whatever normalization would make of it
            refusal = "too long";
            return null;
        }

        if (NormalizationWorks)
        {
            value = value.Normalize(NormalizationForm.FormC);
        }

        var at = -1;
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (c == '@')
            {
                if (at >= 0)
                {
                    refusal = "more than one @";
                    return null;
                }

                at = index;
                continue;
            }

            if (Refused(value, index) is { } reason)
            {
                refusal = reason;
                return null;
            }
        }

        if (at <= 0 || at == value.Length - 1)
        {
            refusal = at < 0 ? "no @" : "empty local part or domain";
            return null;
        }

        var local = value[..at];
        var domain = value[(at + 1)..].ToLowerInvariant();
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            refusal = "no dot in the domain";
            return null;
        }

        var normalized = local + "@" + domain;
        if (normalized.Length > MaxLength)
        {
            refusal = "too long";
            return null;
        }

        return normalized;
    }

    /// <summary>Why the character at <paramref name="index"/> may not appear in an address, or <see langword="null"/>.</summary>
    private static string? Refused(string value, int index)
    {
        var c = value[index];
        switch (c)
        {
            case ',' or ';':
                return "a list of addresses";
            case '"':
                return "a quote";
            case '<' or '>' or '(' or ')' or '[' or ']' or '\\' or ':':
                return "a display name, comment or route";
        }

        if (c < 0x80)
        {
            return c <= ' ' || c == 0x7f ? "a space or control character" : null;
        }

        // Look-alikes of '@', ',' and '"' (FULLWIDTH COMMERCIAL AT U+FF20, SMALL COMMERCIAL AT U+FE6B, …) live in the
        // fullwidth and small-form blocks; a mail system that folds them (NFKC) would see a second address. The
        // specials after them (U+FFFD, the replacement character) mean the input was mangled on its way.
        if (c is >= '\uFF00' or >= '\uFE50' and <= '\uFE6F' or '\u2018' or '\u2019' or '\u201C' or '\u201D' or '\u2033' or '\u3001' or '\u060C')
        {
            return "a look-alike of @, a comma or a quote";
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(value, index);
        switch (category)
        {
            case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                // bidi overrides and zero-width characters make one address display as another
                return "a space, control or invisible character";
            case UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                return "an unassigned or private-use character";
            case UnicodeCategory.Surrogate:
                // a pair was judged at its high half (its category is the character's: tag characters are Format)
                return char.IsLowSurrogate(c) && index > 0 && char.IsHighSurrogate(value[index - 1]) ? null : "a lone surrogate";
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark when !NormalizationWorks:
                // without NFC one address could be stored in two spellings (é and e + U+0301): only the precomposed one is taken
                return "a combining mark (this host cannot normalize Unicode)";
            default:
                return null;
        }
    }
}

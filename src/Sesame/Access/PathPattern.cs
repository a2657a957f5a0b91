using System.Buffers;

namespace Sesame.Access;

/// <summary>
/// One Next.js matcher pattern (<c>/admin/:section/:path*</c>) compiled to segments once at start-up, then matched against
/// a path's segments without a regular expression or allocation.
/// </summary>
internal sealed class PathPattern
{
    private static readonly SearchValues<char> PatternSyntax = SearchValues.Create(":()*+?{}[]\\");

    private readonly Segment[] _segments;
    private readonly StringComparison _comparison;

    private PathPattern(string source, Segment[] segments, StringComparison comparison)
    {
        Source = source;
        _segments = segments;
        _comparison = comparison;
    }

    public string Source { get; }

    /// <summary>Compiles a pattern; an unsupported one fails with a message that says what is supported.</summary>
    public static PathPattern Compile(string pattern, bool caseSensitive)
    {
        if (string.IsNullOrEmpty(pattern) || pattern[0] != '/')
        {
            throw Invalid(pattern, "a pattern must start with '/'");
        }

        var segments = new List<Segment>();
        foreach (var part in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part[0] != ':')
            {
                if (part.AsSpan().ContainsAny(PatternSyntax))
                {
                    throw Invalid(pattern, $"segment '{part}' mixes text with pattern syntax; only whole-segment parameters (:name, :name?, :name*, :name+) are supported");
                }

                segments.Add(new Segment(SegmentKind.Literal, part));
                continue;
            }

            var kind = part[^1] switch
            {
                '*' => SegmentKind.ZeroOrMore,
                '+' => SegmentKind.OneOrMore,
                '?' => SegmentKind.Optional,
                _ => SegmentKind.One,
            };
            var name = kind == SegmentKind.One ? part.AsSpan(1) : part.AsSpan(1, part.Length - 2);
            if (name.IsEmpty || !IsParameterName(name))
            {
                throw Invalid(pattern, $"parameter '{part}' must be ':' followed by letters, digits or '_' and an optional '?', '*' or '+' (regular-expression groups are not supported)");
            }

            segments.Add(new Segment(kind, null));
        }

        return new PathPattern(pattern, [.. segments], caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the path's segments (ranges into <paramref name="path"/>) match.</summary>
    public bool IsMatch(string path, ReadOnlySpan<Range> segments) => Match(0, path, segments);

    private bool Match(int index, string path, ReadOnlySpan<Range> segments)
    {
        while (index < _segments.Length)
        {
            var segment = _segments[index];
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    if (segments.IsEmpty || !path.AsSpan(segments[0]).Equals(segment.Text, _comparison))
                    {
                        return false;
                    }

                    segments = segments[1..];
                    index++;
                    continue;
                case SegmentKind.One:
                    if (segments.IsEmpty)
                    {
                        return false;
                    }

                    segments = segments[1..];
                    index++;
                    continue;
                default:
                    var min = segment.Kind == SegmentKind.OneOrMore ? 1 : 0;
                    var max = segment.Kind == SegmentKind.Optional ? Math.Min(1, segments.Length) : segments.Length;
                    if (index == _segments.Length - 1)
                    {
                        return segments.Length >= min && segments.Length <= max;
                    }

                    // A repeating parameter before more segments: try each split (patterns are short; this is rare).
                    for (var take = min; take <= max; take++)
                    {
                        if (Match(index + 1, path, segments[take..]))
                        {
                            return true;
                        }
                    }

                    return false;
            }
        }

        return segments.IsEmpty;
    }

    private static bool IsParameterName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static ArgumentException Invalid(string pattern, string reason) =>
        new($"Route protection matcher '{pattern}' is not supported: {reason}. Example: \"/dashboard/:path*\".", nameof(pattern));

    private enum SegmentKind
    {
        Literal,
        One,
        Optional,
        ZeroOrMore,
        OneOrMore,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Text);
}

namespace Sesame.Access;

/// <summary>
/// The route protection's path test: the compiled matcher patterns, minus the paths it must never intercept (Sesame's
/// base path, the custom sign-in and error pages). Splits the path once, on the stack, and tries each pattern.
/// </summary>
internal sealed class PathMatcher
{
    private const int StackSegments = 32;

    private readonly PathPattern[] _patterns;
    private readonly string[] _excluded;

    public PathMatcher(IEnumerable<string> patterns, bool caseSensitive, IEnumerable<string> excludedPrefixes)
    {
        _patterns = [.. patterns.Select(pattern => PathPattern.Compile(pattern, caseSensitive))];
        _excluded = [.. excludedPrefixes.Select(static prefix => prefix.TrimEnd('/')).Where(static prefix => prefix.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Whether <paramref name="path"/> (decoded, without the path base) is protected.</summary>
    public bool IsMatch(string? path)
    {
        if (_patterns.Length == 0 || string.IsNullOrEmpty(path))
        {
            return _patterns.Length > 0 && Matches("/");
        }

        // The server leaves an encoded '/' encoded; treat it as the separator it stands for, so that protection errs on
        // the side of matching.
        if (path.Contains('%', StringComparison.Ordinal))
        {
            path = path.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        }

        return Matches(path);
    }

    private bool Matches(string path)
    {
        foreach (var excluded in _excluded)
        {
            if (IsUnder(path, excluded))
            {
                return false;
            }
        }

        var count = path.AsSpan().Count('/') + 1;
        Span<Range> buffer = count <= StackSegments ? stackalloc Range[StackSegments] : new Range[count];
        var segments = buffer[..Split(path, buffer)];
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(path, segments))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The non-empty segments of <paramref name="path"/>: <c>//a/b/</c> has the two segments <c>a</c> and <c>b</c>.</summary>
    private static int Split(string path, Span<Range> segments)
    {
        var count = 0;
        var start = 0;
        for (var index = 0; index <= path.Length; index++)
        {
            if (index == path.Length || path[index] == '/')
            {
                if (index > start)
                {
                    segments[count++] = new Range(start, index);
                }

                start = index + 1;
            }
        }

        return count;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="prefix"/> or below it; ignoring case, as routing does.</summary>
    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');
}

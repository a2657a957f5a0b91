using System.Text;
using System.Text.RegularExpressions;

namespace Sesame.Tests.Docs;

/// <summary>
/// Every C# block of <c>docs/**/*.md</c> must be a compiled region of <c>docs/snippets/*.cs</c>, marked
/// <c>&lt;!-- snippet: name --&gt;</c> on the line before it and equal to that region: the build compiles the regions, this
/// test keeps the Markdown honest. <c>SESAME_UPDATE_DOCS=1</c> rewrites the blocks from the regions instead of failing.
/// </summary>
public sealed partial class DocsSnippetTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void Docs_EveryCSharpBlock_IsTheCompiledSnippetItNames()
    {
        var snippets = ReadSnippets();
        var update = Environment.GetEnvironmentVariable("SESAME_UPDATE_DOCS") == "1";
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var markdownFiles = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories);
        Assert.NotEmpty(markdownFiles);

        foreach (var file in markdownFiles)
        {
            var lines = File.ReadAllLines(file).ToList();
            var relative = Path.GetRelativePath(Root, file);
            for (var index = 0; index < lines.Count; index++)
            {
                if (!lines[index].TrimStart().StartsWith("```csharp", StringComparison.Ordinal))
                {
                    continue;
                }

                var end = lines.FindIndex(index + 1, line => line.TrimStart().StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    problems.Add($"{relative}:{index + 1}: a ```csharp block is never closed");
                    break;
                }

                var marker = index > 0 ? SnippetMarker().Match(lines[index - 1]) : Match.Empty;
                if (!marker.Success)
                {
                    problems.Add($"{relative}:{index + 1}: a C# block without `<!-- snippet: name -->` on the line before it; put the code in docs/snippets and name its region");
                    index = end;
                    continue;
                }

                var name = marker.Groups["name"].Value;
                used.Add(name);
                if (!snippets.TryGetValue(name, out var code))
                {
                    problems.Add($"{relative}:{index + 1}: no region '{name}' in docs/snippets");
                    index = end;
                    continue;
                }

                var block = lines.GetRange(index + 1, end - index - 1);
                if (!block.SequenceEqual(code))
                {
                    if (update)
                    {
                        lines.RemoveRange(index + 1, end - index - 1);
                        lines.InsertRange(index + 1, code);
                        end = index + 1 + code.Count;
                    }
                    else
                    {
                        problems.Add($"{relative}:{index + 1}: the block differs from region '{name}' (SESAME_UPDATE_DOCS=1 rewrites it)");
                    }
                }

                index = end;
            }

            if (update)
            {
                File.WriteAllText(file, string.Join('\n', lines) + "\n");
            }
        }

        problems.AddRange(snippets.Keys.Where(name => !used.Contains(name)).Select(name => $"docs/snippets: region '{name}' is shown in no guide"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Docs_GuideLinks_PointAtFilesThatExist()
    {
        var broken = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(file)))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, link.Groups["path"].Value));
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{Path.GetRelativePath(Root, file)} → {link.Groups["path"].Value}");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    /// <summary>Regions of the snippet sources, each dedented by its least indentation.</summary>
    private static Dictionary<string, List<string>> ReadSnippets()
    {
        var snippets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "docs", "snippets"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var index = 0; index < lines.Length; index++)
            {
                var start = RegionStart().Match(lines[index]);
                if (!start.Success)
                {
                    continue;
                }

                var name = start.Groups["name"].Value;
                var end = Array.FindIndex(lines, index + 1, line => line.Trim() == "#endregion");
                Assert.True(end > index, $"{file}: region '{name}' is not closed");
                var body = lines[(index + 1)..end];
                var indent = body.Where(line => line.Trim().Length > 0).Select(line => line.Length - line.TrimStart().Length).DefaultIfEmpty(0).Min();
                Assert.True(snippets.TryAdd(name, [.. body.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart())]), $"region '{name}' is defined twice");
                index = end;
            }
        }

        Assert.NotEmpty(snippets);
        return snippets;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sesame.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Sesame.slnx) is not above the test's output folder");
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<name>[A-Za-z0-9_.-]+)\s*-->\s*$")]
    private static partial Regex SnippetMarker();

    [GeneratedRegex(@"^\s*#region\s+(?<name>[A-Za-z0-9_.-]+)\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"\]\((?<path>(?!https?:|#|mailto:)[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}

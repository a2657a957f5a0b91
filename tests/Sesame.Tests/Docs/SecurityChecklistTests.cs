using System.Reflection;
using System.Text.RegularExpressions;

namespace Sesame.Tests.Docs;

/// <summary>
/// Keeps <c>docs/security-checklist.md</c> honest: every ASVS item of its scope is listed once, with a known status; every
/// test it cites as <c>Class.Method</c> is a test method that exists (a renamed or deleted test fails here, not silently in
/// the document); a row Sesame claims has tests, a row left to the application says so; and the summary counts the table.
/// </summary>
public sealed partial class SecurityChecklistTests
{
    /// <summary>The scope of issue 15's checklist: all of V7, and the V3 cookie, header, origin and redirect items.</summary>
    private static readonly string[] Scope =
    [
        "7.1.1", "7.1.2", "7.1.3",
        "7.2.1", "7.2.2", "7.2.3", "7.2.4",
        "7.3.1", "7.3.2",
        "7.4.1", "7.4.2", "7.4.3", "7.4.4", "7.4.5",
        "7.5.1", "7.5.2", "7.5.3",
        "7.6.1", "7.6.2",
        "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5",
        "3.4.4", "3.4.5", "3.4.6",
        "3.5.1", "3.5.2", "3.5.3",
        "3.7.2",
    ];

    private static readonly string[] Statuses = ["Covered", "Partly", "Application", "Not met"];

    /// <summary>
    /// Test projects that <c>Sesame.Tests</c> does not reference (each has its own server fixtures), so their tests are found
    /// in their source rather than by reflection.
    /// </summary>
    private static readonly string[] UnreferencedTestProjects = ["tests/Sesame.EntityFrameworkCore.Tests", "tests/Sesame.StackExchangeRedis.Tests"];

    private const string ChecklistPath = "docs/security-checklist.md";

    private static readonly string Searched = string.Join(", ", new[] { "tests/Sesame.Tests", "Sesame.Testing" }.Concat(UnreferencedTestProjects));

    private static readonly string Root = FindRepositoryRoot();

    private static readonly Lazy<IReadOnlyList<Row>> Rows = new(ReadRows);

    [Fact]
    public void Checklist_EveryItemInScope_IsListedExactlyOnce()
    {
        var listed = Rows.Value.GroupBy(row => row.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var problems = Scope.Where(id => !listed.ContainsKey(id)).Select(id => $"ASVS {id} is missing from {ChecklistPath}")
            .Concat(listed.Where(pair => pair.Value.Count > 1).Select(pair => $"ASVS {pair.Key} is listed {pair.Value.Count} times (lines {string.Join(", ", pair.Value.Select(r => r.Line))})"))
            .Concat(listed.Keys.Except(Scope, StringComparer.Ordinal).Select(id => $"ASVS {id} is listed but not in the checklist's scope: add it to {nameof(Scope)} or remove it"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Checklist_EveryCitedTest_IsATestMethodThatExists()
    {
        var known = KnownTests();
        Assert.NotEmpty(known);

        var problems = new List<string>();
        foreach (var row in Rows.Value)
        {
            problems.AddRange(row.Malformed.Select(text => $"{ChecklistPath}:{row.Line} (ASVS {row.Id}): `{text}` in 'Covered by' is not a Class.Method test name"));
            problems.AddRange(row.Tests.Where(test => !known.Contains(test))
                .Select(test => $"{ChecklistPath}:{row.Line} (ASVS {row.Id}): {test} is not a [Fact]/[Theory] test in {Searched}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Checklist_EveryRow_HasAStatus_AndTestsOrTheApplicationsPart()
    {
        var problems = new List<string>();
        foreach (var row in Rows.Value)
        {
            if (!Statuses.Contains(row.Status, StringComparer.Ordinal))
            {
                problems.Add($"{ChecklistPath}:{row.Line} (ASVS {row.Id}): status '{row.Status}' is none of {string.Join(", ", Statuses)}");
            }
            else if (row.Status is "Covered" or "Partly" && row.Tests.Count == 0)
            {
                problems.Add($"{ChecklistPath}:{row.Line} (ASVS {row.Id}): '{row.Status}' cites no test");
            }
            else if (row.Status == "Application" && !row.How.Contains("application's responsibility", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{ChecklistPath}:{row.Line} (ASVS {row.Id}): an 'Application' row must say \"Application's responsibility\" and what to do");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Checklist_Summary_CountsTheStatusesOfTheTables()
    {
        var summary = SummaryLine().Match(File.ReadAllText(Path.Combine(Root, ChecklistPath)));
        Assert.True(summary.Success, $"{ChecklistPath} has no line 'Summary: N covered, N partly, N application, N not met.'");

        int Count(string status) => Rows.Value.Count(row => row.Status == status);
        var expected = $"Summary: {Count("Covered")} covered, {Count("Partly")} partly, {Count("Application")} application, {Count("Not met")} not met.";
        Assert.True(summary.Value == expected, $"{ChecklistPath}: the summary says '{summary.Value}' but the tables count '{expected}'");
    }

    [Fact]
    public void Checklist_IsLinkedFromTheSecurityGuideAndTheIndex()
    {
        foreach (var page in new[] { "docs/security.md", "docs/README.md" })
        {
            Assert.True(File.ReadAllText(Path.Combine(Root, page)).Contains("(security-checklist.md)", StringComparison.Ordinal), $"{page} does not link to security-checklist.md");
        }
    }

    /// <summary>The rows of every table whose header has <c>ASVS</c>, <c>Status</c>, <c>How Sesame meets it</c> and <c>Covered by</c>.</summary>
    private static List<Row> ReadRows()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, ChecklistPath));
        var rows = new List<Row>();
        string[]? header = null;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }

            var cells = Cells(line);
            if (header is null)
            {
                header = cells;
                continue;
            }

            if (cells.All(cell => cell.Length > 0 && cell.All(c => c is '-' or ':')))
            {
                continue;
            }

            var id = Column(header, cells, "ASVS", index);
            if (!AsvsId().IsMatch(id))
            {
                continue;
            }

            var coveredBy = Column(header, cells, "Covered by", index);
            var cited = BackTicked().Matches(coveredBy).Select(m => m.Groups["text"].Value).ToList();
            rows.Add(new Row(
                id,
                index + 1,
                Column(header, cells, "Status", index),
                Column(header, cells, "How Sesame meets it", index),
                cited.Where(text => TestName().IsMatch(text)).ToList(),
                cited.Where(text => !TestName().IsMatch(text)).ToList()));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static string[] Cells(string line) => line.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();

    private static string Column(string[] header, string[] cells, string name, int index)
    {
        var column = Array.FindIndex(header, cell => string.Equals(cell, name, StringComparison.Ordinal));
        Assert.True(column >= 0, $"{ChecklistPath}:{index + 1}: the table's header has no '{name}' column");
        Assert.True(cells.Length == header.Length, $"{ChecklistPath}:{index + 1}: {cells.Length} cells where the header has {header.Length} (a '|' inside a cell?)");
        return cells[column];
    }

    /// <summary>
    /// <c>Class.Method</c> of every xUnit test: by reflection in this assembly and in Sesame.Testing (the store
    /// specification every store project runs), and from the source of the test projects this one does not reference.
    /// </summary>
    private static HashSet<string> KnownTests()
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(SecurityChecklistTests).Assembly, typeof(Sesame.Testing.StoreSpecification).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                var name = type.Name.Split('`')[0];
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    // [Theory], [RequiresFact], [StoreFact], … all derive from [Fact]
                    if (method.IsDefined(typeof(FactAttribute), inherit: true))
                    {
                        known.Add($"{name}.{method.Name}");
                    }
                }
            }
        }

        foreach (var project in UnreferencedTestProjects)
        {
            var directory = Path.Combine(Root, project);
            Assert.True(Directory.Exists(directory), $"{project} is not there: update {nameof(UnreferencedTestProjects)}");
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(directory, file);
                if (!relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) &&
                    !relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    found.UnionWith(TestsInSource(File.ReadAllLines(file)));
                }
            }

            Assert.True(found.Count > 0, $"no test found in the source of {project}: has the way tests are written changed?");
            known.UnionWith(found);
        }

        return known;
    }

    /// <summary>
    /// The test methods of a source file: the first member declared after an attribute whose name ends in <c>Fact</c> or
    /// <c>Theory</c> (<c>[InlineData]</c> and others may come between), named with the type declared last before it.
    /// </summary>
    private static IEnumerable<string> TestsInSource(IEnumerable<string> lines)
    {
        string? type = null;
        var pending = false;
        foreach (var line in lines)
        {
            if (TypeDeclaration().Match(line) is { Success: true } declaration)
            {
                type = declaration.Groups["name"].Value;
            }

            if (TestAttribute().IsMatch(line))
            {
                pending = true;
            }
            else if (pending && MemberDeclaration().IsMatch(line))
            {
                pending = false;
                if (type is not null && MethodDeclaration().Match(line) is { Success: true } method)
                {
                    yield return $"{type}.{method.Groups["name"].Value}";
                }
            }
        }
    }

    [Fact]
    public void TestsInSource_FactsAndTheoriesWithData_AreFoundUnderTheirClass()
    {
        string[] source =
        [
            "public sealed class RedisThingTests(RedisFixture redis)",
            "{",
            "    [RequiresFact(Requirement.Redis)]",
            "    public async Task Revoke_OnB_IsSeenOnA()",
            "    [Theory]",
            "    [InlineData(\"a]b\")]",
            "    public void Parse_Odd_IsRefused(string value)",
            "    public void Helper()",
            "}",
        ];

        Assert.Equal(["RedisThingTests.Revoke_OnB_IsSeenOnA", "RedisThingTests.Parse_Odd_IsRefused"], TestsInSource(source));
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

    private sealed record Row(string Id, int Line, string Status, string How, IReadOnlyList<string> Tests, IReadOnlyList<string> Malformed);

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex AsvsId();

    [GeneratedRegex(@"`(?<text>[^`]+)`")]
    private static partial Regex BackTicked();

    [GeneratedRegex(@"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")]
    private static partial Regex TestName();

    [GeneratedRegex(@"^Summary: \d+ covered, \d+ partly, \d+ application, \d+ not met\.$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|sealed|abstract|static|partial|file)\s+)*(?:class|record|struct)\s+(?<name>[A-Za-z_]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"^\s*\[(?:\w+\.)*\w*(?:Fact|Theory)(?:Attribute)?\s*[\(\]]")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"^\s*(?:public|internal|protected|private)\b")]
    private static partial Regex MemberDeclaration();

    [GeneratedRegex(@"\b(?:Task|ValueTask|void)\s+(?<name>[A-Za-z_]\w*)\s*\(")]
    private static partial Regex MethodDeclaration();
}

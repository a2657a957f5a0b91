namespace Sesame.Testing;

/// <summary>Finds what tests need on this machine.</summary>
public static class Requirements
{
    /// <summary>Whether this is a CI run (<c>CI=true</c>), where nothing may be skipped.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root (the folder holding <c>Sesame.slnx</c>), found by walking up from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Why <paramref name="requirement"/> is not met here, or <see langword="null"/> when it is.</summary>
    public static string? Missing(Requirement requirement) => requirement switch
    {
        Requirement.Node => FindOnPath("node") is null ? "node is not on PATH"
            : Directory.Exists(Path.Combine(RepositoryRoot, "tests", "interop", "node_modules", "next-auth")) ? null
            : "tests/interop/node_modules is missing: run scripts/install-prereqs.sh",
        Requirement.OidcProvider => FindOnPath("node") is null ? "node is not on PATH"
            : Directory.Exists(Path.Combine(RepositoryRoot, "tests", "oidc", "node_modules", "oidc-provider")) ? null
            : "tests/oidc/node_modules is missing: run scripts/install-prereqs.sh",
        Requirement.PostgreSql => FindPostgreSqlBin() is null ? "PostgreSQL server binaries (initdb, pg_ctl) are not installed: run scripts/install-prereqs.sh" : null,
        Requirement.Redis => FindOnPath("redis-server") is null ? "redis-server is not installed: run scripts/install-prereqs.sh" : null,
        Requirement.Chromium => File.Exists("/usr/bin/chromium") ? null : "chromium is not installed: run scripts/install-prereqs.sh",
        _ => $"unknown requirement {requirement}",
    };

    /// <summary>
    /// Why a test that needs <paramref name="requirement"/> is skipped here, or <see langword="null"/> when it runs: it
    /// runs when the requirement is met, and always under <c>CI=true</c> (where a missing requirement fails it loudly).
    /// </summary>
    public static string? SkipReason(Requirement requirement) => IsCi ? null : Missing(requirement);

    /// <summary>The folder holding PostgreSQL's <c>initdb</c> and <c>pg_ctl</c>, or <see langword="null"/>.</summary>
    public static string? FindPostgreSqlBin()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            foreach (var version in Directory.GetDirectories(debianRoot).OrderDescending(StringComparer.Ordinal))
            {
                var bin = Path.Combine(version, "bin");
                if (File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                {
                    return bin;
                }
            }
        }

        return FindOnPath("initdb") is { } initdb ? Path.GetDirectoryName(initdb) : null;
    }

    /// <summary>The full path of an executable on <c>PATH</c>, or <see langword="null"/>.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sesame.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sesame.slnx not found above " + AppContext.BaseDirectory);
    }
}

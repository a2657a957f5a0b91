using Sesame.Testing;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// The schema EF Core creates is next-auth's Prisma adapter schema (spec §11.3), read back from the database's own
/// catalog: the same tables, the same column names and nullability, the same unique keys and cascading foreign keys,
/// plus Sesame's nullable device columns on <c>Session</c>.
/// </summary>
public abstract class SchemaSpecification : IAsyncLifetime
{
    // Table → column → nullable, exactly as the Prisma schema declares them.
    private static readonly Dictionary<string, Dictionary<string, bool>> PrismaColumns = new()
    {
        ["User"] = new() { ["id"] = false, ["name"] = true, ["email"] = true, ["emailVerified"] = true, ["image"] = true },
        ["Account"] = new()
        {
            ["id"] = false, ["userId"] = false, ["type"] = false, ["provider"] = false, ["providerAccountId"] = false,
            ["refresh_token"] = true, ["access_token"] = true, ["expires_at"] = true, ["token_type"] = true, ["scope"] = true,
            ["id_token"] = true, ["session_state"] = true,
        },
        ["Session"] = new() { ["id"] = false, ["sessionToken"] = false, ["userId"] = false, ["expires"] = false },
        ["VerificationToken"] = new() { ["identifier"] = false, ["token"] = false, ["expires"] = false },
    };

    private static readonly Dictionary<string, bool> SesameSessionColumns = new()
    {
        ["createdAt"] = true, ["lastSeenAt"] = true, ["userAgent"] = true, ["ipAddress"] = true, ["persistent"] = true,
    };

    private SchemaCatalog? _catalog;

    private SchemaCatalog Catalog => _catalog!;

    /// <summary>Creates the schema with EF Core and returns a reader of the catalog.</summary>
    protected abstract Task<SchemaCatalog> CreateSchemaAsync();

    public virtual async Task InitializeAsync() => _catalog = await CreateSchemaAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [StoreFact]
    public async Task Tables_AreThePrismaAdapterTables()
    {
        var tables = await Catalog.TablesAsync();

        Assert.Superset(new HashSet<string>(PrismaColumns.Keys), new HashSet<string>(tables));
    }

    [StoreFact]
    public async Task Columns_AreThePrismaAdapterColumnsPlusNullableSessionDeviceColumns()
    {
        foreach (var (table, prismaColumns) in PrismaColumns)
        {
            var expected = table == "Session" ? prismaColumns.Concat(SesameSessionColumns).ToDictionary() : prismaColumns;

            var actual = await Catalog.ColumnsAsync(table);

            Assert.Equal(expected.OrderBy(c => c.Key, StringComparer.Ordinal), actual.OrderBy(c => c.Key, StringComparer.Ordinal));
        }
    }

    [StoreFact]
    public async Task UniqueKeys_AreThePrismaAdapterUniqueKeys()
    {
        Assert.Equal(["email", "id"], await SortedUniqueKeysAsync("User"));
        Assert.Equal(["id", "provider,providerAccountId"], await SortedUniqueKeysAsync("Account"));
        Assert.Equal(["id", "sessionToken"], await SortedUniqueKeysAsync("Session"));
        Assert.Equal(["identifier,token", "token"], await SortedUniqueKeysAsync("VerificationToken"));
    }

    [StoreFact]
    public async Task ForeignKeys_DeleteAccountsAndSessionsWithTheirUser()
    {
        Assert.Equal(["userId -> User.id ON DELETE CASCADE"], await Catalog.ForeignKeysAsync("Account"));
        Assert.Equal(["userId -> User.id ON DELETE CASCADE"], await Catalog.ForeignKeysAsync("Session"));
        Assert.Empty(await Catalog.ForeignKeysAsync("User"));
        Assert.Empty(await Catalog.ForeignKeysAsync("VerificationToken"));
    }

    private async Task<IEnumerable<string>> SortedUniqueKeysAsync(string table) =>
        (await Catalog.UniqueKeysAsync(table)).Order(StringComparer.Ordinal);
}

using System.Data.Common;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>SQLite's catalog: <c>sqlite_master</c> and the table-valued pragmas.</summary>
public sealed class SqliteSchemaCatalog(Func<DbConnection> connect) : SchemaCatalog(connect)
{
    public override Task<IReadOnlyList<string>> TablesAsync() =>
        QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0));

    public override async Task<IReadOnlyDictionary<string, bool>> ColumnsAsync(string table) =>
        (await QueryAsync("""SELECT name, "notnull" FROM pragma_table_info(@table)""", r => (r.GetString(0), r.GetInt64(1) == 0), ("table", table)))
        .ToDictionary(c => c.Item1, c => c.Item2);

    public override Task<IReadOnlyList<string>> UniqueKeysAsync(string table) => QueryAsync(
        """
        SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) ORDER BY seqno))
        FROM pragma_index_list(@table) AS il WHERE il."unique" = 1
        """,
        r => r.GetString(0), ("table", table));

    public override Task<IReadOnlyList<string>> ForeignKeysAsync(string table) => QueryAsync(
        """SELECT "from" || ' -> ' || "table" || '.' || "to" || ' ON DELETE ' || on_delete FROM pragma_foreign_key_list(@table)""",
        r => r.GetString(0), ("table", table));
}

using System.Data.Common;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>PostgreSQL's catalog: <c>information_schema</c> and <c>pg_index</c>, in the connection's current schema.</summary>
public sealed class PostgreSqlSchemaCatalog(Func<DbConnection> connect) : SchemaCatalog(connect)
{
    public override Task<IReadOnlyList<string>> TablesAsync() => QueryAsync(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        r => r.GetString(0));

    public override async Task<IReadOnlyDictionary<string, bool>> ColumnsAsync(string table) =>
        (await QueryAsync(
            "SELECT column_name::text, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table",
            r => (r.GetString(0), r.GetBoolean(1)), ("table", table)))
        .ToDictionary(c => c.Item1, c => c.Item2);

    public override Task<IReadOnlyList<string>> UniqueKeysAsync(string table) => QueryAsync(
        """
        SELECT string_agg(a.attname::text, ',' ORDER BY k.position)
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE c.relname = @table AND n.nspname = current_schema() AND i.indisunique
        GROUP BY i.indexrelid
        """,
        r => r.GetString(0), ("table", table));

    public override Task<IReadOnlyList<string>> ForeignKeysAsync(string table) => QueryAsync(
        """
        SELECT kcu.column_name || ' -> ' || ccu.table_name || '.' || ccu.column_name || ' ON DELETE ' || rc.delete_rule
        FROM information_schema.referential_constraints rc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_schema = rc.constraint_schema AND kcu.constraint_name = rc.constraint_name
        JOIN information_schema.constraint_column_usage ccu
          ON ccu.constraint_schema = rc.constraint_schema AND ccu.constraint_name = rc.constraint_name
        WHERE kcu.table_schema = current_schema() AND kcu.table_name = @table
        """,
        r => r.GetString(0), ("table", table));
}

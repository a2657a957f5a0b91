using System.Data.Common;

namespace Sesame.EntityFrameworkCore.Tests.Schema;

/// <summary>Reads a database's own catalog: tables, columns, unique keys and foreign keys as the database reports them.</summary>
public abstract class SchemaCatalog(Func<DbConnection> connect)
{
    public abstract Task<IReadOnlyList<string>> TablesAsync();

    /// <summary>Column name → whether it accepts NULL.</summary>
    public abstract Task<IReadOnlyDictionary<string, bool>> ColumnsAsync(string table);

    /// <summary>The column lists of every unique index or constraint, the primary key included, each as "a,b".</summary>
    public abstract Task<IReadOnlyList<string>> UniqueKeysAsync(string table);

    /// <summary>Each foreign key as "column -> Table.column ON DELETE rule".</summary>
    public abstract Task<IReadOnlyList<string>> ForeignKeysAsync(string table);

    protected async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sesame.EntityFrameworkCore.Entities;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Shared;

/// <summary>
/// The session store's per-request statements for one model: the session-and-user lookup (every request of the
/// database strategy) and the session extension (once per <c>updateAge</c>). Written once, as plain SQL with the
/// model's own table and column names (so a schema or renamed table given to <c>ApplySesameModel</c> is honoured),
/// and run through EF Core's command pipeline: the context's connection, transaction, command timeout, execution
/// strategy, logging and interceptors all apply, as they do to a LINQ query. What is skipped is the LINQ pipeline:
/// building an expression tree, looking it up in the query cache and shaping rows into entities cost several times
/// the database read itself on SQLite.
/// </summary>
internal sealed class SessionStatements
{
    private const string KeyParameter = "sessionKey";
    private const string ExpiresParameter = "expires";
    private const string LastSeenAtParameter = "lastSeenAt";

    private readonly IRelationalCommandTemplate _lookup;
    private readonly IRelationalCommandTemplate _update;

    private SessionStatements(IRelationalCommandTemplate lookup, IRelationalCommandTemplate update) => (_lookup, _update) = (lookup, update);

    /// <summary>The lookup's SQL, for tests.</summary>
    public string LookupSql => _lookup.CommandText;

    /// <summary>
    /// The statements for <paramref name="context"/>'s model, or <see langword="null"/> when the model maps the session
    /// or user table in a way that only a LINQ query honours (not relational, a view or SQL query, a query filter, a
    /// value conversion other than <c>ApplySesameModel</c>'s): the store then keeps to LINQ.
    /// </summary>
    public static SessionStatements? Create(DbContext context)
    {
        if (!context.Database.IsRelational())
        {
            return null;
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        if (Table(context.Model, typeof(SesameSessionEntity), sql) is not { } session
            || Table(context.Model, typeof(SesameUserEntity), sql) is not { } user)
        {
            return null;
        }

        var sessionColumns = Columns(session,
            nameof(SesameSessionEntity.Id), nameof(SesameSessionEntity.SessionToken), nameof(SesameSessionEntity.UserId),
            nameof(SesameSessionEntity.Expires), nameof(SesameSessionEntity.CreatedAt), nameof(SesameSessionEntity.LastSeenAt),
            nameof(SesameSessionEntity.UserAgent), nameof(SesameSessionEntity.IpAddress), nameof(SesameSessionEntity.Persistent));
        var userColumns = Columns(user,
            nameof(SesameUserEntity.Id), nameof(SesameUserEntity.Name), nameof(SesameUserEntity.Email),
            nameof(SesameUserEntity.EmailVerified), nameof(SesameUserEntity.Image));
        if (sessionColumns is null || userColumns is null)
        {
            return null;
        }

        var commands = context.GetService<IRelationalCommandBuilderFactory>();
        string Quote(Column column) => sql.DelimitIdentifier(column.Name);
        string Placeholder(string name) => sql.GenerateParameterNamePlaceholder(name);

        // The column order is the order ReadAsync reads them in. Aliases without AS: every SQL dialect takes that.
        var select = new StringBuilder("SELECT ");
        for (var i = 0; i < sessionColumns.Length; i++)
        {
            select.Append(i == 0 ? "s." : ", s.").Append(Quote(sessionColumns[i]));
        }

        foreach (var column in userColumns)
        {
            select.Append(", u.").Append(Quote(column));
        }

        var token = sessionColumns[1];
        select.Append(" FROM ").Append(session.Name).Append(" s INNER JOIN ").Append(user.Name).Append(" u ON s.")
            .Append(Quote(sessionColumns[2])).Append(" = u.").Append(Quote(userColumns[0]))
            .Append(" WHERE s.").Append(Quote(token)).Append(" = ").Append(Placeholder(KeyParameter));
        var lookup = commands.Create()
            .Append(select.ToString())
            .AddParameter(KeyParameter, sql.GenerateParameterName(KeyParameter), token.Mapping, nullable: false)
            .Build();

        var (expires, lastSeenAt) = (sessionColumns[3], sessionColumns[5]);
        var update = commands.Create()
            .Append($"UPDATE {session.Name} SET {Quote(expires)} = {Placeholder(ExpiresParameter)}, {Quote(lastSeenAt)} = {Placeholder(LastSeenAtParameter)} WHERE {Quote(token)} = {Placeholder(KeyParameter)}")
            .AddParameter(ExpiresParameter, sql.GenerateParameterName(ExpiresParameter), expires.Mapping, nullable: false)
            .AddParameter(LastSeenAtParameter, sql.GenerateParameterName(LastSeenAtParameter), lastSeenAt.Mapping, nullable: false)
            .AddParameter(KeyParameter, sql.GenerateParameterName(KeyParameter), token.Mapping, nullable: false)
            .Build();

        return new SessionStatements(lookup, update);
    }

    /// <summary>The entity type's table (delimited name and store object), or <see langword="null"/> when LINQ must read it.</summary>
    private static MappedTable? Table(IModel model, Type clrType, ISqlGenerationHelper sql)
    {
        // A view, SQL query or function mapping, or a query filter, changes what LINQ reads: leave those to LINQ.
        if (model.FindEntityType(clrType) is not { } type
            || type.BaseType is not null
            || type.GetTableName() is not { } table
            || type.GetViewName() is not null
            || type.GetSqlQuery() is not null
            || type.GetFunctionName() is not null
            || type.GetDeclaredQueryFilters().Count != 0)
        {
            return null;
        }

        var schema = type.GetSchema();
        return new MappedTable(sql.DelimitIdentifier(table, schema), type, StoreObjectIdentifier.Table(table, schema));
    }

    /// <summary>Finds a session and its user by key, like the LINQ join it replaces.</summary>
    public Task<SesameSessionAndUser?> FindAsync(DbContext context, string sessionKey, CancellationToken cancellationToken) =>
        context.Database.CreateExecutionStrategy().ExecuteAsync(
            (Statements: this, SessionKey: sessionKey),
            static (context, state, cancellationToken) => state.Statements.ReadAsync(context, state.SessionKey, cancellationToken),
            verifySucceeded: null,
            cancellationToken);

    /// <summary>Sets a session's expiry and last-seen time; <see langword="true"/> when the session existed.</summary>
    public async Task<bool> UpdateAsync(DbContext context, string sessionKey, DateTimeOffset expires, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        await context.Database.CreateExecutionStrategy().ExecuteAsync(
            (Statements: this, Values: new Dictionary<string, object?>(3) { [KeyParameter] = sessionKey, [ExpiresParameter] = expires, [LastSeenAtParameter] = lastSeenAt }),
            static (context, state, cancellationToken) => state.Statements.ExecuteAsync(context, state.Values, cancellationToken),
            verifySucceeded: null,
            cancellationToken).ConfigureAwait(false) > 0;

    private async Task<SesameSessionAndUser?> ReadAsync(DbContext context, string sessionKey, CancellationToken cancellationToken)
    {
        var connection = context.GetService<IRelationalConnection>();
        using var _ = context.GetService<IConcurrencyDetector>().EnterCriticalSection();
        var command = connection.RentCommand();
        try
        {
            command.PopulateFrom(_lookup);
            var parameters = new RelationalCommandParameterObject(
                connection, new KeyParameterValue(sessionKey), null, context, context.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery);
            var reader = await command.ExecuteReaderAsync(parameters, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader.DbDataReader) : null;
            }
        }
        finally
        {
            connection.ReturnCommand(command);
        }
    }

    private async Task<int> ExecuteAsync(DbContext context, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var connection = context.GetService<IRelationalConnection>();
        using var _ = context.GetService<IConcurrencyDetector>().EnterCriticalSection();
        var command = connection.RentCommand();
        try
        {
            command.PopulateFrom(_update);
            return await command.ExecuteNonQueryAsync(
                    new RelationalCommandParameterObject(connection, values, null, context, context.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteUpdate),
                    cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            connection.ReturnCommand(command);
        }
    }

    // Values are read as EF Core reads these columns: strings as strings, instants as DateTime made UTC, which is what
    // UtcDateTimeConverter does (Create checked that the model converts them with it).
    private static SesameSessionAndUser Map(DbDataReader row) => new()
    {
        Session = new SesameSession
        {
            Id = row.GetString(0),
            SessionKey = row.GetString(1),
            UserId = row.GetString(2),
            Expires = Utc(row.GetDateTime(3)),
            CreatedAt = row.IsDBNull(4) ? null : Utc(row.GetDateTime(4)),
            LastSeenAt = row.IsDBNull(5) ? null : Utc(row.GetDateTime(5)),
            UserAgent = row.IsDBNull(6) ? null : row.GetString(6),
            IpAddress = row.IsDBNull(7) ? null : row.GetString(7),
            Persistent = row.IsDBNull(8) ? null : row.GetBoolean(8),
        },
        User = new SesameUser
        {
            Id = row.GetString(9),
            Name = row.IsDBNull(10) ? null : row.GetString(10),
            Email = row.IsDBNull(11) ? null : row.GetString(11),
            EmailVerified = row.IsDBNull(12) ? null : Utc(row.GetDateTime(12)),
            Image = row.IsDBNull(13) ? null : row.GetString(13),
        },
    };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>
    /// The columns of <paramref name="properties"/> in that order, or <see langword="null"/> when one is not read the
    /// way <see cref="Map"/> reads it: a string without conversion, or an instant through <see cref="UtcDateTimeConverter"/>.
    /// </summary>
    private static Column[]? Columns(MappedTable table, params string[] properties)
    {
        var (_, type, storeObject) = table;
        var columns = new Column[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            if (type.FindProperty(properties[i]) is not { } property
                || property.GetColumnName(storeObject) is not { } name
                || property.FindRelationalTypeMapping() is not { } mapping)
            {
                return null;
            }

            var readable = property.ClrType == typeof(string) || property.ClrType == typeof(bool?)
                ? mapping.Converter is null && mapping.ClrType == (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType)
                : mapping.Converter is UtcDateTimeConverter;
            if (!readable)
            {
                return null;
            }

            columns[i] = new Column(name, mapping);
        }

        return columns;
    }

    private sealed record MappedTable(string Name, IEntityType Type, StoreObjectIdentifier StoreObject);

    private readonly record struct Column(string Name, RelationalTypeMapping Mapping);

    /// <summary>The lookup's one parameter value, without a dictionary per request.</summary>
    private sealed class KeyParameterValue(string sessionKey) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => key == KeyParameter ? sessionKey : throw new KeyNotFoundException(key);

        public IEnumerable<string> Keys => [KeyParameter];

        public IEnumerable<object?> Values => [sessionKey];

        public int Count => 1;

        public bool ContainsKey(string key) => key == KeyParameter;

        public bool TryGetValue(string key, out object? value)
        {
            value = key == KeyParameter ? sessionKey : null;
            return key == KeyParameter;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return new KeyValuePair<string, object?>(KeyParameter, sessionKey);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

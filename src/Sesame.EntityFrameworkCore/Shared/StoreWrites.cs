using System.Data.Common;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Sesame.Stores;

namespace Sesame.EntityFrameworkCore.Shared;

/// <summary>The writes the stores share: inserts, conflict detection, and delete-and-return of one row.</summary>
internal static class StoreWrites
{
    /// <summary>
    /// Inserts one row. The context may be the app's own, so the row is detached again whatever happens: a failed
    /// insert must not be retried by the app's next <c>SaveChanges</c>, and the stores never track what they read.
    /// </summary>
    public static async Task InsertAsync<TEntity>(DbContext context, TEntity row, string conflict, CancellationToken cancellationToken)
        where TEntity : class
    {
        var entry = context.Add(row);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (IsConstraintViolation(e))
        {
            throw new SesameStoreConflictException(conflict, e);
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <summary>
    /// Whether a database error is a unique or foreign key violation, recognized without a reference to any provider:
    /// PostgreSQL (and other providers that report a SQLSTATE) by <c>23505</c>/<c>23503</c>, SQLite by its
    /// <c>SQLITE_CONSTRAINT</c> result code 19, which Microsoft.Data.Sqlite exposes only as <c>SqliteErrorCode</c>.
    /// Only failed writes come here, so the reflection costs nothing on the normal path.
    /// </summary>
    public static bool IsConstraintViolation(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db)
            {
                return db.SqlState is { } state
                    ? state is "23505" or "23503"
                    : db.GetType().GetProperty("SqliteErrorCode")?.GetValue(db) is SqliteConstraint;
            }
        }

        return false;
    }

    private const int SqliteConstraint = 19;

    /// <summary>Whether the provider can delete a row and return it in one statement (<c>DELETE … RETURNING</c>).</summary>
    public static bool SupportsDeleteReturning(DbContext context) =>
        context.Database.ProviderName is "Microsoft.EntityFrameworkCore.Sqlite" or "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Deletes the row whose string properties equal the given values and returns it, or <see langword="null"/> when
    /// none matched; of concurrent callers only one gets the row. With <paramref name="returning"/> this is one
    /// <c>DELETE … RETURNING *</c> statement (SQLite 3.35+, PostgreSQL). Otherwise the row is read, then deleted
    /// with the same filter, and returned only if this call's delete removed it: a concurrent caller's delete finds
    /// nothing and returns <see langword="null"/>.
    /// </summary>
    public static async Task<TEntity?> DeleteAndReturnAsync<TEntity>(
        DbContext context, IReadOnlyList<(string Property, string Value)> match, bool returning, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (returning)
        {
            var rows = await context.Set<TEntity>()
                .FromSqlRaw(DeleteReturningSql<TEntity>(context, match), [.. match.Select(m => (object)m.Value)])
                .AsNoTracking()
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }

        var query = context.Set<TEntity>().AsNoTracking().Where(Filter<TEntity>(match));
        var row = await query.FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is not null && await query.ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0 ? row : null;
    }

    // Table and column names come from the model, so a schema or renamed table given to ApplySesameModel is honoured.
    private static string DeleteReturningSql<TEntity>(DbContext context, IReadOnlyList<(string Property, string Value)> match)
    {
        var entityType = context.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model: call modelBuilder.ApplySesameModel() in OnModelCreating.");
        var table = entityType.GetTableName()!;
        var schema = entityType.GetSchema();
        var storeObject = StoreObjectIdentifier.Table(table, schema);
        var sql = context.GetService<ISqlGenerationHelper>();

        var text = new StringBuilder("DELETE FROM ").Append(sql.DelimitIdentifier(table, schema)).Append(" WHERE ");
        for (var i = 0; i < match.Count; i++)
        {
            var column = entityType.FindProperty(match[i].Property)!.GetColumnName(storeObject)!;
            text.Append(i == 0 ? "" : " AND ").Append(sql.DelimitIdentifier(column)).Append(" = {").Append(i).Append('}');
        }

        return text.Append(" RETURNING *").ToString();
    }

    private static Expression<Func<TEntity, bool>> Filter<TEntity>(IReadOnlyList<(string Property, string Value)> match)
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        Expression? body = null;
        foreach (var (property, value) in match)
        {
            // A closure over the value, so that EF Core sends it as a parameter rather than a literal.
            Expression<Func<string>> parameter = () => value;
            var equal = Expression.Equal(Expression.Property(row, property), parameter.Body);
            body = body is null ? equal : Expression.AndAlso(body, equal);
        }

        return Expression.Lambda<Func<TEntity, bool>>(body!, row);
    }
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Sesame.EntityFrameworkCore.Shared;

/// <summary>
/// The stores' statements, written once per model and kept as long as the model lives. Keyed by model, not by
/// context type: one context type can have several models (a model cache key per tenant or schema, SQLite and
/// PostgreSQL in one process), and statements written for one do not fit another. A singleton per service provider.
/// </summary>
internal sealed class StoreStatementCache
{
    private readonly ConditionalWeakTable<IModel, Entry> _byModel = [];

    /// <summary>The session statements for <paramref name="context"/>'s model, or <see langword="null"/> when the model needs LINQ.</summary>
    public SessionStatements? SessionStatements(DbContext context)
    {
        var model = context.Model;
        return _byModel.TryGetValue(model, out var entry)
            ? entry.Sessions
            : _byModel.GetOrAdd(model, static (_, context) => new Entry(Shared.SessionStatements.Create(context)), context).Sessions;
    }

    private sealed record Entry(SessionStatements? Sessions);
}

using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sesame.EntityFrameworkCore.Shared;

/// <summary>
/// Stores instants as UTC <see cref="DateTime"/>s: SQLite then keeps sortable text that EF Core can compare and order
/// (it cannot for <see cref="DateTimeOffset"/>), and PostgreSQL gets <c>timestamp with time zone</c>.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTimeOffset, DateTime>(
    value => value.UtcDateTime,
    value => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));

using Microsoft.EntityFrameworkCore;

namespace Sesame.EntityFrameworkCore.Tests.PostgreSql;

/// <summary>An app's own context that hosts Sesame's tables beside its own (<c>ApplySesameModel</c>).</summary>
public sealed class TestAppDbContext(DbContextOptions<TestAppDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().ToTable("Note");
        modelBuilder.ApplySesameModel();
    }

    public sealed class Note
    {
        public int Id { get; set; }

        public required string Text { get; set; }
    }
}

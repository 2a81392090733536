using FluentAssertions;
using Posts.Testing;
using Xunit;

namespace Posts.Infrastructure.Tests.Fixture;

/// <summary>
/// What the migrated template holds, read from this class's copy of it: connecting to the template itself
/// would make every parallel <c>CREATE DATABASE ... TEMPLATE</c> fail.
/// </summary>
public sealed class TemplateTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_template_has_the_posts_users_and_events_tables()
    {
        var tables = await Sql.ColumnAsync(database.ConnectionString,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'");

        tables.Should().Contain(["posts", "users", "events"]);
    }

    [Fact]
    public async Task The_template_records_the_Initial_migration()
    {
        var migrations = await Sql.ColumnAsync(database.ConnectionString,
            "SELECT migration_id FROM __ef_migrations_history");

        migrations.Should().ContainSingle(id => id.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_template_has_the_pg_trgm_extension()
    {
        var extensions = await Sql.ColumnAsync(database.ConnectionString, "SELECT extname::text FROM pg_extension");

        extensions.Should().Contain("pg_trgm");
    }
}

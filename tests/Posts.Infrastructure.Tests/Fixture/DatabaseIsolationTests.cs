using FluentAssertions;
using Npgsql;
using Posts.Testing;
using Xunit;

namespace Posts.Infrastructure.Tests.Fixture;

/// <summary>
/// Run by two test classes. Had they been given the same database, the second <c>CREATE TABLE</c> would fail,
/// whichever class ran first and whether or not they overlapped.
/// </summary>
public abstract class DatabaseIsolationTests(PostgresDatabase database)
{
    [Fact]
    public async Task Each_test_class_gets_its_own_database()
    {
        await Sql.ExecuteAsync(database.ConnectionString, "CREATE TABLE isolation_marker (id int)");

        var name = await Sql.ScalarAsync<string>(database.ConnectionString, "SELECT current_database()");
        name.Should().Be(new NpgsqlConnectionStringBuilder(database.ConnectionString).Database);
        name.Should().StartWith("t_").And.NotBe(database.Server.TemplateDatabase);
    }
}

public sealed class FirstIsolatedTestClass(PostgresDatabase database)
    : DatabaseIsolationTests(database), IClassFixture<PostgresDatabase>;

public sealed class SecondIsolatedTestClass(PostgresDatabase database)
    : DatabaseIsolationTests(database), IClassFixture<PostgresDatabase>;

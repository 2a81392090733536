using FluentAssertions;
using Npgsql;
using Posts.Testing;

namespace Posts.Cli.Tests;

public sealed class DbMigrateTests(PostgresServer server)
{
    [Fact]
    public async Task Db_migrate_creates_the_schema_in_an_empty_database_and_then_has_nothing_to_do()
    {
        var name = $"empty_{Guid.NewGuid():N}";
        await using (var admin = NpgsqlDataSource.Create(server.ServerConnectionString))
            await admin.CreateCommand($"CREATE DATABASE {name}").ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(server.ServerConnectionString) { Database = name }.ConnectionString;

        try
        {
            var first = await CliRun.InProcessAsync(connectionString, "", "db", "migrate");
            var second = await CliRun.InProcessAsync(connectionString, "", "db", "migrate");

            first.ExitCode.Should().Be(0, first.Error);
            first.Out.Should().Contain("Applied ").And.Contain("_Initial");
            second.Out.Should().Contain("up to date");
            await using var db = NpgsqlDataSource.Create(connectionString);
            (await db.CreateCommand("SELECT count(*) FROM posts").ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be(0L);
        }
        finally
        {
            // An external server (POSTS_TEST_DATABASE) outlives the run: leave nothing on it.
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(server.ServerConnectionString);
            await admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Help_lists_the_command_groups_with_examples()
    {
        var run = await CliRun.InProcessAsync(null, "", "--help");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("db").And.Contain("users").And.Contain("posts users add");
    }
}

using FluentAssertions;
using Npgsql;
using Posts.Testing;
using Xunit;

namespace Posts.Infrastructure.Tests.Fixture;

public sealed class PostgresServerTests(PostgresServer server)
{
    [Fact]
    public async Task The_fixture_reports_which_kind_of_server_it_used()
    {
        var expected = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ConnectionStringVariable))
            ? new[] { PostgresServerKind.Container, PostgresServerKind.LocalCluster }
            : [PostgresServerKind.External];
        server.Kind.Should().BeOneOf(expected);

        var version = await Sql.ScalarAsync<string>(server.ServerConnectionString, "SHOW server_version");
        server.Description.Should().Contain($"PostgreSQL {version}");
        var versionNumber = int.Parse(
            await Sql.ScalarAsync<string>(server.ServerConnectionString, "SHOW server_version_num"),
            System.Globalization.CultureInfo.InvariantCulture);
        versionNumber.Should().BeGreaterThanOrEqualTo(150000, "Posts supports PostgreSQL 15 or newer");
    }

    [Fact]
    public async Task CreateDatabaseAsync_makes_a_separate_migrated_database_each_time()
    {
        var first = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var second = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        try
        {
            await Sql.ExecuteAsync(first, "CREATE TABLE only_in_first (id int)");

            var inSecond = await Sql.ScalarAsync<long>(second,
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_in_first'");
            inSecond.Should().Be(0);
            var postsInSecond = await Sql.ScalarAsync<long>(second, "SELECT count(*) FROM posts");
            postsInSecond.Should().Be(0, "the copy is migrated and empty");
        }
        finally
        {
            await server.DropDatabaseAsync(first, TestContext.Current.CancellationToken);
            await server.DropDatabaseAsync(second, TestContext.Current.CancellationToken);
        }

        var names = new[] { first, second }.Select(cs => new NpgsqlConnectionStringBuilder(cs).Database!).ToArray();
        var left = await Sql.ScalarAsync<long>(server.ServerConnectionString,
            $"SELECT count(*) FROM pg_database WHERE datname IN ('{names[0]}', '{names[1]}')");
        left.Should().Be(0, "DropDatabaseAsync removes what CreateDatabaseAsync made");
    }

    [Fact]
    public async Task DropDatabaseAsync_refuses_a_database_it_did_not_make()
    {
        var template = new NpgsqlConnectionStringBuilder(server.ServerConnectionString) { Database = server.TemplateDatabase }.ConnectionString;

        var drop = () => server.DropDatabaseAsync(template, TestContext.Current.CancellationToken);

        await drop.Should().ThrowAsync<ArgumentException>();
    }
}

using System.Collections.Concurrent;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Posts.Infrastructure;
using Posts.Infrastructure.Persistence;
using Testcontainers.PostgreSql;
using Xunit;

namespace Posts.Testing;

/// <summary>
/// The one PostgreSQL server of a test assembly (SPEC §8): an xunit v3 assembly fixture that finds or starts a
/// server, migrates a template database once, and hands out copies of it. Each test project declares
/// <c>[assembly: AssemblyFixture(typeof(PostgresServer))]</c>; test classes take <see cref="PostgresDatabase"/>.
/// </summary>
/// <remarks>
/// The server is, in this order: the one named by <c>POSTS_TEST_DATABASE</c> (a connection string whose user may
/// create databases); a Testcontainers <c>postgres:15-alpine</c> container when a Docker engine answers; a
/// throwaway local cluster from the machine's PostgreSQL binaries. Which one it used is written once per test
/// assembly (see <see cref="ReportFileVariable"/>).
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The environment variable that names an existing server to use instead of starting one.</summary>
    public const string ConnectionStringVariable = "POSTS_TEST_DATABASE";

    /// <summary>
    /// The environment variable naming a file to which each test assembly appends the line saying which server it
    /// used: <c>dotnet test</c> on Microsoft.Testing.Platform shows neither diagnostic messages nor a test
    /// process's standard error, so build/test.sh collects the lines there and prints them.
    /// </summary>
    public const string ReportFileVariable = "POSTS_TEST_SERVER_REPORT";

    private const string ContainerImage = "postgres:15-alpine";

    // Databases made by this run; dropped at the end because an external server outlives the run.
    private readonly ConcurrentDictionary<string, byte> _databases = new();
    private IAsyncDisposable? _owned;
    private NpgsqlDataSource? _admin;

    /// <summary>Which kind of server this run uses.</summary>
    public PostgresServerKind Kind { get; private set; }

    /// <summary>One line for people: kind, version and address (never a password).</summary>
    public string Description { get; private set; } = "";

    /// <summary>
    /// Connection string to the server's maintenance database (<c>postgres</c>, or the one named in
    /// <c>POSTS_TEST_DATABASE</c>), as a user that may create databases.
    /// </summary>
    public string ServerConnectionString { get; private set; } = "";

    /// <summary>
    /// The migrated database every test database is copied from. <c>posts_template</c> on a server of our own;
    /// on an external server a name of this run's, so that runs sharing the server do not trip over each other.
    /// </summary>
    public string TemplateDatabase { get; private set; } = "posts_template";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            Kind = PostgresServerKind.External;
            var builder = new NpgsqlConnectionStringBuilder(external);
            builder.Database ??= "postgres";
            ServerConnectionString = builder.ConnectionString;
            TemplateDatabase = $"posts_template_{Guid.NewGuid():N}";
        }
        else if (await TryStartContainerAsync(ct) is { } container)
        {
            _owned = container;
            Kind = PostgresServerKind.Container;
            ServerConnectionString = container.GetConnectionString();
        }
        else
        {
            var cluster = await LocalPostgresCluster.StartAsync(ct);
            _owned = cluster;
            Kind = PostgresServerKind.LocalCluster;
            ServerConnectionString = cluster.ConnectionString;
        }

        _admin = NpgsqlDataSource.Create(ServerConnectionString);
        Description = await DescribeAsync(ct);
        await CreateTemplateAsync(ct);

        // Diagnostic messages show in the xunit runner (-diagnostics); standard error when the test program is run
        // by hand; the file in build/test.sh's output.
        var line = $"{System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name}: PostgreSQL is {Description}.";
        TestContext.Current.SendDiagnosticMessage(line);
        await Console.Error.WriteLineAsync(line);
        if (Environment.GetEnvironmentVariable(ReportFileVariable) is { Length: > 0 } report)
            await File.AppendAllTextAsync(report, line + "\n", ct);
    }

    /// <summary>
    /// Creates another migrated database on this server, for a test that needs more than its class's one.
    /// It is dropped when the run ends, or earlier by <see cref="DropDatabaseAsync"/>.
    /// </summary>
    /// <returns>Its connection string.</returns>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct = default)
    {
        // Copying the template is far faster than migrating each database. On our own servers (fsync off) copying
        // files beats the default WAL_LOG strategy about twice over; an external server keeps its default.
        var name = $"t_{Guid.NewGuid():N}";
        var strategy = Kind == PostgresServerKind.External ? "" : " STRATEGY = FILE_COPY";
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}{strategy}", ct);
        _databases.TryAdd(name, 0);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (name is null || !_databases.TryRemove(name, out _))
            throw new ArgumentException("Not a database made by this server's CreateDatabaseAsync.", nameof(connectionString));
        await DropAsync(name, ct);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Only an external server outlives us; ours go away whole, so skip the drops there.
            if (Kind == PostgresServerKind.External && _admin is not null)
            {
                foreach (var name in _databases.Keys)
                    await DropAsync(name, CancellationToken.None);
                await DropAsync(TemplateDatabase, CancellationToken.None);
            }
        }
        finally
        {
            if (_admin is not null)
                await _admin.DisposeAsync();
            if (_owned is not null)
                await _owned.DisposeAsync();
        }
    }

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync(CancellationToken ct)
    {
        // Without an engine Testcontainers finds no endpoint at all; asking is free, unlike a failed start.
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
            return null;

        var container = new PostgreSqlBuilder(ContainerImage)
            .WithCommand(LocalPostgresCluster.FastSettings.SelectMany(setting => new[] { "-c", setting }).ToArray())
            .Build();
        try
        {
            await container.StartAsync(ct);
            return container;
        }
        catch (DockerUnavailableException)
        {
            await container.DisposeAsync();
            return null;
        }
    }

    private async Task<string> DescribeAsync(CancellationToken ct)
    {
        await using var command = _admin!.CreateCommand("SHOW server_version");
        var version = (string)(await command.ExecuteScalarAsync(ct))!;
        var address = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        var where = $"{address.Host}:{address.Port}";
        return Kind switch
        {
            PostgresServerKind.External => $"the server in {ConnectionStringVariable} (PostgreSQL {version} at {where})",
            PostgresServerKind.Container => $"a Testcontainers {ContainerImage} container (PostgreSQL {version} at {where})",
            _ => $"a throwaway local cluster from {((LocalPostgresCluster)_owned!).BinDirectory} (PostgreSQL {version} at {where})",
        };
    }

    private async Task CreateTemplateAsync(CancellationToken ct)
    {
        await ExecuteAsync($"CREATE DATABASE {TemplateDatabase}", ct);

        // The migrator runs as the hosts' own wiring would build it. No pooling: an idle connection left in the
        // template would make every CREATE DATABASE ... TEMPLATE fail with "being accessed by other users".
        var connectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString)
        {
            Database = TemplateDatabase,
            Pooling = false,
        }.ConnectionString;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{DependencyInjection.ConnectionStringName}", connectionString)])
            .Build();
        await using var services = new ServiceCollection().AddInfrastructure(configuration).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
    }

    private Task DropAsync(string name, CancellationToken ct) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", ct);

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        // Names here are ours (t_ plus a GUID, or the template's); nothing from outside reaches this SQL.
        await using var command = _admin!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}

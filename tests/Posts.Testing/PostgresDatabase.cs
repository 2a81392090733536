using Xunit;

namespace Posts.Testing;

/// <summary>
/// A class fixture: a fresh, migrated database for one test class, copied from the template and dropped
/// afterwards. xunit runs test classes in parallel, so each class gets its own rows and sees no one else's.
/// </summary>
/// <example><code>
/// public sealed class PostTests(PostgresDatabase database) : IClassFixture&lt;PostgresDatabase&gt; { ... }
/// </code></example>
/// <remarks>xunit v3 hands the assembly fixture <see cref="PostgresServer"/> to this constructor.</remarks>
public sealed class PostgresDatabase(PostgresServer server) : IAsyncLifetime
{
    /// <summary>The server the database lives on (for <see cref="PostgresServer.CreateDatabaseAsync"/> and the like).</summary>
    public PostgresServer Server { get; } = server;

    /// <summary>Connection string of this class's database (an owner's: it may create and drop anything in it).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        ConnectionString = await Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (ConnectionString.Length > 0)
            await Server.DropDatabaseAsync(ConnectionString, CancellationToken.None);
    }
}

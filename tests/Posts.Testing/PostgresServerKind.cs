namespace Posts.Testing;

/// <summary>Where the <see cref="PostgresServer"/> of a test run came from, in the order it tries them.</summary>
public enum PostgresServerKind
{
    /// <summary>The server named by the <c>POSTS_TEST_DATABASE</c> connection string.</summary>
    External,

    /// <summary>A <c>postgres:15-alpine</c> container started by Testcontainers.</summary>
    Container,

    /// <summary>A throwaway cluster made with the machine's PostgreSQL binaries (initdb, pg_ctl).</summary>
    LocalCluster,
}

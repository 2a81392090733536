[assembly: AssemblyFixture(typeof(Posts.Testing.PostgresServer))]

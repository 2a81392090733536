using Posts.Testing;
using Xunit;

// The one PostgreSQL server for every test class in this assembly (see Posts.Testing).
[assembly: AssemblyFixture(typeof(PostgresServer))]

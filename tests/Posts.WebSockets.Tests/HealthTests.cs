using System.Net;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Posts.Testing;

namespace Posts.WebSockets.Tests;

/// <summary>Liveness needs nothing; readiness needs the database to answer.</summary>
public sealed class HealthTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static WebApplicationFactory<Program> Host(string connectionString) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web => web.UseSetting("ConnectionStrings:Posts", connectionString));

    [Fact]
    public async Task Live_and_ready_answer_200_when_the_database_answers()
    {
        await using var host = Host(database.ConnectionString);
        using var client = host.CreateClient();

        (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_answers_503_and_live_200_when_the_database_does_not()
    {
        // Nothing listens on port 1: as if PostgreSQL were down.
        await using var host = Host("Host=127.0.0.1;Port=1;Database=posts;Username=postgres;Timeout=2");
        using var client = host.CreateClient();

        (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

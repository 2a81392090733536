using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using Posts.Testing;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary>The API over a database that does not answer (nothing listens on port 1).</summary>
public sealed class DownDatabaseApiFactory(PostgresServer server) : ApiFactory(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("ConnectionStrings:Posts", "Host=127.0.0.1;Port=1;Database=x;Username=postgres;Timeout=2")];
}

/// <summary>A database outage is 503 <c>unavailable</c> with <c>Retry-After</c>: never a 500, never a 401.</summary>
public sealed class DatabaseOutageTests(DownDatabaseApiFactory api) : IClassFixture<DownDatabaseApiFactory>
{
    private const string AnyToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
        response.Headers.RetryAfter.Should().NotBeNull();
        response.Headers.RetryAfter!.Delta.Should().BePositive();
        problem.ToString().Should().NotContain("Port=1").And.NotContain("127.0.0.1", "connection details are never sent");
    }

    [Fact]
    public async Task GET_posts_with_a_bearer_token_is_503_with_Retry_After()
    {
        using var client = api.ClientWith(AnyToken);

        var response = await client.GetAsync("/posts", Ct);

        await ShouldBeUnavailableAsync(response);
    }

    [Fact]
    public async Task POST_tokens_is_503_with_Retry_After()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/tokens", new { username = "alice", password = ApiFactory.DefaultPassword }, Ct);

        await ShouldBeUnavailableAsync(response);
    }

    [Fact]
    public async Task POST_posts_with_a_bearer_token_is_503_with_Retry_After()
    {
        using var client = api.ClientWith(AnyToken);

        var response = await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "World" }, Ct);

        await ShouldBeUnavailableAsync(response);
    }

    [Fact]
    public async Task Ready_is_503_and_live_200()
    {
        using var client = api.CreateClient();

        var ready = await client.GetAsync("/health/ready", Ct);
        var live = await client.GetAsync("/health/live", Ct);

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

using FluentAssertions;

namespace Posts.Deployment.Tests.Compose;

/// <summary>docker-compose.yml against the Compose specification's JSON schema (no Docker engine needed).</summary>
public sealed class ComposeSchemaTests
{
    [Fact]
    public void Docker_compose_yml_is_valid_against_the_compose_schema()
    {
        var schema = ComposeSchema.LoadOrSkip();

        var errors = schema.Errors(File.ReadAllText(Repository.PathOf("docker-compose.yml")));

        errors.Should().BeEmpty("docker-compose.yml must follow the Compose specification");
    }

    [Fact]
    public void A_minimal_valid_document_is_accepted()
    {
        var schema = ComposeSchema.LoadOrSkip();

        var errors = schema.Errors("""
            services:
              db:
                image: postgres:17
                healthcheck: {test: ["CMD", "pg_isready"], interval: 5s, retries: 3}
                ports: ["5432:5432", 5433]
            """);

        errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData("services: {db: {image: 5, healthcheck: \"nope\"}}", "/services/db")]
    [InlineData("services: {db: {image: postgres:17, helthcheck: {test: [CMD, true]}}}", "/services/db")]
    [InlineData("services: {db: {image: postgres:17, healthcheck: {test: [CMD, pg_isready], retries: [3]}}}", "/services/db/healthcheck/retries")]
    [InlineData("services: {api: {image: a:1, depends_on: {db: {condition: service_done}}}}", "/services/api/depends_on/db/condition")]
    [InlineData("services: {api: {image: a:1, environment: {PORT: {value: 1}}}}", "/services/api/environment")]
    [InlineData("servces: {db: {image: postgres:17}}", "")]
    public void A_broken_document_is_rejected(string yaml, string location)
    {
        var schema = ComposeSchema.LoadOrSkip();

        var errors = schema.Errors(yaml);

        errors.Should().NotBeEmpty();
        errors.Should().Contain(e => e.StartsWith(location, StringComparison.Ordinal),
            "the error should point at what is wrong");
    }

    [Fact]
    public void Yaml_is_read_as_compose_reads_it()
    {
        var json = ComposeSchema.ToJson("""
            x-base: &base
              image: a:1
              environment: {A: "1"}
            services:
              one:
                <<: *base
                image: b:2
              two: {port: 5, quoted: "5", flag: true, none: ~, text: 5s}
              three:
                block: |
                  5
                after: 6
            """)!;

        json["services"]!["one"]!.ToJsonString().Should().Be("""{"image":"b:2","environment":{"A":"1"}}""");
        json["services"]!["two"]!.ToJsonString().Should().Be(
            """{"port":5,"quoted":"5","flag":true,"none":null,"text":"5s"}""");
        json["services"]!["three"]!["block"]!.GetValue<string>().Should().Be("5\n");
    }
}

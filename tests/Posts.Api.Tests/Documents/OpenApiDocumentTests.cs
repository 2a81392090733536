using System.Net;
using System.Text.Json;
using FluentAssertions;
using Posts.Api.Tests.Endpoints;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Documents;

/// <summary>The OpenAPI 3.1 document lists every route of SPEC §4 with its security and problems; Scalar renders it.</summary>
public sealed class OpenApiDocumentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>SPEC §4, row by row: method, path, operation id, whether it takes a bearer token.</summary>
    public static TheoryData<string, string, string, bool> Routes => new()
    {
        { "post", "/tokens", "CreateToken", false },
        { "delete", "/tokens/current", "RevokeToken", true },
        { "get", "/me", "GetCurrentUser", true },
        { "put", "/me/password", "ChangePassword", true },
        { "get", "/posts", "ListPosts", true },
        { "post", "/posts", "CreatePost", true },
        { "get", "/posts/{id}", "GetPost", true },
        { "patch", "/posts/{id}", "UpdatePost", true },
        { "delete", "/posts/{id}", "DeletePost", true },
        { "get", "/posts/{postId}/comments", "ListComments", true },
        { "post", "/posts/{postId}/comments", "CreateComment", true },
        { "patch", "/comments/{id}", "UpdateComment", true },
        { "delete", "/comments/{id}", "DeleteComment", true },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = api.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json", Ct);
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_with_a_bearer_scheme()
    {
        var document = await DocumentAsync();

        document.GetProperty("openapi").GetString().Should().StartWith("3.1.");
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().BeEquivalentTo("bearer");
    }

    [Fact]
    public async Task The_document_lists_exactly_the_routes_of_the_spec()
    {
        var document = await DocumentAsync();

        var listed = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Value.ValueKind == JsonValueKind.Object && op.Value.TryGetProperty("responses", out _))
                .Select(op => $"{op.Name} {path.Name}"))
            .ToList();

        listed.Should().BeEquivalentTo(Routes.Select(r => $"{r.Data.Item1} {r.Data.Item2}"),
            "the document shows the API's routes, and no health or document endpoints");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_operation_has_its_id_its_security_and_problem_responses(string method, string path, string operationId, bool bearer)
    {
        var document = await DocumentAsync();

        document.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue($"{path} is documented");
        item.TryGetProperty(method, out var operation).Should().BeTrue($"{method.ToUpperInvariant()} {path} is documented");
        operation.GetProperty("operationId").GetString().Should().Be(operationId);

        var security = operation.TryGetProperty("security", out var requirements)
            ? requirements.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToList()
            : [];
        if (bearer) security.Should().Equal(["Bearer"], $"{operationId} needs a bearer token");
        else security.Should().BeEmpty($"{operationId} is how a token is obtained");

        var responses = operation.GetProperty("responses").EnumerateObject().ToDictionary(r => r.Name, r => r.Value);
        responses.Keys.Should().Contain(k => k.StartsWith('2'), "the success response is documented");
        var problems = responses.Where(r => r.Key[0] is '4' or '5').ToList();
        problems.Should().NotBeEmpty();
        foreach (var (status, response) in problems)
        {
            response.TryGetProperty("content", out var content).Should().BeTrue($"{operationId} {status} has a body");
            content.TryGetProperty("application/problem+json", out _).Should().BeTrue($"{operationId} {status} is a problem");
        }

        if (bearer) responses.Keys.Should().Contain("401");
        responses.Keys.Should().Contain("503", "any operation may meet a database outage");
    }

    [Fact]
    public async Task Conditional_and_idempotent_operations_document_their_statuses()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        string[] Statuses(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name)];

        Statuses("/posts/{id}", "patch").Should().Contain(["200", "400", "403", "404", "412"]);
        Statuses("/posts/{id}", "delete").Should().Contain(["204", "403", "404", "412"]);
        Statuses("/posts", "post").Should().Contain(["201", "400", "413", "415", "422"]);
        Statuses("/tokens", "post").Should().Contain(["201", "400", "401", "429"]);
    }

    [Fact]
    public async Task ListPosts_documents_its_query_as_clients_send_it()
    {
        var document = await DocumentAsync();

        var parameters = document.GetProperty("paths").GetProperty("/posts").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);

        parameters.Keys.Should().BeEquivalentTo(["page", "cursor", "limit", "since", "until", "author", "q", "embed"]);
        parameters.Values.Should().OnlyContain(p => p.GetProperty("in").GetString() == "query");
        parameters["page"].GetProperty("schema").GetProperty("type").GetString().Should().Be("integer");
        parameters["limit"].GetProperty("schema").GetProperty("type").GetString().Should().Be("integer");
    }

    [Fact]
    public async Task UpdatePost_takes_a_merge_patch_where_every_field_is_optional_and_version_is_not_offered()
    {
        var document = await DocumentAsync();

        var body = document.GetProperty("paths").GetProperty("/posts/{id}").GetProperty("patch").GetProperty("requestBody").GetProperty("content");
        body.Names().Should().BeEquivalentTo(["application/merge-patch+json", "application/json"]);
        var schema = Resolve(document, body.GetProperty("application/merge-patch+json").GetProperty("schema"));
        schema.GetProperty("properties").Names().Should().BeEquivalentTo(["title", "body"]);
        schema.GetProperty("properties").GetProperty("title").GetProperty("type").GetString().Should().Be("string");
        schema.TryGetProperty("required", out var required).Should().BeFalse($"a merge patch may leave any field out, not {required}");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_post_is_documented_with_number_ids_and_string_times()
    {
        var document = await DocumentAsync();

        var post = document.GetProperty("components").GetProperty("schemas").GetProperty("PostDto").GetProperty("properties");
        post.GetProperty("id").GetProperty("type").GetString().Should().Be("integer");
        post.GetProperty("version").GetProperty("type").GetString().Should().Be("integer");
        post.GetProperty("createdAt").GetProperty("type").GetString().Should().Be("string");
        post.GetProperty("createdAt").GetProperty("format").GetString().Should().Be("date-time");
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!["#/components/schemas/".Length..];
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }

    [Fact]
    public async Task Scalar_answers_with_the_reference_page()
    {
        using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        var response = await client.GetAsync("/scalar", Ct);

        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("openapi/v1.json");
    }
}

using System.Net;
using System.Text.Json;
using FluentAssertions;
using Posts.Application;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Documents;

public sealed class AsyncApiTests(SocketHost host) : IClassFixture<SocketHost>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = host.HttpUri };
        var response = await http.GetAsync("/asyncapi.json", TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task The_document_is_AsyncAPI_3_with_every_websocket_request_and_host_message()
    {
        var document = await DocumentAsync();
        var messages = document.GetProperty("components").GetProperty("messages");
        var operations = document.GetProperty("operations");

        document.GetProperty("asyncapi").GetString().Should().Be("3.0.0");
        foreach (var entry in Catalogue.For(Adapters.WebSocket))
        {
            messages.TryGetProperty(entry.WireName, out _).Should().BeTrue(entry.WireName);
            messages.TryGetProperty(entry.WireName + ".reply", out _).Should().BeTrue(entry.WireName + ".reply");
            operations.GetProperty(entry.WireName).GetProperty("action").GetString().Should().Be("send");
        }

        foreach (var hostMessage in new[] { "tokens.use", "posts.subscribe", "posts.unsubscribe", "session.ended", "error", "posts.created", "posts.updated", "posts.deleted", "comments.created", "comments.updated", "comments.deleted", "posts.imported" })
            messages.TryGetProperty(hostMessage, out _).Should().BeTrue(hostMessage);
        foreach (var admin in Catalogue.Entries.Where(e => !e.IsExposedBy(Adapters.WebSocket)))
            messages.TryGetProperty(admin.WireName, out _).Should().BeFalse($"{admin.WireName} is not a WebSocket message");
    }

    [Fact]
    public async Task Request_and_reply_schemas_come_from_the_types()
    {
        var messages = (await DocumentAsync()).GetProperty("components").GetProperty("messages");

        var index = messages.GetProperty("posts.index").GetProperty("payload").GetProperty("properties").GetProperty("data").GetProperty("properties");
        index.GetProperty("filter").GetRawText().Should().Contain("since");
        index.TryGetProperty("limit", out _).Should().BeTrue();
        var update = messages.GetProperty("posts.update").GetProperty("payload").GetProperty("properties").GetProperty("data").GetProperty("properties");
        update.GetProperty("title").GetRawText().Should().Contain("string", "an update field is described as its value");
        var reply = messages.GetProperty("posts.index.reply").GetProperty("payload").GetProperty("properties");
        reply.GetProperty("data").GetProperty("type").GetRawText().Should().Contain("array");
        reply.GetProperty("meta").GetRawText().Should().Contain("nextCursor");
    }

    [Fact]
    public async Task The_close_codes_of_the_spec_are_in_the_document()
    {
        var codes = (await DocumentAsync()).GetProperty("x-close-codes").EnumerateArray().Select(c => c.GetProperty("code").GetInt32());

        codes.Should().BeEquivalentTo([1001, 1003, 1007, 1008, 1009, 1011, 4408]);
    }

    [Fact]
    public async Task A_plain_GET_of_the_socket_path_serves_the_console_page()
    {
        using var http = new HttpClient { BaseAddress = host.HttpUri };

        var page = await http.GetAsync("/", TestContext.Current.CancellationToken);

        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("posts.index").And.Contain("new WebSocket(");
    }
}

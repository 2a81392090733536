using System.Text.Json;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary>The envelope of SPEC §5: unreadable input, unknown types, the echoed id, and where data and meta go.</summary>
public sealed class EnvelopeTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task Invalid_JSON_gets_invalid_message_typed_error_and_the_socket_stays_open()
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync("{\"type\": \"posts.index\", ");
        var reply = await socket.ReceiveAsync();
        var next = await socket.RequestAsync(new { type = "posts.index" });

        reply.Names().Should().BeEquivalentTo("type", "status", "error");
        reply.ShouldFail("error", "invalid_message");
        next.ShouldFail("posts.index", "unauthenticated");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("{'type': 'posts.index'}")]
    [InlineData("{\"type\": \"posts.index\",}")]
    [InlineData("[{\"type\": \"posts.index\"}]")]
    [InlineData("\"posts.index\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"type\": \"posts.index\"} {\"type\": \"posts.index\"}")]
    public async Task Anything_but_one_JSON_object_is_invalid_message(string text)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync(text);
        var reply = await socket.ReceiveAsync();

        reply.ShouldFail("error", "invalid_message");
        reply.TryGetProperty("id", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"data\": {}}")]
    [InlineData("{\"type\": null}")]
    [InlineData("{\"type\": 7}")]
    [InlineData("{\"type\": \"\"}")]
    [InlineData("{\"type\": [\"posts.index\"]}")]
    public async Task A_message_without_a_string_type_is_invalid_message(string text)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync(text);

        (await socket.ReceiveAsync()).ShouldFail("error", "invalid_message");
    }

    [Fact]
    public async Task A_message_without_type_still_echoes_its_id()
    {
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { id = "c-1", data = new { } });

        reply.ShouldFail("error", "invalid_message");
        reply.GetProperty("id").GetString().Should().Be("c-1");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("12")]
    [InlineData("true")]
    public async Task Data_that_is_not_an_object_is_invalid_message_with_the_type_echoed(string data)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"type\": \"posts.index\", \"data\": {data}, \"id\": 5}}");
        var reply = await socket.ReceiveAsync();

        reply.ShouldFail("posts.index", "invalid_message");
        reply.GetProperty("id").GetInt32().Should().Be(5);
    }

    [Theory]
    [InlineData("{\"type\": \"posts.index\", \"id\": {}}")]
    [InlineData("{\"type\": \"posts.index\", \"id\": [1]}")]
    [InlineData("{\"type\": \"posts.index\", \"id\": true}")]
    public async Task An_id_that_is_neither_string_nor_number_is_invalid_message(string text)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync(text);

        (await socket.ReceiveAsync()).ShouldFail("error", "invalid_message");
    }

    [Theory]
    [InlineData("posts.explode")]
    [InlineData("POSTS.INDEX")]
    [InlineData("posts.index ")]
    [InlineData("session.ended")]
    [InlineData("posts.created")]
    public async Task An_unknown_type_gets_unknown_type_with_the_type_echoed_and_the_socket_stays_open(string type)
    {
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { type, id = "u-1" });
        var next = await socket.RequestAsync(new { type = "me.show" });

        reply.ShouldFail(type, "unknown_type");
        reply.GetProperty("id").GetString().Should().Be("u-1");
        next.ShouldFail("me.show", "unauthenticated");
    }

    [Theory]
    [InlineData("\"c-17\"")]
    [InlineData("\"\"")]
    [InlineData("\"\\u00e9t\\u00e9 \\ud83d\\ude00\"")]
    [InlineData("0")]
    [InlineData("-12")]
    [InlineData("1.50")]
    [InlineData("1e3")]
    [InlineData("123456789012345678901234567890")]
    public async Task The_id_is_echoed_verbatim(string id)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"id\": {id}, \"type\": \"posts.index\"}}");
        var (_, text) = await socket.ReceiveRawAsync();

        using var reply = JsonDocument.Parse(text);
        using var sent = JsonDocument.Parse(id);
        var echoed = reply.RootElement.GetProperty("id");
        echoed.ValueKind.Should().Be(sent.RootElement.ValueKind);
        if (sent.RootElement.ValueKind == JsonValueKind.String)
            echoed.GetString().Should().Be(sent.RootElement.GetString(), "a string id comes back as the same string: {0}", text);
        else
            echoed.GetRawText().Should().Be(id, "a number id comes back spelt as sent, even past 64 bits: {0}", text);
        reply.RootElement.ShouldFail("posts.index", "unauthenticated");
    }

    [Fact]
    public async Task A_reply_carries_no_id_when_the_request_had_none()
    {
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { type = "posts.index" });

        reply.Names().Should().BeEquivalentTo("type", "status", "error");
    }

    [Fact]
    public async Task Null_or_absent_data_is_an_empty_object()
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync("{\"type\": \"posts.index\", \"data\": null}");
        var withNull = await socket.ReceiveAsync();
        var without = await socket.RequestAsync(new { type = "posts.index" });

        withNull.ShouldBeOk("posts.index");
        without.ShouldBeOk("posts.index");
    }

    [Fact]
    public async Task A_page_puts_items_in_data_and_paging_in_meta()
    {
        await using var socket = await host.SignedInAsync();
        await socket.CreatePostAsync("First");
        await socket.CreatePostAsync("Second");

        var reply = await socket.RequestAsync(new { type = "posts.index", data = new { limit = 1, filter = new { author = socket.Username } }, id = "p-1" });

        reply.ShouldBeOk("posts.index");
        reply.Names().Should().BeEquivalentTo("type", "status", "data", "meta", "id");
        reply.Data().ValueKind.Should().Be(JsonValueKind.Array);
        reply.Data().EnumerateArray().Single().GetProperty("title").GetString().Should().Be("Second");
        var meta = reply.GetProperty("meta");
        meta.Names().Should().BeEquivalentTo("page", "limit", "total", "totalExact", "hasMore", "nextCursor");
        meta.GetProperty("page").GetInt32().Should().Be(1);
        meta.GetProperty("limit").GetInt32().Should().Be(1);
        meta.GetProperty("total").GetInt64().Should().Be(2);
        meta.GetProperty("totalExact").GetBoolean().Should().BeTrue();
        meta.GetProperty("hasMore").GetBoolean().Should().BeTrue();
        meta.GetProperty("nextCursor").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_single_resource_is_data_without_meta()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        var reply = await socket.RequestAsync(new { type = "posts.show", data = new { id = post.Id() } });

        reply.ShouldBeOk("posts.show");
        reply.Names().Should().BeEquivalentTo("type", "status", "data");
        reply.Data().GetProperty("id").GetInt64().Should().Be(post.Id());
    }

    [Fact]
    public async Task A_result_with_nothing_to_return_has_neither_data_nor_meta()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        var reply = await socket.RequestAsync(new { type = "posts.delete", data = new { id = post.Id() }, id = 9 });

        reply.ShouldBeOk("posts.delete");
        reply.Names().Should().BeEquivalentTo("type", "status", "id");
    }

    [Fact]
    public async Task An_error_has_code_message_and_details_and_nothing_else()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "posts.index", data = new { limit = 0 }, id = "c-1" });

        reply.Names().Should().BeEquivalentTo("type", "status", "error", "id");
        reply.GetProperty("error").Names().Should().BeEquivalentTo("code", "message", "details");
        reply.ShouldFailValidation("posts.index", "limit");
        reply.GetProperty("error").GetProperty("details").GetProperty("limit")[0].GetString().Should().Be("Must be between 1 and 100.");
    }
}

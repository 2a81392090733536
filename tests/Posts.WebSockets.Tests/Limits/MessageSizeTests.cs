using System.Net.WebSockets;
using System.Text;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>Messages are limited in size, counted over their fragments while reading: past the limit the socket closes with 1009.</summary>
public sealed class MessageSizeTests(MessageSizeTests.SmallMessagesHost host) : IClassFixture<MessageSizeTests.SmallMessagesHost>
{
    public const int Limit = 1024;

    public sealed class SmallMessagesHost(PostgresServer server) : LoggedSocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("WebSockets:MaxMessageBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>A <c>posts.index</c> request of exactly <paramref name="bytes"/> bytes (the id pads it).</summary>
    private static string RequestOf(int bytes)
    {
        const string head = "{\"type\": \"posts.index\", \"id\": \"";
        const string tail = "\"}";
        return head + new string('x', bytes - head.Length - tail.Length) + tail;
    }

    [Fact]
    public async Task A_message_of_exactly_the_limit_is_answered()
    {
        await using var socket = await host.ConnectAsync();
        var text = RequestOf(Limit);

        await socket.SendTextAsync(text);

        Encoding.UTF8.GetByteCount(text).Should().Be(Limit);
        (await socket.ReceiveAsync()).ShouldFail("posts.index", "unauthenticated");
    }

    [Fact]
    public async Task A_message_one_byte_over_the_limit_closes_the_socket_with_1009()
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync(RequestOf(Limit + 1));

        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    [Fact]
    public async Task A_message_of_many_megabytes_closes_the_socket_with_1009()
    {
        await using var socket = await host.ConnectAsync();

        // Sent as fragments: the host closes long before the end, and the client stops sending when it sees the close.
        var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 8 * 16; i++) await socket.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, TestContext.Current.CancellationToken);
            }
            catch (WebSocketException)
            {
                // The host closed while we were still sending: expected.
            }
        }, TestContext.Current.CancellationToken);

        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        await sending;
    }

    [Fact]
    public async Task Fragments_count_toward_the_limit_and_the_host_closes_before_the_message_ends()
    {
        await using var socket = await host.ConnectAsync();
        var fragment = Encoding.UTF8.GetBytes("{\"type\": \"posts.index\", \"id\": \"" + new string('x', 400));

        await socket.Socket.SendAsync(fragment, WebSocketMessageType.Text, endOfMessage: false, TestContext.Current.CancellationToken);
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes(new string('x', 400)), WebSocketMessageType.Text, endOfMessage: false, TestContext.Current.CancellationToken);
        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes(new string('x', 400)), WebSocketMessageType.Text, endOfMessage: false, TestContext.Current.CancellationToken);

        // No final fragment was sent: each was under the limit, their sum is not.
        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    [Fact]
    public async Task A_message_in_fragments_under_the_limit_is_reassembled_and_answered()
    {
        await using var socket = await host.ConnectAsync();
        var text = Encoding.UTF8.GetBytes("{\"type\": \"posts.index\", \"id\": \"fragmented\", \"data\": {\"limit\": 5}}");

        for (var i = 0; i < text.Length; i += 10)
            await socket.Socket.SendAsync(text.AsMemory(i, Math.Min(10, text.Length - i)), WebSocketMessageType.Text, endOfMessage: i + 10 >= text.Length, TestContext.Current.CancellationToken);
        var reply = await socket.ReceiveAsync();

        reply.ShouldFail("posts.index", "unauthenticated");
        reply.GetProperty("id").GetString().Should().Be("fragmented");
    }

    [Fact]
    public async Task Closing_a_socket_for_size_logs_no_error_and_leaves_other_sockets_served()
    {
        await using var bystander = await host.ConnectAsync();
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync(RequestOf(Limit * 4));
        var close = await socket.ReceiveCloseAsync();
        var served = await bystander.RequestAsync(new { type = "me.show" });

        close.Should().Be(WebSocketCloseStatus.MessageTooBig);
        served.ShouldFail("me.show", "unauthenticated");
        host.Errors.Should().BeEmpty();
    }
}

using System.Net.WebSockets;
using System.Text;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>Frames the protocol does not allow: binary closes 1003, invalid UTF-8 1007, broken framing 1002 — none is an error in the host's log.</summary>
public sealed class BadFrameTests(LoggedSocketHost host) : IClassFixture<LoggedSocketHost>
{
    [Fact]
    public async Task A_binary_frame_closes_the_socket_with_1003()
    {
        await using var socket = await host.ConnectAsync();

        await socket.Socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\": \"posts.index\"}"), WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidMessageType);
        host.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public async Task Invalid_UTF8_in_a_text_frame_closes_the_socket_with_1007_without_an_error_log(byte[] bytes)
    {
        await using var socket = await host.ConnectAsync();
        var drops = host.CountLogs(LoggedSocketHost.IsDrop);

        await socket.Socket.SendAsync(bytes, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidPayloadData);
        await host.WaitForLogAsync(LoggedSocketHost.IsDrop, drops);
        host.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Invalid_UTF8_split_over_fragments_closes_the_socket_with_1007()
    {
        await using var socket = await host.ConnectAsync();
        var drops = host.CountLogs(LoggedSocketHost.IsDrop);
        var text = Encoding.UTF8.GetBytes("{\"type\": \"posts.index\", \"id\": \"é");

        await socket.Socket.SendAsync(text.AsMemory(0, text.Length - 1), WebSocketMessageType.Text, false, TestContext.Current.CancellationToken);
        await socket.Socket.SendAsync(new byte[] { 0x41, 0x22, 0x7D }, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

        (await socket.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidPayloadData);
        await host.WaitForLogAsync(LoggedSocketHost.IsDrop, drops);
        host.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unmasked_frame_closes_the_connection_with_1002_without_an_error_log()
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);
        var drops = host.CountLogs(LoggedSocketHost.IsDrop);

        await socket.SendFrameAsync(0x1, Encoding.UTF8.GetBytes("{\"type\": \"posts.index\"}"), masked: false);

        (await socket.ReadUntilClosedAsync(TestSocket.ReadTimeout)).Should().Be(1002);
        await host.WaitForLogAsync(LoggedSocketHost.IsDrop, drops);
        host.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0x3)]
    [InlineData(0x7)]
    [InlineData(0xB)]
    public async Task A_reserved_opcode_closes_the_connection_with_1002_without_an_error_log(int opcode)
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);
        var drops = host.CountLogs(LoggedSocketHost.IsDrop);

        await socket.SendFrameAsync(opcode, [1, 2, 3]);

        (await socket.ReadUntilClosedAsync(TestSocket.ReadTimeout)).Should().Be(1002);
        await host.WaitForLogAsync(LoggedSocketHost.IsDrop, drops);
        host.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_peer_that_vanishes_mid_message_is_no_error()
    {
        var socket = await RawSocket.ConnectAsync(host.SocketUri);
        var drops = host.CountLogs(LoggedSocketHost.IsDrop);
        await socket.SendFrameAsync(0x1, Encoding.UTF8.GetBytes("{\"type\": \"posts."), fin: false);
        await socket.DisposeAsync();
        await host.WaitForLogAsync(LoggedSocketHost.IsDrop, drops);
        await using var next = await host.ConnectAsync();

        (await next.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        host.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Raw_text_frames_are_answered_like_any_client()
    {
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);

        await socket.SendTextAsync("{\"type\": \"me.show\", \"id\": 1}");

        (await socket.ReceiveJsonAsync()).ShouldFail("me.show", "unauthenticated");
    }
}

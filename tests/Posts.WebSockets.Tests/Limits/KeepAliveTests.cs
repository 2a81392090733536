using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>The host pings; a peer that never answers is dropped after interval + timeout, one that answers stays.</summary>
public sealed class KeepAliveTests(KeepAliveTests.QuickPingHost host) : IClassFixture<KeepAliveTests.QuickPingHost>
{
    public sealed class QuickPingHost(PostgresServer server) : LoggedSocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("WebSockets:KeepAliveInterval", "00:00:01"),
            new("WebSockets:KeepAliveTimeout", "00:00:01"),
        ];
    }

    [Fact]
    public async Task A_peer_that_never_answers_pings_is_dropped_and_one_that_answers_stays()
    {
        await using var answering = await host.ConnectAsync();
        await using var silent = await RawSocket.ConnectAsync(host.SocketUri);
        var started = DateTime.UtcNow;

        // ClientWebSocket answers pings only while a receive is pending: keep one pending (bounded by the test's token).
        var buffer = new byte[4096];
        var pending = answering.Socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
        var seen = await silent.ReadUntilDroppedAsync(TimeSpan.FromSeconds(20));
        var took = DateTime.UtcNow - started;
        await answering.SendAsync(new { type = "me.show" });
        var reply = await pending;

        seen.Should().Contain(0x9, "the host pinged");
        took.Should().BeLessThan(TimeSpan.FromSeconds(15));
        reply.MessageType.Should().Be(System.Net.WebSockets.WebSocketMessageType.Text, "the answering peer is still connected after the silent one was dropped");
        System.Text.Encoding.UTF8.GetString(buffer, 0, reply.Count).Should().Contain("unauthenticated");
        host.Errors.Should().BeEmpty();
    }
}

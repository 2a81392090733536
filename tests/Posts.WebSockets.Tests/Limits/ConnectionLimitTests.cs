using System.Net;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>A host holds at most MaxConnections sockets: one more upgrade is answered 503, and a place frees when a socket closes.</summary>
public sealed class ConnectionLimitTests(ConnectionLimitTests.TwoSocketsHost host) : IClassFixture<ConnectionLimitTests.TwoSocketsHost>
{
    public sealed class TwoSocketsHost(PostgresServer server) : SocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("WebSockets:MaxConnections", "2")];
    }

    [Fact]
    public async Task The_third_upgrade_gets_503_and_a_closed_socket_frees_its_place()
    {
        await using var first = await host.ConnectAsync();
        await using var second = await host.ConnectAsync();
        (await first.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        (await second.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");

        var (third, status) = await host.TryConnectAsync();
        using var client = host.CreateClient();
        var page = await client.GetAsync("/", TestContext.Current.CancellationToken);

        third.Should().BeNull();
        status.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the limit is on sockets: the console page is still served");
        (await first.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");

        await first.Socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", TestContext.Current.CancellationToken);
        var reopened = await ConnectWhenFreeAsync();
        (await reopened.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        await reopened.DisposeAsync();
    }

    /// <summary>The host releases the place when its handler ends, just after the close handshake: retry, bounded.</summary>
    private async Task<TestSocket> ConnectWhenFreeAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (socket, status) = await host.TryConnectAsync();
            if (socket is not null) return socket;
            status.Should().Be(HttpStatusCode.ServiceUnavailable);
            if (DateTime.UtcNow > until) throw new TimeoutException("The closed socket's place was never freed.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

using System.Net.WebSockets;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Sessions;

/// <summary>
/// The host's clock (fake here, so nothing sleeps): tokens expire after 24 h, and a socket without a session is closed
/// with 4408 after 60 s — a lifetime that restarts when a session ends.
/// </summary>
public sealed class SessionClockTests(SocketHost host) : IClassFixture<SocketHost>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_expired_token_pushes_session_ended_expired_then_the_request_is_unauthenticated()
    {
        await using var socket = await host.SignedInAsync();

        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var pushed = await socket.RequestAsync(new { type = "me.show" }); // the next message: the push, before the reply
        var reply = await socket.ReceiveAsync();

        pushed.ShouldBeOk("session.ended").Data().GetProperty("reason").GetString().Should().Be("expired");
        reply.ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task A_token_is_good_until_just_before_it_expires()
    {
        await using var socket = await host.SignedInAsync();

        host.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));

        (await socket.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");
    }

    [Fact]
    public async Task A_socket_that_never_signs_in_is_closed_with_4408_once_the_clock_passes_60_seconds()
    {
        await using var socket = await host.ConnectAsync();
        (await socket.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated"); // the host has the socket

        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        var stillOpen = await socket.RequestAsync(new { type = "me.show" });
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var close = await socket.ReceiveCloseAsync();

        stillOpen.ShouldFail("me.show", "unauthenticated");
        close.Should().Be((WebSocketCloseStatus)4408);
    }

    [Fact]
    public async Task A_signed_in_socket_is_not_closed_by_the_authentication_timeout()
    {
        await using var socket = await host.SignedInAsync();

        host.Clock.Advance(Lifetime * 3);

        (await socket.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");
    }

    [Fact]
    public async Task After_tokens_delete_the_60_seconds_start_again()
    {
        await using var socket = await host.SignedInAsync();
        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));

        (await socket.RequestAsync(new { type = "tokens.delete" })).ShouldBeOk("tokens.delete");
        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        var stillOpen = await socket.RequestAsync(new { type = "me.show" });
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        var close = await socket.ReceiveCloseAsync();

        stillOpen.ShouldFail("me.show", "unauthenticated");
        close.Should().Be((WebSocketCloseStatus)4408);
    }

    [Fact]
    public async Task After_a_session_expires_the_60_seconds_start_again()
    {
        await using var socket = await host.SignedInAsync();
        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        (await socket.RequestAsync(new { type = "me.show" })).ShouldBeOk("session.ended");
        (await socket.ReceiveAsync()).ShouldFail("me.show", "unauthenticated");

        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        var stillOpen = await socket.RequestAsync(new { type = "me.show" });
        host.Clock.Advance(TimeSpan.FromSeconds(2));

        stillOpen.ShouldFail("me.show", "unauthenticated");
        (await socket.ReceiveCloseAsync()).Should().Be((WebSocketCloseStatus)4408);
    }

    [Fact]
    public async Task Signing_in_within_the_lifetime_stops_the_timeout()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();
        (await socket.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");

        host.Clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        (await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } })).ShouldBeOk("tokens.create");
        host.Clock.Advance(Lifetime);

        (await socket.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");
    }
}

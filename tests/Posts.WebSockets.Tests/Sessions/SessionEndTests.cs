using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Posts.Application.Common.Abstractions;
using Posts.Application.Tokens;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Sessions;

/// <summary>How sessions end: the client's own <c>tokens.delete</c> (no push), or a change made elsewhere on this host (a push).</summary>
public sealed class SessionEndTests(SocketHost host) : IClassFixture<SocketHost>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task Tokens_delete_ends_the_session_without_a_push_and_the_next_request_is_unauthenticated()
    {
        await using var socket = await host.SignedInAsync();

        var deleted = await socket.RequestAsync(new { type = "tokens.delete" });
        var next = await socket.RequestAsync(new { type = "posts.index" });

        deleted.ShouldBeOk("tokens.delete");
        next.ShouldFail("posts.index", "unauthenticated"); // the very next message: no session.ended before it
    }

    [Fact]
    public async Task A_password_change_from_another_socket_pushes_session_ended_to_the_first_and_keeps_the_changer_signed_in()
    {
        var username = await host.CreateUserAsync();
        await using var first = await host.SignInAsync(username);
        await using var changer = await host.SignInAsync(username);

        var changed = await changer.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = NewPassword } });
        var pushed = await first.ReceiveAsync();
        var after = await first.RequestAsync(new { type = "me.show" });
        var changerStill = await changer.RequestAsync(new { type = "me.show" });

        changed.ShouldBeOk("me.password");
        pushed.ShouldBeOk("session.ended");
        pushed.Names().Should().BeEquivalentTo("type", "status", "data");
        pushed.Data().GetProperty("reason").GetString().Should().Be("password_changed");
        after.ShouldFail("me.show", "unauthenticated");
        changerStill.ShouldBeOk("me.show");
    }

    [Fact]
    public async Task A_password_change_ends_no_other_users_session()
    {
        await using var bystander = await host.SignedInAsync();
        await using var changer = await host.SignedInAsync();

        (await changer.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = NewPassword } })).ShouldBeOk("me.password");
        var reply = await bystander.RequestAsync(new { type = "me.show" });

        reply.ShouldBeOk("me.show"); // and no session.ended before it
    }

    [Fact]
    public async Task A_socket_whose_session_ended_can_sign_in_again()
    {
        var username = await host.CreateUserAsync();
        await using var first = await host.SignInAsync(username);
        await using var changer = await host.SignInAsync(username);
        (await changer.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = NewPassword } })).ShouldBeOk("me.password");
        (await first.ReceiveAsync()).ShouldBeOk("session.ended");

        var again = await first.RequestAsync(new { type = "tokens.create", data = new { username, password = NewPassword } });
        var me = await first.RequestAsync(new { type = "me.show" });

        again.ShouldBeOk("tokens.create");
        me.ShouldBeOk("me.show");
    }

    [Fact]
    public async Task Tokens_delete_on_one_socket_ends_another_socket_using_the_same_token_with_a_push()
    {
        await using var first = await host.SignedInAsync();
        var token = (await first.RequestAsync(new { type = "tokens.create", data = new { username = first.Username, password = SocketHost.DefaultPassword } })).Data().GetProperty("token").GetString();
        await using var second = await host.ConnectAsync();
        (await second.RequestAsync(new { type = "tokens.use", data = new { token } })).ShouldBeOk("tokens.use");

        (await first.RequestAsync(new { type = "tokens.delete" })).ShouldBeOk("tokens.delete");
        var pushed = await second.ReceiveAsync();
        var after = await second.RequestAsync(new { type = "me.show" });

        pushed.ShouldBeOk("session.ended").Data().GetProperty("reason").GetString().Should().Be("revoked");
        after.ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task A_revocation_that_arrives_after_the_user_signed_in_again_leaves_the_new_session_alone()
    {
        // The event of a revocation reaches a host after the in-process notice (and other hosts later still); by then
        // the user may have signed in anew on the same socket. Replayed here in that order, without timing.
        var username = await host.CreateUserAsync();
        await using var socket = await host.SignInAsync(username);
        var userId = (await socket.RequestAsync(new { type = "me.show" })).Data().Id();
        var newestAtRevocation = await host.DbAsync(db => db.Tokens.MaxAsync(t => t.Id));
        (await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } })).ShouldBeOk("tokens.create");

        EndSessions(new TokensRevokedPayload(userId, null, null, false, SessionEndReasons.PasswordChanged, newestAtRevocation));
        var stillSignedIn = await socket.RequestAsync(new { type = "me.show" });
        EndSessions(new TokensRevokedPayload(userId, null, null, false, SessionEndReasons.PasswordChanged, newestAtRevocation + 1_000));
        var ended = await socket.ReceiveAsync();

        stillSignedIn.ShouldBeOk("me.show");
        ended.ShouldBeOk("session.ended").Data().GetProperty("reason").GetString().Should().Be("password_changed", "a revocation that covers the new token does end it");
    }

    private void EndSessions(TokensRevokedPayload ended)
    {
        foreach (var listener in host.Services.GetServices<ISessionListener>()) listener.SessionsEnded(ended);
    }
}

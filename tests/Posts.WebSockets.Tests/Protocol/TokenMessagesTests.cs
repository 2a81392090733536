using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary><c>tokens.create</c> and <c>tokens.delete</c>: success and every error each can give.</summary>
public sealed class TokenMessagesTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task Tokens_create_returns_the_token_and_signs_the_socket_in()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword }, id = "t" });
        var me = await socket.RequestAsync(new { type = "me.show" });

        reply.ShouldBeOk("tokens.create");
        reply.GetProperty("id").GetString().Should().Be("t");
        reply.Data().Names().Should().BeEquivalentTo("token", "expiresAt", "user");
        reply.Data().GetProperty("token").GetString().Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        reply.Data().GetProperty("expiresAt").GetDateTimeOffset().Should().Be(host.Clock.GetUtcNow().AddHours(24));
        reply.Data().GetProperty("user").GetProperty("username").GetString().Should().Be(username);
        reply.Data().GetProperty("user").Names().Should().BeEquivalentTo("id", "username", "displayName");
        me.ShouldBeOk("me.show").Data().GetProperty("username").GetString().Should().Be(username);
    }

    [Fact]
    public async Task Tokens_create_accepts_the_username_in_any_case()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { type = "tokens.create", data = new { username = username.ToUpperInvariant(), password = SocketHost.DefaultPassword } });

        reply.ShouldBeOk("tokens.create").Data().GetProperty("user").GetProperty("username").GetString().Should().Be(username);
    }

    [Fact]
    public async Task Tokens_create_with_a_wrong_password_or_unknown_user_is_unauthenticated_alike_and_leaves_the_socket_signed_out()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();

        var wrong = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = "not the password" } });
        var unknown = await socket.RequestAsync(new { type = "tokens.create", data = new { username = "nobody-here", password = "not the password" } });
        var me = await socket.RequestAsync(new { type = "me.show" });

        wrong.ShouldFail("tokens.create", "unauthenticated");
        unknown.ShouldFail("tokens.create", "unauthenticated");
        wrong.GetProperty("error").GetProperty("message").GetString().Should().Be(unknown.GetProperty("error").GetProperty("message").GetString());
        me.ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task A_failed_tokens_create_does_not_end_a_session_the_socket_already_has()
    {
        await using var socket = await host.SignedInAsync();

        var wrong = await socket.RequestAsync(new { type = "tokens.create", data = new { username = socket.Username, password = "not the password" } });
        var me = await socket.RequestAsync(new { type = "me.show" });

        wrong.ShouldFail("tokens.create", "unauthenticated");
        me.ShouldBeOk("me.show").Data().GetProperty("username").GetString().Should().Be(socket.Username);
    }

    [Fact]
    public async Task Tokens_create_signs_the_socket_in_as_the_new_user_when_it_already_had_a_session()
    {
        await using var socket = await host.SignedInAsync();
        var other = await host.CreateUserAsync();

        (await socket.RequestAsync(new { type = "tokens.create", data = new { username = other, password = SocketHost.DefaultPassword } })).ShouldBeOk("tokens.create");
        var me = await socket.RequestAsync(new { type = "me.show" });

        me.ShouldBeOk("me.show").Data().GetProperty("username").GetString().Should().Be(other);
    }

    [Theory]
    [InlineData("{}", new[] { "username", "password" })]
    [InlineData("{\"username\": \"\", \"password\": \"x\"}", new[] { "username" })]
    [InlineData("{\"username\": \"someone\", \"password\": \"\"}", new[] { "password" })]
    [InlineData("{\"username\": 12, \"password\": \"x\"}", new[] { "username" })]
    [InlineData("{\"username\": \"someone\", \"password\": [\"x\"]}", new[] { "password" })]
    [InlineData("{\"username\": \"someone\", \"password\": \"x\", \"remember\": true}", new[] { "remember" })]
    public async Task Tokens_create_with_bad_input_is_validation_failed_on_the_field(string data, string[] fields)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"type\": \"tokens.create\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("tokens.create", fields);
    }

    [Fact]
    public async Task Tokens_create_goes_through_the_shared_sign_in_throttle_and_answers_rate_limited()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();

        for (var i = 0; i < 5; i++)
            (await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = $"guess {i}" } })).ShouldFail("tokens.create", "unauthenticated");
        var limited = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } });

        limited.ShouldFail("tokens.create", "rate_limited");
        limited.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32().Should().BePositive();
        (await socket.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task Tokens_delete_revokes_the_token_and_ends_the_session_without_a_push()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();
        var created = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } });
        var token = created.Data().GetProperty("token").GetString();

        var deleted = await socket.RequestAsync(new { type = "tokens.delete", id = 1 });
        var next = await socket.RequestAsync(new { type = "me.show" }); // the very next message: no session.ended push before it
        await using var other = await host.ConnectAsync();
        var reuse = await other.RequestAsync(new { type = "tokens.use", data = new { token } });

        deleted.ShouldBeOk("tokens.delete");
        deleted.Names().Should().BeEquivalentTo("type", "status", "id");
        next.ShouldFail("me.show", "unauthenticated");
        reuse.ShouldFail("tokens.use", "unauthenticated");
        var revoked = await host.DbAsync(db => Task.FromResult(db.Tokens.Count(t => t.RevokedAt != null && t.UserId == db.Users.Single(u => u.Username == username).Id)));
        revoked.Should().Be(1);
    }

    [Fact]
    public async Task Tokens_delete_without_a_session_is_unauthenticated()
    {
        await using var socket = await host.ConnectAsync();

        (await socket.RequestAsync(new { type = "tokens.delete" })).ShouldFail("tokens.delete", "unauthenticated");
    }

    [Fact]
    public async Task Tokens_delete_rejects_unknown_fields()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "tokens.delete", data = new { all = true } });
        var me = await socket.RequestAsync(new { type = "me.show" });

        reply.ShouldFailValidation("tokens.delete", "all");
        me.ShouldBeOk("me.show");
    }
}

using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary><c>me.show</c> and <c>me.password</c>: success and every error each can give.</summary>
public sealed class MeMessagesTests(SocketHost host) : IClassFixture<SocketHost>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task Me_show_returns_the_public_user()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "me.show", id = "m" });

        reply.ShouldBeOk("me.show");
        reply.Data().Names().Should().BeEquivalentTo("id", "username", "displayName");
        reply.Data().GetProperty("username").GetString().Should().Be(socket.Username);
        reply.Data().GetProperty("displayName").GetString().Should().Be(socket.Username);
    }

    [Fact]
    public async Task Me_show_without_a_session_is_unauthenticated()
    {
        await using var socket = await host.ConnectAsync();

        (await socket.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task Me_show_rejects_unknown_fields()
    {
        await using var socket = await host.SignedInAsync();

        (await socket.RequestAsync(new { type = "me.show", data = new { userId = 1 } })).ShouldFailValidation("me.show", "userId");
    }

    [Fact]
    public async Task Me_password_changes_the_password_and_keeps_the_callers_session()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = NewPassword } });
        var me = await socket.RequestAsync(new { type = "me.show" });
        await using var fresh = await host.ConnectAsync();
        var oldPassword = await fresh.RequestAsync(new { type = "tokens.create", data = new { username = socket.Username, password = SocketHost.DefaultPassword } });
        var newPassword = await fresh.RequestAsync(new { type = "tokens.create", data = new { username = socket.Username, password = NewPassword } });

        reply.ShouldBeOk("me.password");
        reply.Names().Should().BeEquivalentTo("type", "status");
        me.ShouldBeOk("me.show");
        oldPassword.ShouldFail("tokens.create", "unauthenticated");
        newPassword.ShouldBeOk("tokens.create");
    }

    [Fact]
    public async Task Me_password_with_a_wrong_current_password_is_validation_failed_on_currentPassword()
    {
        await using var socket = await host.SignedInAsync();

        var reply = await socket.RequestAsync(new { type = "me.password", data = new { currentPassword = "not the password", newPassword = NewPassword } });

        reply.ShouldFailValidation("me.password", "currentPassword");
    }

    [Theory]
    [InlineData("{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"short\"}", new[] { "newPassword" })]
    [InlineData("{\"currentPassword\": \"\", \"newPassword\": \"a brand new passphrase\"}", new[] { "currentPassword" })]
    [InlineData("{}", new[] { "currentPassword", "newPassword" })]
    [InlineData("{\"currentPassword\": \"correct horse battery\", \"newPassword\": 123456789012}", new[] { "newPassword" })]
    [InlineData("{\"currentPassword\": \"correct horse battery\", \"newPassword\": \"a brand new passphrase\", \"confirm\": \"x\"}", new[] { "confirm" })]
    public async Task Me_password_with_bad_input_is_validation_failed_on_the_field(string data, string[] fields)
    {
        await using var socket = await host.SignedInAsync();

        await socket.SendTextAsync($"{{\"type\": \"me.password\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("me.password", fields);
    }

    [Fact]
    public async Task Me_password_equal_to_the_username_is_validation_failed_on_newPassword()
    {
        var username = await host.CreateUserAsync(username: "long-enough-name");
        await using var socket = await host.SignInAsync(username);

        var reply = await socket.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = username } });

        reply.ShouldFailValidation("me.password", "newPassword");
    }

    [Fact]
    public async Task Me_password_without_a_session_is_unauthenticated()
    {
        await using var socket = await host.ConnectAsync();

        var reply = await socket.RequestAsync(new { type = "me.password", data = new { currentPassword = SocketHost.DefaultPassword, newPassword = NewPassword } });

        reply.ShouldFail("me.password", "unauthenticated");
    }
}

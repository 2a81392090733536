using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary>Administrator requests are the CLI's alone: over the socket they do not exist, even for an administrator.</summary>
public sealed class AdminRequestsTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Theory]
    [InlineData("users.create", "{\"username\": \"mallory\", \"displayName\": \"Mallory\", \"password\": \"a long enough password\", \"isAdmin\": true}")]
    [InlineData("users.index", "{}")]
    [InlineData("users.disable", "{\"username\": \"user1\"}")]
    [InlineData("users.enable", "{\"username\": \"user1\"}")]
    [InlineData("users.resetPassword", "{\"username\": \"user1\", \"password\": \"a long enough password\"}")]
    [InlineData("tokens.revoke", "{\"all\": true}")]
    [InlineData("db.seed", "{}")]
    [InlineData("db.export", "{}")]
    public async Task An_admin_request_is_unknown_type_even_for_an_administrator(string type, string data)
    {
        await using var admin = await host.SignedInAsync(admin: true);
        var tokensBefore = await host.DbAsync(db => Task.FromResult(db.Tokens.Count(t => t.RevokedAt == null)));
        var usersBefore = await host.DbAsync(db => Task.FromResult(db.Users.Count()));

        await admin.SendTextAsync($"{{\"type\": \"{type}\", \"data\": {data}, \"id\": \"a-1\"}}");
        var reply = await admin.ReceiveAsync();
        var me = await admin.RequestAsync(new { type = "me.show" });

        reply.ShouldFail(type, "unknown_type");
        reply.GetProperty("id").GetString().Should().Be("a-1");
        me.ShouldBeOk("me.show");
        (await host.DbAsync(db => Task.FromResult(db.Tokens.Count(t => t.RevokedAt == null)))).Should().Be(tokensBefore, "no token was revoked");
        (await host.DbAsync(db => Task.FromResult(db.Users.Count()))).Should().Be(usersBefore, "no user was created");
    }
}

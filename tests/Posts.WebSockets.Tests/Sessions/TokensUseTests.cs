using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Sessions;

/// <summary><c>tokens.use</c>: a socket adopts a token issued elsewhere (<c>POST /tokens</c> on the HTTP API).</summary>
public sealed class TokensUseTests(SocketHost host) : IClassFixture<SocketHost>, IAsyncLifetime
{
    private ApiHost _api = null!;

    public ValueTask InitializeAsync()
    {
        _api = new ApiHost(host);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task A_token_from_POST_tokens_signs_the_socket_in()
    {
        var username = await host.CreateUserAsync();
        var token = await _api.CreateTokenAsync(username);
        await using var socket = await host.ConnectAsync();

        var used = await socket.RequestAsync(new { type = "tokens.use", data = new { token }, id = "u" });
        var me = await socket.RequestAsync(new { type = "me.show" });
        var post = await socket.RequestAsync(new { type = "posts.create", data = new { title = "Over the socket", body = "With an HTTP token" } });

        used.ShouldBeOk("tokens.use");
        used.GetProperty("id").GetString().Should().Be("u");
        used.Data().GetProperty("user").GetProperty("username").GetString().Should().Be(username);
        used.Data().GetProperty("expiresAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow.AddHours(23));
        used.Data().TryGetProperty("token", out _).Should().BeFalse("the client has the token already; it is not echoed");
        me.ShouldBeOk("me.show").Data().GetProperty("username").GetString().Should().Be(username);
        post.ShouldBeOk("posts.create").Data().GetProperty("authorId").GetInt64().Should().Be(me.Data().Id());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_token_is_unauthenticated_and_the_socket_stays_signed_out(string token)
    {
        await using var socket = await host.ConnectAsync();

        var used = await socket.RequestAsync(new { type = "tokens.use", data = new { token } });
        var me = await socket.RequestAsync(new { type = "me.show" });

        used.ShouldFail("tokens.use", "unauthenticated");
        me.ShouldFail("me.show", "unauthenticated");
    }

    [Fact]
    public async Task A_token_revoked_over_HTTP_is_unauthenticated()
    {
        var username = await host.CreateUserAsync();
        var token = await _api.CreateTokenAsync(username);
        (await _api.RevokeAsync(token)).Should().Be(System.Net.HttpStatusCode.NoContent);
        await using var socket = await host.ConnectAsync();

        (await socket.RequestAsync(new { type = "tokens.use", data = new { token } })).ShouldFail("tokens.use", "unauthenticated");
    }

    [Theory]
    [InlineData("{}", "token")]
    [InlineData("{\"token\": \"\"}", "token")]
    [InlineData("{\"token\": 42}", "token")]
    [InlineData("{\"token\": \"x\", \"remember\": true}", "remember")]
    public async Task Tokens_use_with_bad_input_is_validation_failed_on_the_field(string data, string field)
    {
        await using var socket = await host.ConnectAsync();

        await socket.SendTextAsync($"{{\"type\": \"tokens.use\", \"data\": {data}}}");

        (await socket.ReceiveAsync()).ShouldFailValidation("tokens.use", field);
    }

    [Fact]
    public async Task A_session_revoked_over_HTTP_ends_on_the_socket_at_the_next_recheck()
    {
        var username = await host.CreateUserAsync();
        var token = await _api.CreateTokenAsync(username);
        await using var socket = await host.ConnectAsync();
        (await socket.RequestAsync(new { type = "tokens.use", data = new { token } })).ShouldBeOk("tokens.use");

        (await _api.RevokeAsync(token)).Should().Be(System.Net.HttpStatusCode.NoContent);
        host.Clock.Advance(TimeSpan.FromSeconds(31)); // past SessionRecheckInterval: the host asks the database again
        var (reply, pushes) = await socket.RequestPastPushesAsync(new { type = "me.show" });

        pushes.Should().ContainSingle().Which.Data().GetProperty("reason").GetString().Should().Be("revoked");
        pushes[0].ShouldBeOk("session.ended");
        reply.ShouldFail("me.show", "unauthenticated");
    }
}

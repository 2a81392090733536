using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary>The article's session flow, exactly: refused, signed in, served.</summary>
public sealed class ArticleFlowTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task The_articles_three_messages_get_error_then_ok_then_posts()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await host.ConnectAsync();

        var refused = await socket.RequestAsync(new { type = "posts.index" });
        var signedIn = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } });
        var served = await socket.RequestAsync(new
        {
            type = "posts.index",
            data = new { page = 1, limit = 10, filter = new { since = "2014/12/29 14:30" }, embed = new[] { "author", "comments" } },
        });

        refused.GetProperty("type").GetString().Should().Be("posts.index");
        refused.GetProperty("status").GetString().Should().Be("error");
        refused.GetProperty("error").GetProperty("code").GetString().Should().Be("unauthenticated");
        signedIn.GetProperty("type").GetString().Should().Be("tokens.create");
        signedIn.GetProperty("status").GetString().Should().Be("ok");
        signedIn.GetProperty("data").GetProperty("token").GetString().Should().HaveLength(43);
        served.GetProperty("status").GetString().Should().Be("ok");
        served.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Array);
        served.GetProperty("meta").GetProperty("limit").GetInt32().Should().Be(10);
    }
}

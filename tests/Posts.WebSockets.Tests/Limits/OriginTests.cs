using System.Net;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>With an allow-list of origins, an upgrade from another origin is refused 403; one without Origin (not a browser) is accepted.</summary>
public sealed class OriginTests(OriginTests.OneOriginHost host) : IClassFixture<OriginTests.OneOriginHost>
{
    public sealed class OneOriginHost(PostgresServer server) : SocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("WebSockets:AllowedOrigins:0", "https://ok.example")];
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://ok.example.evil.example")]
    [InlineData("http://ok.example")]
    [InlineData("https://OK.example")]
    [InlineData("null")]
    public async Task An_upgrade_from_another_origin_gets_403(string origin)
    {
        var (socket, status) = await host.TryConnectAsync(o => o.SetRequestHeader("Origin", origin));

        socket.Should().BeNull();
        status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_upgrade_from_the_allowed_origin_connects()
    {
        var (socket, _) = await host.TryConnectAsync(o => o.SetRequestHeader("Origin", "https://ok.example"));

        socket.Should().NotBeNull();
        (await socket!.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        await socket.DisposeAsync();
    }

    [Fact]
    public async Task An_upgrade_without_Origin_connects()
    {
        var (socket, _) = await host.TryConnectAsync();

        socket.Should().NotBeNull();
        (await socket!.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        await socket.DisposeAsync();
    }
}

/// <summary>Without an allow-list (the default), every origin may connect: auth is never ambient.</summary>
public sealed class AnyOriginTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task By_default_an_upgrade_from_any_origin_connects()
    {
        var (socket, status) = await host.TryConnectAsync(o => o.SetRequestHeader("Origin", "https://anywhere.example"));

        status.Should().BeNull();
        (await socket!.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        await socket.DisposeAsync();
    }
}

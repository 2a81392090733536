using System.Text.Json;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Protocol;

/// <summary>Without ids replies keep request order; with ids requests pipeline, each answered exactly once.</summary>
public sealed class OrderingTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task Twenty_requests_without_ids_are_answered_in_the_order_sent()
    {
        await using var socket = await host.SignedInAsync();

        // Slow requests (a database write) between instant ones (an unknown type): any overtaking would show.
        for (var i = 0; i < 20; i++)
            await socket.SendAsync(i % 2 == 0 ? new { type = "posts.create", data = new { title = $"n{i}", body = "b" } } : new { type = $"probe.{i}", data = new { title = "", body = "" } });
        var replies = new List<JsonElement>();
        for (var i = 0; i < 20; i++) replies.Add(await socket.ReceiveAsync());

        replies.Select(r => r.Type() == "posts.create" ? r.Data().GetProperty("title").GetString() : r.Type())
            .Should().Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? $"n{i}" : $"probe.{i}"));
    }

    [Fact]
    public async Task Fifty_requests_with_ids_sent_at_once_are_each_answered_exactly_once()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();
        var sent = new List<string>();

        for (var i = 0; i < 50; i++)
        {
            // Numbers and strings, reads and writes, successes and failures.
            var text = (i % 5) switch
            {
                0 => $"{{\"type\": \"posts.show\", \"data\": {{\"id\": {post.Id()}}}, \"id\": {i}}}",
                1 => $"{{\"type\": \"posts.index\", \"data\": {{\"limit\": 5}}, \"id\": \"s-{i}\"}}",
                2 => $"{{\"type\": \"comments.create\", \"data\": {{\"postId\": {post.Id()}, \"body\": \"c{i}\"}}, \"id\": \"s-{i}\"}}",
                3 => $"{{\"type\": \"posts.show\", \"data\": {{\"id\": 9000000000}}, \"id\": {i}}}",
                _ => $"{{\"type\": \"me.show\", \"id\": \"s-{i}\"}}",
            };
            sent.Add(i % 5 is 0 or 3 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"s-{i}");
            await socket.SendTextAsync(text);
        }

        var replies = new List<JsonElement>();
        for (var i = 0; i < 50; i++) replies.Add(await socket.ReceiveAsync());
        var after = await socket.RequestAsync(new { type = "me.show" });

        replies.Select(r => r.GetProperty("id").ValueKind == JsonValueKind.Number ? r.GetProperty("id").GetRawText() : r.GetProperty("id").GetString())
            .Should().BeEquivalentTo(sent, "every request is answered exactly once");
        replies.Where(r => r.Status() == "error").Should().HaveCount(10).And.OnlyContain(r => r.Code() == "not_found");
        after.ShouldBeOk("me.show").TryGetProperty("id", out _).Should().BeFalse("no stray reply came after the fifty");
        var comments = await socket.RequestAsync(new { type = "comments.index", data = new { postId = post.Id(), limit = 100 } });
        comments.Data().GetArrayLength().Should().Be(10);
    }

    [Fact]
    public async Task A_request_without_id_waits_for_the_pipelined_requests_before_it()
    {
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync();

        for (var i = 0; i < 8; i++)
            await socket.SendAsync(new { type = "comments.create", data = new { postId = post.Id(), body = $"c{i}" }, id = i });
        await socket.SendAsync(new { type = "posts.show", data = new { id = post.Id() } });
        var replies = new List<JsonElement>();
        for (var i = 0; i < 9; i++) replies.Add(await socket.ReceiveAsync());

        replies[^1].ShouldBeOk("posts.show").Data().GetProperty("commentCount").GetInt32().Should().Be(8,
            "the request without id ran after every request sent before it");
    }
}

/// <summary>One request in flight and two queued per socket: the rest of a burst is refused with <c>rate_limited</c>.</summary>
public sealed class PipeliningLimitTests(PipeliningLimitTests.NarrowHost host) : IClassFixture<PipeliningLimitTests.NarrowHost>
{
    public sealed class NarrowHost(PostgresServer server) : SocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("WebSockets:MaxInFlight", "1"),
            new("WebSockets:MaxQueued", "2"),
        ];
    }

    [Fact]
    public async Task Ten_requests_with_ids_at_once_get_some_rate_limited_and_every_one_a_reply()
    {
        var username = await host.CreateUserAsync();
        await using var socket = await RawSocket.ConnectAsync(host.SocketUri);
        await socket.SendTextAsync(JsonSerializer.Serialize(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } }));
        (await socket.ReceiveJsonAsync()).ShouldBeOk("tokens.create");

        // One TCP write: the host reads all ten while the first is still in the database.
        await socket.SendTextBurstAsync(Enumerable.Range(0, 10).Select(i =>
            JsonSerializer.Serialize(new { type = "posts.create", data = new { title = $"t{i}", body = "b" }, id = i })));
        var replies = new List<JsonElement>();
        for (var i = 0; i < 10; i++) replies.Add(await socket.ReceiveJsonAsync());
        await socket.SendTextAsync("{\"type\": \"posts.index\", \"data\": {\"limit\": 100, \"filter\": {\"author\": \"" + username + "\"}}, \"id\": \"after\"}");
        var after = await socket.ReceiveJsonAsync();

        replies.Select(r => r.GetProperty("id").GetInt32()).Should().BeEquivalentTo(Enumerable.Range(0, 10), "every request gets one reply");
        var limited = replies.Where(r => r.Code() == "rate_limited").ToList();
        limited.Should().NotBeEmpty("one in flight and two queued cannot hold ten");
        limited.Should().OnlyContain(r => r.Type() == "posts.create" && r.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32() >= 1);
        var served = replies.Where(r => r.Status() == "ok").ToList();
        served.Should().HaveCount(10 - limited.Count, "a request is either served or refused");
        after.ShouldBeOk("posts.index").Data().GetArrayLength().Should().Be(served.Count, "a refused request did nothing");
    }
}

using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Events;

public sealed class LiveEventsTests(SocketHost host) : IClassFixture<SocketHost>
{
    [Fact]
    public async Task A_post_created_on_one_socket_is_pushed_to_a_subscriber_with_its_event_id()
    {
        await using var subscriber = await host.SignedInAsync();
        await using var writer = await host.SignedInAsync();
        var subscribed = await subscriber.RequestAsync(new { type = "posts.subscribe", data = new { author = writer.Username } });

        var created = await writer.RequestAsync(new { type = "posts.create", data = new { title = "Live", body = "Pushed" } });
        var push = await subscriber.ReceiveAsync();

        subscribed.GetProperty("status").GetString().Should().Be("ok");
        push.GetProperty("type").GetString().Should().Be("posts.created");
        push.GetProperty("event").GetInt64().Should().BeGreaterThan(subscribed.GetProperty("data").GetProperty("after").GetInt64());
        push.GetProperty("data").GetProperty("id").GetInt64().Should().Be(created.GetProperty("data").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Resuming_with_after_replays_exactly_what_was_missed_then_goes_live()
    {
        await using var writer = await host.SignedInAsync();
        await using var first = await host.SignedInAsync();
        var start = (await first.RequestAsync(new { type = "posts.subscribe", data = new { author = writer.Username } }))
            .GetProperty("data").GetProperty("after").GetInt64();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add((await writer.RequestAsync(new { type = "posts.create", data = new { title = $"Missed {i}", body = "b" } })).GetProperty("data").GetProperty("id").GetInt64());
        for (var i = 0; i < 5; i++) await first.ReceiveAsync();

        await using var resumed = await host.SignedInAsync();
        await resumed.RequestAsync(new { type = "posts.subscribe", data = new { after = start, author = writer.Username } });
        var replayed = new List<long>();
        for (var i = 0; i < 5; i++) replayed.Add((await resumed.ReceiveAsync()).GetProperty("data").GetProperty("id").GetInt64());
        var live = await writer.RequestAsync(new { type = "posts.create", data = new { title = "After", body = "b" } });
        var next = await resumed.ReceiveAsync();

        replayed.Should().Equal(ids);
        next.GetProperty("data").GetProperty("id").GetInt64().Should().Be(live.GetProperty("data").GetProperty("id").GetInt64());
    }
}

using System.Diagnostics;
using System.Net;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>SPEC §5–6: two WebSocket hosts and the HTTP API against one database; whichever host made the change, every subscriber sees it.</summary>
[Collection(CrossHostSequence.Name)]
public sealed class CrossHostDeliveryTests(CrossHostCluster cluster) : IClassFixture<CrossHostCluster>
{
    [Fact]
    public async Task A_post_created_over_HTTP_reaches_a_subscriber_on_each_WebSocket_host_exactly_once_with_its_event_id()
    {
        var author = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(author);
        await using var onA = await cluster.SignedInAsync(cluster.A);
        await using var onB = await cluster.SignedInAsync(cluster.B);
        await SharedDatabaseSocketHost.SubscribeAsync(onA, new { author });
        await SharedDatabaseSocketHost.SubscribeAsync(onB, new { author });

        var postId = await cluster.Api.CreatePostAsync(token, "Across hosts");
        var pushA = await onA.ReceiveAsync();
        var pushB = await onB.ReceiveAsync();
        // A second post: the next push on each socket is that one, so the first came once, not twice.
        var nextId = await cluster.Api.CreatePostAsync(token, "The next one");
        var nextA = await onA.ReceiveAsync();
        var nextB = await onB.ReceiveAsync();

        var created = await cluster.PostEventIdsAsync(0, "posts.created");
        foreach (var push in new[] { pushA, pushB })
        {
            push.ShouldBeOk("posts.created");
            push.Data().Id().Should().Be(postId);
            push.GetProperty("event").GetInt64().Should().Be(created[^2], "the push carries the id of the post's event row");
        }

        foreach (var next in new[] { nextA, nextB })
        {
            next.ShouldBeOk("posts.created");
            next.Data().Id().Should().Be(nextId);
            next.GetProperty("event").GetInt64().Should().Be(created[^1]);
        }
    }

    [Fact]
    public async Task A_subscriber_that_resumes_on_the_other_host_with_after_gets_exactly_what_it_missed_in_order_then_live()
    {
        var author = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(author);
        var reader = await cluster.CreateUserAsync();
        var readerToken = await cluster.Api.CreateTokenAsync(reader);

        long lastSeen;
        await using (var first = await cluster.A.UseTokenAsync(readerToken, reader))
        {
            await SharedDatabaseSocketHost.SubscribeAsync(first, new { author });
            var seen = new List<long>();
            for (var i = 0; i < 3; i++) await cluster.Api.CreatePostAsync(token, $"Seen {i}");
            for (var i = 0; i < 3; i++) seen.Add((await first.ReceiveAsync()).ShouldBeOk("posts.created").GetProperty("event").GetInt64());
            seen.Should().BeInAscendingOrder();
            lastSeen = seen[^1];
        }

        var missed = new List<long>();
        for (var i = 0; i < 7; i++) missed.Add(await cluster.Api.CreatePostAsync(token, $"Missed {i}"));
        // Another author's post in between: filtered out, not replayed.
        var other = await cluster.CreateUserAsync();
        await cluster.Api.CreatePostAsync(await cluster.Api.CreateTokenAsync(other), "Someone else's");

        await using var resumed = await cluster.B.UseTokenAsync(readerToken, reader);
        var after = await SharedDatabaseSocketHost.SubscribeAsync(resumed, new { after = lastSeen, author });
        var replayed = new List<(long Event, long PostId)>();
        for (var i = 0; i < missed.Count; i++)
        {
            var push = (await resumed.ReceiveAsync()).ShouldBeOk("posts.created");
            replayed.Add((push.GetProperty("event").GetInt64(), push.Data().Id()));
        }

        var live = await cluster.Api.CreatePostAsync(token, "Live again");
        var next = (await resumed.ReceiveAsync()).ShouldBeOk("posts.created");

        after.Should().Be(lastSeen);
        replayed.Select(r => r.PostId).Should().Equal(missed, "exactly the missed posts, in order, none twice");
        replayed.Select(r => r.Event).Should().BeInAscendingOrder().And.OnlyContain(e => e > lastSeen);
        next.Data().Id().Should().Be(live, "then live, with nothing replayed twice");
        next.GetProperty("event").GetInt64().Should().BeGreaterThan(replayed[^1].Event);
    }

    [Fact]
    public async Task A_token_revoked_over_HTTP_ends_the_session_on_both_WebSocket_hosts_within_a_second()
    {
        var username = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(username);
        await using var onA = await cluster.A.UseTokenAsync(token, username);
        await using var onB = await cluster.B.UseTokenAsync(token, username);
        (await onA.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");
        (await onB.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");

        var clock = Stopwatch.StartNew();
        var revoked = await cluster.Api.RevokeAsync(token);
        var endedA = onA.ReceiveAsync().ContinueWith(t => (Push: t.Result, At: clock.Elapsed), TaskScheduler.Default);
        var endedB = onB.ReceiveAsync().ContinueWith(t => (Push: t.Result, At: clock.Elapsed), TaskScheduler.Default);
        var ended = await Task.WhenAll(endedA, endedB);
        Console.Error.WriteLine($"[revocation] session.ended after {ended[0].At.TotalMilliseconds:F0} ms (A), {ended[1].At.TotalMilliseconds:F0} ms (B)");
        TestContext.Current.TestOutputHelper?.WriteLine($"session.ended after {ended[0].At.TotalMilliseconds:F0} ms (A), {ended[1].At.TotalMilliseconds:F0} ms (B)");

        revoked.Should().Be(HttpStatusCode.NoContent);
        foreach (var (push, at) in ended)
        {
            push.ShouldBeOk("session.ended").Data().GetProperty("reason").GetString().Should().Be("revoked");
            push.TryGetProperty("id", out _).Should().BeFalse("it is a push, not a reply");
            at.Should().BeLessThan(TimeSpan.FromSeconds(1), "SPEC §5: within 1 s on every other host");
        }

        (await onA.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        (await onB.RequestAsync(new { type = "posts.index" })).ShouldFail("posts.index", "unauthenticated");
        onA.Socket.State.Should().Be(System.Net.WebSockets.WebSocketState.Open, "the socket stays open, signed out");
    }
}

using System.Net.WebSockets;
using System.Text.Json;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Limits;

/// <summary>
/// A client that stops reading while the host has a lot to send fills its own outbound queue and is dropped after
/// SlowReaderTimeout; nobody else waits for it meanwhile.
/// </summary>
public sealed class SlowReaderTests(SlowReaderTests.SmallQueueHost host) : IClassFixture<SlowReaderTests.SmallQueueHost>
{
    private static readonly TimeSpan SlowReaderTimeout = TimeSpan.FromSeconds(3);

    public sealed class SmallQueueHost(PostgresServer server) : LoggedSocketHost(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("WebSockets:OutboundQueue", "4"),
            new("WebSockets:SlowReaderTimeout", SlowReaderTimeout.ToString()),
            new("WebSockets:MessagesPerSecond", "100000"),
            new("WebSockets:MessageBurst", "100000"),
        ];
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_another_keeps_getting_answers_meanwhile()
    {
        using var closes = new HostCloses(host.Services);
        await using var slow = await host.SignedInAsync();
        await using var other = await host.SignedInAsync();
        var post = await slow.CreatePostAsync("Big", new string('x', 20_000)); // each posts.show reply is ≈ 20 KB

        // Ask for ≈ 40 MB of replies and read none of them: socket buffers fill, then the host's queue.
        const int requests = 2_000;
        var ask = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < requests; i++)
                    await slow.SendTextAsync($"{{\"type\": \"posts.show\", \"data\": {{\"id\": {post.Id()}}}}}");
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // Dropped while still asking.
            }
        }, TestContext.Current.CancellationToken);

        // The other client asks and times its answers until the slow one is dropped.
        var answered = new List<(DateTimeOffset At, TimeSpan Took)>();
        var dropped = closes.WaitForAsync("1008", TimeSpan.FromSeconds(60));
        while (!dropped.IsCompleted && answered.Count < 10_000)
        {
            var started = DateTimeOffset.UtcNow;
            (await other.RequestAsync(new { type = "posts.show", data = new { id = post.Id() }, id = answered.Count })).ShouldBeOk("posts.show");
            answered.Add((DateTimeOffset.UtcNow, DateTimeOffset.UtcNow - started));
        }

        var droppedAt = await dropped;
        await ask;

        // While the slow client's queue was full (the last SlowReaderTimeout before the drop), the other was served promptly.
        answered.Should().Contain(a => a.At > droppedAt - SlowReaderTimeout + TimeSpan.FromSeconds(1) && a.At <= droppedAt,
            "the other client got answers while the slow one was stuck");
        answered.Max(a => a.Took).Should().BeLessThan(TimeSpan.FromSeconds(1), "nobody waits for the slow reader");

        // The slow client, reading at last, gets what was buffered and then the end: not 2,000 replies.
        var (received, ended) = await DrainAsync(slow);
        received.Should().BeLessThan(requests);
        ended.Should().BeTrue();
        (await other.RequestAsync(new { type = "me.show" })).ShouldBeOk("me.show");
        host.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_that_reads_promptly_is_never_dropped_for_a_burst_of_its_own_replies()
    {
        using var closes = new HostCloses(host.Services);
        await using var socket = await host.SignedInAsync();
        var post = await socket.CreatePostAsync("Big", new string('x', 20_000));

        // ≈ 6 MB of replies through a queue of 4: fine for a client that keeps reading (no ids: no pipelining limit involved).
        var reading = Task.Run(async () =>
        {
            var replies = new List<JsonElement>();
            for (var i = 0; i < 300; i++) replies.Add(await socket.ReceiveAsync());
            return replies;
        }, TestContext.Current.CancellationToken);
        for (var i = 0; i < 300; i++)
            await socket.SendTextAsync($"{{\"type\": \"posts.show\", \"data\": {{\"id\": {post.Id()}}}}}");
        var replies = await reading;

        replies.Should().HaveCount(300).And.OnlyContain(r => r.Status() == "ok");
        closes.All.Should().NotContain(c => c.Code == "1008");
    }

    /// <summary>Reads until the host's close or the connection's end: how many messages came, and whether it ended.</summary>
    private static async Task<(int Received, bool Ended)> DrainAsync(TestSocket socket)
    {
        var received = 0;
        try
        {
            while (true)
            {
                var (type, _) = await socket.ReceiveRawAsync();
                if (type == WebSocketMessageType.Close) return (received, true);
                received++;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            return (received, true);
        }
        catch (OperationCanceledException)
        {
            return (received, false); // still open after the read timeout: not dropped
        }
    }
}

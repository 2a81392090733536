using System.Net.WebSockets;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>ADR-008: the fan-out waits for nobody; a subscriber that does not read is cut off (1008) and the others keep receiving.</summary>
[Collection(CrossHostSequence.Name)]
public sealed class SlowSubscriberTests(SlowSubscriberTests.Cluster cluster) : IClassFixture<SlowSubscriberTests.Cluster>
{
    /// <summary>Host B keeps a small outbound queue per socket (a hub batch larger than it cuts off even a prompt reader).</summary>
    public sealed class Cluster(PostgresServer server) : CrossHostCluster(server)
    {
        protected override IEnumerable<KeyValuePair<string, string?>> SettingsB => [new("WebSockets:OutboundQueue", "64")];
    }

    [Fact]
    public async Task A_subscriber_that_does_not_read_is_dropped_while_the_others_on_both_hosts_receive_every_event()
    {
        using var closesB = new HostCloses(cluster.B.Services);
        using var closesA = new HostCloses(cluster.A.Services);
        var author = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(author);
        await using var stuck = await cluster.SignedInAsync(cluster.B);
        await using var readerA = await cluster.SignedInAsync(cluster.A);
        await using var readerB = await cluster.SignedInAsync(cluster.B);
        foreach (var socket in new[] { stuck, readerA, readerB }) await SharedDatabaseSocketHost.SubscribeAsync(socket, new { author });
        const int cap = 2_000;
        var collectors = new[] { new PushCollector(readerA, cap), new PushCollector(readerB, cap) };

        // ≈ 20 KB per push, never read by `stuck`: the socket buffers fill, then its queue of 64 (the writes go one at a time, so a reader's queue never holds more than a few), then it is cut off.
        var body = new string('x', 20_000);
        var created = new List<long>();
        var dropped = closesB.WaitForAsync("1008", TimeSpan.FromSeconds(40));
        while (!dropped.IsCompleted && created.Count < cap - 20)
        {
            created.Add(await cluster.Api.CreatePostAsync(token, "Big", body));
        }

        await dropped;
        // After the drop, more events: the readers get these too.
        for (var i = 0; i < 10; i++) created.Add(await cluster.Api.CreatePostAsync(token, $"After the drop {i}"));
        foreach (var collector in collectors) await collector.WaitForCountAsync(created.Count, TimeSpan.FromSeconds(30));
        Console.Error.WriteLine($"[slow subscriber] cut off after {created.Count - 10} posts of 20 KB");
        TestContext.Current.TestOutputHelper?.WriteLine($"cut off after {created.Count - 10} posts of 20 KB");

        created.Should().HaveCountLessThan(cap, "the non-reader was cut off");
        foreach (var collector in collectors)
            collector.Pushes.Select(p => p.PostId).Order().Should().Equal(created.Order(), "a reader on either host gets every event, none dropped for it");
        closesB.All.Count(c => c.Code == "1008").Should().Be(1, "only the non-reader is cut off");
        closesA.All.Should().NotContain(c => c.Code == "1008");
        readerA.Socket.State.Should().Be(WebSocketState.Open);
        readerB.Socket.State.Should().Be(WebSocketState.Open);
        (await DrainsToEndAsync(stuck)).Should().BeTrue("the non-reader's connection was ended by the host");
    }

    /// <summary>Reads what was buffered; true when the connection then ends (close or reset), false if it stays open.</summary>
    private static async Task<bool> DrainsToEndAsync(TestSocket socket)
    {
        try
        {
            while (true)
            {
                var (type, _) = await socket.ReceiveRawAsync();
                if (type == WebSocketMessageType.Close) return true;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

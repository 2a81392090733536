using System.Diagnostics;
using FluentAssertions;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>
/// SPEC §6 / ADR-008: many writers on both hosts commit events out of id order; every subscriber on either host still
/// sees every event once, in strictly increasing id order — also when the listening connections are killed mid-stream.
/// </summary>
[Collection(CrossHostSequence.Name)]
public sealed class ConcurrentWritersTests(ConcurrentWritersTests.Cluster cluster) : IClassFixture<ConcurrentWritersTests.Cluster>
{
    private const int Writers = 8;
    private const int Window = 16; // requests each writer keeps in flight (8 run, the rest queue on the host)

    /// <summary>The writers send as fast as they are answered: no rate limit in the way.</summary>
    public sealed class Cluster(PostgresServer server) : CrossHostCluster(server)
    {
        private static readonly KeyValuePair<string, string?>[] Unlimited =
        [
            new("WebSockets:MessagesPerSecond", "1000000"),
            new("WebSockets:MessageBurst", "1000000"),
        ];

        protected override IEnumerable<KeyValuePair<string, string?>> SettingsA => Unlimited;

        protected override IEnumerable<KeyValuePair<string, string?>> SettingsB => Unlimited;
    }

    [Fact]
    public async Task Eight_concurrent_writers_on_two_hosts_every_subscriber_on_both_hosts_sees_all_events_in_id_order_once()
    {
        const int perWriter = 500;
        var run = await RunAsync(perWriter, duringWrites: null);

        run.AssertEverySubscriberSawExactly(Writers * perWriter);
    }

    [Fact]
    public async Task The_listening_connections_killed_mid_stream_every_subscriber_still_sees_every_event_exactly_once()
    {
        const int perWriter = 250;
        var retriesBefore = new[] { cluster.A, cluster.B }.Select(h => h.Logs.Count(IsHubRetry)).ToArray();
        var kills = new List<int>();

        var run = await RunAsync(perWriter, duringWrites: async collectors =>
        {
            // Twice while the writers run: once early, once about half-way.
            await collectors[0].WaitForCountAsync(Writers * perWriter / 8, TimeSpan.FromSeconds(30));
            kills.Add(await cluster.KillListenersAsync());
            await collectors[0].WaitForCountAsync(Writers * perWriter / 2, TimeSpan.FromSeconds(30));
            kills.Add(await cluster.KillListenersAsync());
        });

        run.AssertEverySubscriberSawExactly(Writers * perWriter);
        kills.Should().HaveCount(2).And.OnlyContain(k => k >= 2, "both WebSocket hosts' (and the API's) listening connections were killed: {0}", string.Join(",", kills));
        cluster.A.Logs.Count(IsHubRetry).Should().BeGreaterThan(retriesBefore[0], "host A's hub saw its listener die");
        cluster.B.Logs.Count(IsHubRetry).Should().BeGreaterThan(retriesBefore[1], "host B's hub saw its listener die");
    }

    private static bool IsHubRetry(LogEntry entry) => entry.Message.StartsWith("Event fan-out:", StringComparison.Ordinal);

    private async Task<Run> RunAsync(int perWriter, Func<PushCollector[], Task>? duringWrites)
    {
        var total = Writers * perWriter;
        var hosts = new[] { cluster.A, cluster.B };
        var writers = new List<TestSocket>();
        var subscribers = new List<TestSocket>();
        try
        {
            for (var i = 0; i < Writers; i++) writers.Add(await cluster.SignedInAsync(hosts[i % 2]));
            var after = long.MaxValue;
            for (var i = 0; i < 4; i++)
            {
                var subscriber = await cluster.SignedInAsync(hosts[i % 2]);
                subscribers.Add(subscriber);
                after = Math.Min(after, await SharedDatabaseSocketHost.SubscribeAsync(subscriber));
            }

            var collectors = subscribers.Select(s => new PushCollector(s, total)).ToArray();
            var clock = Stopwatch.StartNew();
            var writing = Task.WhenAll(writers.Select((w, i) => WriteAsync(w, perWriter, $"w{i}")));
            var meanwhile = duringWrites?.Invoke(collectors) ?? Task.CompletedTask;
            var written = (await writing.WaitAsync(TimeSpan.FromSeconds(45), TestContext.Current.CancellationToken)).SelectMany(ids => ids).ToList();
            var wrote = clock.Elapsed;
            await meanwhile.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await Task.WhenAll(collectors.Select(c => c.Completion)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{total} posts by {Writers} writers in {wrote.TotalMilliseconds:F0} ms ({total / wrote.TotalSeconds:F0}/s); all delivered to 4 subscribers after {clock.Elapsed.TotalMilliseconds:F0} ms");

            return new Run(written, await cluster.PostEventIdsAsync(after), collectors.Select(c => c.Pushes).ToList());
        }
        finally
        {
            foreach (var socket in writers.Concat(subscribers)) await socket.DisposeAsync();
        }
    }

    /// <summary>posts.create pipelined with ids, <see cref="Window"/> at a time; the created posts' ids.</summary>
    private static async Task<List<long>> WriteAsync(TestSocket writer, int count, string name)
    {
        var ids = new List<long>(count);
        for (var sent = 0; sent < count;)
        {
            var n = Math.Min(Window, count - sent);
            for (var i = 0; i < n; i++)
                await writer.SendAsync(new { type = "posts.create", data = new { title = $"{name} {sent + i}", body = "b" }, id = sent + i });
            for (var i = 0; i < n; i++) ids.Add((await writer.ReceiveAsync()).ShouldBeOk("posts.create").Data().Id());
            sent += n;
        }

        return ids;
    }

    private sealed record Run(List<long> Written, List<long> TableEventIds, List<IReadOnlyList<Pushed>> Seen)
    {
        public void AssertEverySubscriberSawExactly(int total)
        {
            Written.Should().HaveCount(total).And.OnlyHaveUniqueItems();
            TableEventIds.Should().HaveCount(total, "the table holds one event per write since the subscriptions began");
            foreach (var pushes in Seen)
            {
                pushes.Should().HaveCount(total);
                pushes.Should().OnlyContain(p => p.Type == "posts.created");
                var events = pushes.Select(p => p.Event).ToList();
                events.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("strictly increasing: no event twice");
                events.Should().Equal(TableEventIds, "no gap among the ids written, none extra");
                pushes.Select(p => p.PostId).Order().Should().Equal(Written.Order(), "every post written, once"); // (BeEquivalentTo is quadratic)
            }
        }
    }
}

using System.Diagnostics;
using FluentAssertions;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>
/// Measures HTTP <c>POST /posts</c> → push latency to many subscribers spread over both WebSocket hosts. The numbers go
/// to the test output; the assertions are on delivery (every subscriber, every post, in order), not on wall time.
/// </summary>
[Collection(CrossHostSequence.Name)]
public sealed class DeliveryLatencyTests(CrossHostCluster cluster) : IClassFixture<CrossHostCluster>
{
    private const int Subscribers = 200;
    private const int Posts = 20;

    [Fact]
    public async Task Post_over_HTTP_to_push_latency_to_200_subscribers_across_two_hosts()
    {
        var author = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(author);
        var reader = await cluster.CreateUserAsync();
        var readerToken = await cluster.Api.CreateTokenAsync(reader);
        var sockets = new List<TestSocket>();
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                var socket = await (i % 2 == 0 ? cluster.A : cluster.B).UseTokenAsync(readerToken, reader);
                sockets.Add(socket);
                await SharedDatabaseSocketHost.SubscribeAsync(socket, new { author });
            }

            var collectors = sockets.Select(s => new PushCollector(s, Posts)).ToArray();
            var sent = new List<(long PostId, long At)>();
            for (var i = 0; i < Posts; i++)
            {
                var at = Stopwatch.GetTimestamp();
                var id = await cluster.Api.CreatePostAsync(token, $"Timed {i}");
                sent.Add((id, at));
                // One post at a time: the next goes once every subscriber has this one.
                foreach (var collector in collectors) await collector.WaitForCountAsync(i + 1, TimeSpan.FromSeconds(20));
            }

            var started = sent.ToDictionary(s => s.PostId, s => s.At);
            var latencies = collectors.SelectMany(c => c.Pushes).Select(p => Stopwatch.GetElapsedTime(started[p.PostId], p.ReceivedAt).TotalMilliseconds).Order().ToArray();
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"POST /posts → push, {Subscribers} subscribers on 2 hosts, {Posts} posts: p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms");
            Console.Error.WriteLine($"[latency] p50 {Percentile(latencies, 0.50):F1} ms p99 {Percentile(latencies, 0.99):F1} ms max {latencies[^1]:F1} ms ({latencies.Length} deliveries)");

            latencies.Should().HaveCount(Subscribers * Posts);
            foreach (var collector in collectors) collector.Pushes.Select(p => p.PostId).Should().Equal(sent.Select(s => s.PostId), "every subscriber, every post, in order, once");
        }
        finally
        {
            foreach (var socket in sockets) await socket.DisposeAsync();
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

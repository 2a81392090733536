using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using FsCheck;
using FsCheck.Fluent;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Fuzz;

/// <summary>
/// Thousands of random and malformed messages (FsCheck generators, a fixed seed; <c>POSTS_FUZZ_SEED</c> replays
/// another) on a few sockets, signed in and not: every message gets exactly one well-formed reply — the expected one
/// where the rules fix it — or the socket is closed with the defined code; afterwards the host still answers, and it
/// logged nothing at error level. Bounded in count and in time.
/// </summary>
public sealed class FuzzTests(FuzzTests.FuzzHost host) : IClassFixture<FuzzTests.FuzzHost>
{
    private const ulong DefaultSeed = 20261125;
    private const int Messages = 3_000;
    private const int MinimumChecked = 1_000;
    private const int Batch = 50;
    private const int MaxClosingSockets = 150;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private static readonly HashSet<string> KnownCodes =
    [
        "validation_failed", "unauthenticated", "forbidden", "not_found", "conflict", "rate_limited", "unavailable",
        "invalid_message", "unknown_type",
    ];

    public sealed class FuzzHost(PostgresServer server) : LoggedSocketHost(server)
    {
        // The message rate is tested elsewhere; here every message should reach the dispatcher.
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("WebSockets:MessagesPerSecond", "1000000"),
            new("WebSockets:MessageBurst", "1000000"),
        ];
    }

    [Fact]
    public async Task Thousands_of_random_and_malformed_messages_each_get_a_reply_or_a_defined_close_and_the_host_keeps_answering()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("POSTS_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var cases = FuzzCases.All.Sample(numberOfSamples: Messages, seed: new Rnd(seed), size: 30);
        var replying = cases.Where(c => c.Expect != Expect.Close).ToList();
        var closing = cases.Where(c => c.Expect == Expect.Close).Take(MaxClosingSockets).ToList();
        var failures = new ConcurrentQueue<string>();
        var deadline = DateTime.UtcNow + Budget;

        var sockets = new[] { await host.ConnectAsync(), await host.ConnectAsync(), await host.SignedInAsync() };
        var checkedCounts = await Task.WhenAll(sockets.Select((socket, n) =>
            RunAsync(socket, n, replying.Where((_, i) => i % sockets.Length == n).ToList(), deadline, failures)));
        var closed = 0;
        foreach (var group in closing.Chunk(6))
        {
            if (DateTime.UtcNow > deadline) break;
            await Task.WhenAll(group.Select(c => CloseCaseAsync(c, failures)));
            closed += group.Length;
        }

        var finals = new List<JsonElement>();
        foreach (var socket in sockets) finals.Add(await socket.RequestAsync(new { type = "me.show", id = "final" }));
        await using var fresh = await host.SignedInAsync();
        var served = await fresh.RequestAsync(new { type = "posts.index", data = new { limit = 100 } });

        failures.Should().BeEmpty("seed {0}: every message gets one well-formed reply or its close; first failures:\n{1}",
            seed, string.Join("\n", failures.Take(15)));
        checkedCounts.Sum().Should().BeGreaterThanOrEqualTo(MinimumChecked, "thousands of messages within {0}", Budget);
        closed.Should().BeGreaterThan(0);
        finals.Should().OnlyContain(r => r.GetProperty("id").GetString() == "final" && (r.Status() == "ok" || r.Code() == "unauthenticated"));
        served.ShouldBeOk("posts.index");
        host.Errors.Should().BeEmpty("seed {0}", seed);
        foreach (var socket in sockets) await socket.DisposeAsync();
    }

    /// <summary>Sends the cases in batches, reading each batch's replies; returns how many were checked.</summary>
    private static async Task<int> RunAsync(TestSocket socket, int n, List<FuzzCase> cases, DateTime deadline, ConcurrentQueue<string> failures)
    {
        var done = 0;
        var next = 0;
        foreach (var batch in cases.Chunk(Batch))
        {
            if (DateTime.UtcNow > deadline) break;
            var byId = new Dictionary<string, Queue<FuzzCase>>();
            var inOrder = new Queue<FuzzCase>();
            foreach (var original in batch)
            {
                var c = original;
                if (c.Id == "")
                {
                    var id = $"\"f{n}-{next++}\"";
                    c = c with { Bytes = WithId(c.Bytes, id), Id = id };
                }

                if (c.Id is null)
                {
                    inOrder.Enqueue(c);
                }
                else
                {
                    var key = Key(JsonDocument.Parse(c.Id).RootElement);
                    if (!byId.TryGetValue(key, out var queue)) byId[key] = queue = new Queue<FuzzCase>();
                    queue.Enqueue(c);
                }

                await socket.Socket.SendAsync(c.Bytes, WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            }

            var expected = batch.Length;
            while (expected > 0)
            {
                JsonElement reply;
                try
                {
                    reply = await socket.ReceiveAsync();
                }
                catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or WebSocketException)
                {
                    failures.Enqueue($"socket {n}: no reply ({e.GetType().Name}: {e.Message}); still waiting for {string.Join(" | ", byId.Values.SelectMany(q => q).Concat(inOrder).Take(3))}");
                    return done;
                }

                if (IsPush(reply)) continue;
                expected--;
                FuzzCase? c;
                if (reply.TryGetProperty("id", out var id))
                {
                    c = byId.TryGetValue(Key(id), out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
                    if (c is null) failures.Enqueue($"socket {n}: a reply with an id nobody sent: {reply}");
                }
                else
                {
                    c = inOrder.Count > 0 ? inOrder.Dequeue() : null;
                    if (c is null) failures.Enqueue($"socket {n}: a reply without id when none was due: {reply}");
                }

                if (c is not null && Check(c, reply) is { } problem) failures.Enqueue($"{problem}\n    sent {c}\n    got  {reply}");
                done++;
            }
        }

        return done;
    }

    /// <summary>What is wrong with <paramref name="reply"/> to <paramref name="c"/>, or null.</summary>
    private static string? Check(FuzzCase c, JsonElement reply)
    {
        if (!reply.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String) return "no string type";
        if (type.GetString() != c.ExpectedType) return $"type {type.GetString()} instead of {c.ExpectedType}";
        var status = reply.TryGetProperty("status", out var st) ? st.GetString() : null;
        if (status is not ("ok" or "error")) return $"status {status}";
        if (status == "error")
        {
            var code = reply.Code();
            if (code is null || !KnownCodes.Contains(code)) return $"code {code}";
            if (string.IsNullOrWhiteSpace(reply.GetProperty("error").GetProperty("message").GetString())) return "no message";
        }
        else if (reply.TryGetProperty("error", out _))
        {
            return "ok with an error";
        }

        return c.Expect switch
        {
            Expect.InvalidMessage when reply.Code() != "invalid_message" => $"{reply.Code()} instead of invalid_message",
            Expect.ValidationFailed when reply.Code() != "validation_failed" => $"{reply.Code()} instead of validation_failed",
            Expect.ValidationFailed when !reply.DetailKeys().Contains(c.Field) => $"validation_failed not on {c.Field}",
            _ => null,
        };
    }

    /// <summary>A socket of its own for a message that must close it: binary (1003), invalid UTF-8 (1007), too big (1009).</summary>
    private async Task CloseCaseAsync(FuzzCase c, ConcurrentQueue<string> failures)
    {
        await using var socket = await host.ConnectAsync();
        var sending = Task.Run(async () =>
        {
            try
            {
                await socket.Socket.SendAsync(c.Bytes, c.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            }
            catch (WebSocketException)
            {
                // Closed while still sending (a message over the limit): expected.
            }
        });
        try
        {
            var close = await socket.ReceiveCloseAsync();
            if ((int?)close != c.CloseCode) failures.Enqueue($"close {(int?)close} instead of {c.CloseCode}: {c}");
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            failures.Enqueue($"no close {c.CloseCode} ({e.GetType().Name}: {e.Message}): {c}");
        }

        await sending;
    }

    /// <summary>Pushes are not replies: session endings and live events.</summary>
    private static bool IsPush(JsonElement message) =>
        message.TryGetProperty("status", out var status) && status.GetString() == "ok"
        && (message.TryGetProperty("event", out _) || message.Type() == "session.ended");

    /// <summary>Ids compare as the client means them: a string by its value, a number as spelt.</summary>
    private static string Key(JsonElement id) => id.ValueKind == JsonValueKind.String ? "s:" + id.GetString() : "n:" + id.GetRawText();

    /// <summary><c>{...}</c> → <c>{"id": id, ...}</c>.</summary>
    private static byte[] WithId(byte[] json, string id)
    {
        var text = Encoding.UTF8.GetString(json).TrimStart();
        var rest = text[1..].TrimStart();
        return Encoding.UTF8.GetBytes("{\"id\":" + id + (rest.StartsWith('}') ? "" : ",") + rest);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Posts.Domain;
using Posts.Infrastructure;
using Posts.Infrastructure.Events;
using Posts.Infrastructure.Persistence;

namespace Posts.Bench;

/// <summary>
/// <c>post-rps</c>: <c>POST /posts</c> over N keep-alive connections, one outstanding request each; optionally with
/// subscribed sockets spread over the WebSocket hosts, each of which must receive every post written, once, in order.
/// </summary>
internal static class PostRoundTripMode
{
    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        var prefix = args.Text("prefix", "post");
        var pid = args.Pid();
        var databasePid = args.Pid("pg-pid");
        var socketHostPids = EventLoad.Pids(args.Text("ws-pids", ""));
        var count = Math.Max(1, args.Int("connections", 64));
        var subscriberCount = args.Int("subscribers", 0);
        var socketHosts = subscriberCount > 0 ? EventLoad.Urls(args.Text("ws")) : [];
        var run = new RoundTrips(args.Seconds("warmup", 2), args.Seconds("duration", 10));
        using var http = await EventLoad.HttpAsync(args.Url("http"), count, ct);

        var subscribers = await Subscriber.OpenManyAsync(socketHosts, subscriberCount, ct);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var subscriber in subscribers) subscriber.Start(null, reading.Token);
        Report.Progress($"{count} connections, {subscribers.Count} subscribers; {run.Warmup.TotalSeconds:0} s warm-up, {run.Duration.TotalSeconds:0} s measured");

        var created = 0L;
        run.Start();
        var cpu = CpuWindow.MeasureAsync(pid, databasePid, run.Warmup, run.Duration, ct);
        var window = WindowSample.MeasureAsync(socketHostPids, () => subscribers.Sum(s => s.Count), run.Warmup, run.Duration, ct);
        var timeline = run.TimelineAsync(ct);
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => run.RunWorkerAsync(async cancel =>
        {
            var failure = await EventLoad.PostAsync(http, cancel);
            if (failure is null) Interlocked.Increment(ref created);
            return failure;
        }, ct), ct)));
        var wrote = Stopwatch.GetTimestamp();

        run.Latencies.AddTo(report, prefix, run.Duration);
        report.Add($"{prefix}_timeline", await timeline);
        (await cpu).AddTo(report);
        var sample = await window;
        report.Add($"{prefix}_posts_created", created);
        var ok = run.Latencies.Failures == 0;
        if (subscribers.Count > 0)
        {
            var complete = await Subscriber.WaitForAllAsync(subscribers, _ => created, TimeSpan.FromSeconds(60), ct);
            report.Add($"{prefix}_subscribers", subscribers.Count);
            report.Add($"{prefix}_subscribers_complete", complete);
            report.Add($"{prefix}_drain_s", Stopwatch.GetElapsedTime(wrote).TotalSeconds, 2);
            report.Add($"{prefix}_pushes_per_second", sample.Counted / run.Duration.TotalSeconds, 0);
            report.Add($"{prefix}_ws_cpu_cores", sample.Cores, 2);
            report.Add($"{prefix}_subscriber_failures", Subscriber.Failures(subscribers));
            ok &= complete == subscribers.Count;
        }

        await Subscriber.CloseAllAsync(subscribers);
        return ok;
    }
}

/// <summary>
/// <c>events-delay</c>: N writers <c>POST /posts</c> in a closed loop while one subscriber per WebSocket host measures
/// each event's delivery delay (push received − the post's <c>createdAt</c>, one clock: same machine). With
/// <c>--long-hold</c>, one more writer — Posts.Infrastructure's own DbContext and interceptor, so the product's
/// <c>Events:WriterTimeout</c> applies — writes a post and its event and then keeps its transaction open.
/// </summary>
internal static class EventDelayMode
{
    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        var prefix = args.Text("prefix", "delay");
        var writers = Math.Max(1, args.Int("writers", 8));
        var socketHosts = EventLoad.Urls(args.Text("ws"));
        var run = new RoundTrips(args.Seconds("warmup", 2), args.Seconds("duration", 10));
        var hold = args.Seconds("long-hold", 0);
        var longAfter = args.Seconds("long-after", 1);
        var writerTimeout = args.Text("writer-timeout", "");
        var author = args.Text("author", "bench");
        using var http = await EventLoad.HttpAsync(args.Url("http"), writers, ct);

        var longPost = -1L;
        var longDelivered = 0L;
        var delays = new List<double>[socketHosts.Length];
        var subscribers = await Subscriber.OpenManyAsync(socketHosts, socketHosts.Length, ct);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        for (var i = 0; i < subscribers.Count; i++)
        {
            var mine = delays[i] = new List<double>(64 * 1024);
            subscribers[i].Start(push =>
            {
                var at = Stopwatch.GetTimestamp();
                if (push.PostId == Interlocked.Read(ref longPost))
                {
                    Interlocked.Exchange(ref longDelivered, at);
                    return;
                }

                var (begin, end) = run.Window;
                if (at >= begin && at <= end) mine.Add((DateTimeOffset.UtcNow - push.CreatedAt).TotalMilliseconds);
            }, reading.Token);
        }

        Report.Progress($"{writers} writers, {subscribers.Count} subscribers{(hold > TimeSpan.Zero ? $", a long writer holding {hold.TotalSeconds:0} s" : "")}; {run.Warmup.TotalSeconds:0} s warm-up, {run.Duration.TotalSeconds:0} s measured");
        var created = 0L;
        run.Start();
        var timeline = run.TimelineAsync(ct);
        var longWriter = hold > TimeSpan.Zero
            ? LongWriter.RunAsync(writerTimeout, author, run.Warmup + longAfter, hold, id => Interlocked.Exchange(ref longPost, id), ct)
            : Task.FromResult<LongWriter.Outcome?>(null);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => run.RunWorkerAsync(async cancel =>
        {
            var failure = await EventLoad.PostAsync(http, cancel);
            if (failure is null) Interlocked.Increment(ref created);
            return failure;
        }, ct), ct)));
        var outcome = await longWriter;

        var expected = created + (outcome is { Committed: true } ? 1 : 0);
        var complete = await Subscriber.WaitForAllAsync(subscribers, _ => expected, TimeSpan.FromSeconds(60), ct);
        await Subscriber.CloseAllAsync(subscribers);

        run.Latencies.AddTo(report, prefix, run.Duration);
        report.Add($"{prefix}_timeline", await timeline);
        report.Add($"{prefix}_posts_created", created);
        var all = delays.SelectMany(d => d).Order().ToArray();
        report.Add($"{prefix}_delay_events", all.Length);
        report.Add($"{prefix}_delay_p50_ms", Percentile(all, 0.50), 1);
        report.Add($"{prefix}_delay_p99_ms", Percentile(all, 0.99), 1);
        report.Add($"{prefix}_delay_max_ms", all.Length > 0 ? all[^1] : 0, 1);
        report.Add($"{prefix}_subscribers_complete", $"{complete}/{subscribers.Count}");
        report.Add($"{prefix}_subscriber_failures", Subscriber.Failures(subscribers));
        if (outcome is { } o)
        {
            report.Add($"{prefix}_long_bound", o.Bound > TimeSpan.Zero ? $"{o.Bound.TotalSeconds:0.###} s" : "none");
            report.Add($"{prefix}_long_outcome", o.Committed
                ? $"committed after {o.Held.TotalSeconds:0.0} s, its event delivered {(Interlocked.Read(ref longDelivered) is var d and > 0 ? $"{Stopwatch.GetElapsedTime(o.LockedAt, d).TotalSeconds:0.0} s after its insert" : "never")}"
                : $"cut off: its commit after {o.Held.TotalSeconds:0.0} s failed ({o.Error})");
        }

        return run.Latencies.Failures == 0 && complete == subscribers.Count;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}

/// <summary>One writer through Posts.Infrastructure (its DbContext and EventWriteInterceptor) that keeps its transaction open.</summary>
internal static class LongWriter
{
    public sealed record Outcome(TimeSpan Bound, bool Committed, TimeSpan Held, long LockedAt, string? Error);

    /// <param name="writerTimeout">Events:WriterTimeout for this writer (<c>00:00:00</c> = none, as before the bound); empty = the product's default.</param>
    public static async Task<Outcome?> RunAsync(string writerTimeout, string author, TimeSpan after, TimeSpan hold, Action<long> writing, CancellationToken ct)
    {
        var connectionString = Environment.GetEnvironmentVariable("BENCH_DATABASE") is { Length: > 0 } c ? c
            : throw new BenchException("BENCH_DATABASE is not set (the long writer connects to the database itself)");
        var settings = new Dictionary<string, string?> { [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = connectionString };
        if (writerTimeout.Length > 0) settings["Events:WriterTimeout"] = writerTimeout;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddInfrastructure(configuration).BuildServiceProvider();
        var bound = services.GetRequiredService<IOptions<EventWriteOptions>>().Value.WriterTimeout;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
        var authorId = await db.Users.Where(u => u.Username == author).Select(u => u.Id).SingleAsync(ct);

        await Task.Delay(after, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = DateTimeOffset.UtcNow;
        var post = Post.Create(authorId, "Long writer", "Keeps its transaction open after writing its event.", now);
        db.Posts.Add(post);
        await db.SaveChangesAsync(ct);
        writing(post.Id);
        db.Events.Add(Event.PostCreated(post, Payload(post, now), now));
        await db.SaveChangesAsync(ct); // the events' lock is held from here to the end of the transaction
        var lockedAt = Stopwatch.GetTimestamp();
        Report.Progress($"long writer: post {post.Id} and its event written, transaction held open for {hold.TotalSeconds:0} s (bound: {(bound > TimeSpan.Zero ? bound.ToString() : "none")})");

        await Task.Delay(hold, ct); // what this writer is for: a transaction left open, idle
        try
        {
            await transaction.CommitAsync(ct);
            return new Outcome(bound, true, Stopwatch.GetElapsedTime(lockedAt), lockedAt, null);
        }
        catch (NpgsqlException e)
        {
            return new Outcome(bound, false, Stopwatch.GetElapsedTime(lockedAt), lockedAt, (e.InnerException ?? e).Message);
        }
    }

    private static string Payload(Post post, DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        id = post.Id,
        title = post.Title,
        body = post.Body,
        authorId = post.AuthorId,
        createdAt = now,
        updatedAt = now,
        version = 1,
        commentCount = 0,
    });
}

/// <summary>A socket after <c>tokens.use</c> and <c>posts.subscribe</c>, reading its pushes in the background.</summary>
internal sealed class Subscriber(SocketClient socket)
{
    private readonly SocketClient _socket = socket;
    private long _count;
    private long _lastEvent;
    private volatile bool _closing;

    public long Count => Interlocked.Read(ref _count);

    public string? Failure { get; private set; }

    public Task Reading { get; private set; } = Task.CompletedTask;

    /// <summary>Opens <paramref name="count"/> subscribers round-robin over <paramref name="hosts"/>, 32 at a time.</summary>
    public static async Task<List<Subscriber>> OpenManyAsync(Uri[] hosts, int count, CancellationToken ct)
    {
        if (count == 0) return [];
        var token = await Credentials.TokenAsync(hosts[0], ct);
        var opened = new Subscriber[count];
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct },
            async (i, cancel) => opened[i] = await OpenAsync(hosts[i % hosts.Length], token, cancel));
        Report.Progress($"{count} subscribers over {hosts.Length} WebSocket host(s) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return [.. opened];
    }

    public void Start(Action<Push>? onPush, CancellationToken ct) => Reading = Task.Run(() => ReadAsync(onPush, ct), CancellationToken.None);

    /// <summary>Waits until every subscriber has received <paramref name="expected"/> pushes (or failed, or the time is up); how many did, exactly.</summary>
    public static async Task<int> WaitForAllAsync(List<Subscriber> subscribers, Func<Subscriber, long> expected, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (subscribers.Any(s => s.Failure is null && s.Count < expected(s)) && Stopwatch.GetTimestamp() < until)
            await Task.Delay(20, ct);
        return subscribers.Count(s => s.Failure is null && s.Count == expected(s));
    }

    public static string Failures(List<Subscriber> subscribers)
    {
        var tally = new Tally();
        foreach (var s in subscribers.Where(s => s.Failure is not null)) tally.Add(s.Failure!);
        return tally.ToString();
    }

    /// <summary>A close handshake on every socket (the host must answer), then the readers end.</summary>
    public static async Task CloseAllAsync(List<Subscriber> subscribers) =>
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (s, _) =>
        {
            s._closing = true;
            await s._socket.CloseAsync(TimeSpan.FromSeconds(5));
            await s.Reading.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            s._socket.Dispose();
        });

    private static async Task<Subscriber> OpenAsync(Uri uri, string token, CancellationToken ct)
    {
        var client = await SocketClient.ConnectAuthenticatedAsync(uri, token, 16 * 1024, ct);
        await client.SendAsync(Messages.Subscribe(), ct);
        var reply = await client.ReceiveAsync(ct);
        if (reply.Status == "ok" && reply.Type == "posts.subscribe") return new Subscriber(client);
        client.Dispose();
        throw new BenchException($"posts.subscribe: {reply.Describe()}");
    }

    private async Task ReadAsync(Action<Push>? onPush, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var message = await _socket.ReceiveMessageAsync(ct);
                if (message is not { } json)
                {
                    if (!_closing) Failure = $"closed by the host ({_socket.CloseStatus})";
                    return;
                }

                var push = Push.Parse(json.Span);
                if (push.Type != "posts.created")
                {
                    Failure ??= $"unexpected message: {push.Type}";
                    continue;
                }

                if (push.Event <= _lastEvent) Failure ??= $"event {push.Event} after {_lastEvent}: out of order or twice";
                _lastEvent = push.Event;
                onPush?.Invoke(push);
                Interlocked.Increment(ref _count);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Done (cancelling a receive aborts the socket: nothing more to read).
        }
        catch (WebSocketException e)
        {
            if (!_closing) Failure = $"dropped: {e.Message}";
        }
    }
}

/// <summary>What the bench reads from a push: <c>type</c>, <c>event</c>, <c>data.id</c>, <c>data.createdAt</c>.</summary>
internal readonly record struct Push(string? Type, long Event, long PostId, DateTimeOffset CreatedAt)
{
    public static Push Parse(ReadOnlySpan<byte> json)
    {
        string? type = null;
        long id = 0, postId = 0;
        var createdAt = default(DateTimeOffset);
        try
        {
            var reader = new Utf8JsonReader(json);
            string? top = null;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                if (reader.CurrentDepth == 1)
                {
                    top = reader.GetString();
                    if (top == "type")
                    {
                        reader.Read();
                        type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (top == "event")
                    {
                        reader.Read();
                        id = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0;
                    }
                    else if (top != "data")
                    {
                        reader.Skip();
                    }
                }
                else if (reader.CurrentDepth == 2 && top == "data" && reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    postId = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0;
                }
                else if (reader.CurrentDepth == 2 && top == "data" && reader.ValueTextEquals("createdAt"u8))
                {
                    reader.Read();
                    createdAt = reader.TokenType == JsonTokenType.String ? reader.GetDateTimeOffset() : default;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return new Push("unreadable", 0, 0, default);
        }

        return new Push(type, id, postId, createdAt);
    }
}

/// <summary>CPU of some processes and a counter, over the measured window.</summary>
internal sealed record WindowSample(double Cores, long Counted)
{
    public static async Task<WindowSample> MeasureAsync(int[] pids, Func<long> counter, TimeSpan delay, TimeSpan length, CancellationToken ct)
    {
        await Task.Delay(delay, ct);
        var started = Stopwatch.GetTimestamp();
        var cpu = pids.Sum(ProcessProbe.CpuSeconds);
        var count = counter();
        await Task.Delay(length, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new WindowSample((pids.Sum(ProcessProbe.CpuSeconds) - cpu) / seconds, counter() - count);
    }
}

/// <summary>What the event modes share: the HTTP client, the POST, the lists of hosts.</summary>
internal static class EventLoad
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"title":"Bench write","body":"Written by build/bench.sh to measure POST /posts with live events on and off."}""");

    public static async Task<HttpClient> HttpAsync(Uri baseUri, int connections, CancellationToken ct)
    {
        var http = new HttpClient(HttpConnections.Handler(connections, new StrongBox<int>()), disposeHandler: true) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Credentials.HttpTokenAsync(http, ct));
            return http;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>One <c>POST /posts</c>: null when created, else why not.</summary>
    public static async Task<string?> PostAsync(HttpClient http, CancellationToken ct)
    {
        using var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/posts", content, ct);
        return response.StatusCode == HttpStatusCode.Created ? null : $"HTTP {(int)response.StatusCode}";
    }

    public static Uri[] Urls(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"not a URL: {u}"))];

    public static int[] Pids(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : throw new ArgumentException($"not a pid: {p}"))];
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Posts.Bench;

/// <summary>
/// Closed-loop load: each worker (a socket or an HTTP connection) sends one request, waits for its reply, and
/// sends the next, until the end. Only round trips that start after the warm-up and end before the end count.
/// </summary>
internal sealed class RoundTrips(TimeSpan warmup, TimeSpan duration)
{
    private long _warmEnd;
    private long _end;
    private long _completed;

    public TimeSpan Warmup => warmup;

    public TimeSpan Duration => duration;

    /// <summary>The <see cref="Stopwatch"/> timestamps where the measured window begins and ends (after <see cref="Start"/>).</summary>
    public (long Begin, long End) Window => (_warmEnd, _end);

    public Latencies Latencies { get; } = new();

    /// <summary>Starts the clock: the warm-up, then the measured window.</summary>
    public void Start()
    {
        _warmEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        _end = _warmEnd + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Round trips completed in each second from the start, warm-up included: shows whether the warm-up was long enough.</summary>
    public async Task<string> TimelineAsync(CancellationToken ct)
    {
        var seconds = new List<long>();
        var last = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (Stopwatch.GetTimestamp() < _end && await timer.WaitForNextTickAsync(ct))
        {
            var now = Interlocked.Read(ref _completed);
            seconds.Add(now - last);
            last = now;
        }

        return string.Join(' ', seconds);
    }

    /// <summary>Runs <paramref name="roundTrip"/> (which says whether the reply was a success, or why not) until the end.</summary>
    public async Task RunWorkerAsync(Func<CancellationToken, Task<string?>> roundTrip, CancellationToken ct)
    {
        var part = Latencies.NewPart();
        var end = _end;
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= end) return;
            string? failure;
            try
            {
                failure = await roundTrip(ct);
            }
            catch (Exception e) when ((e is WebSocketException or HttpRequestException or IOException or TaskCanceledException) && !ct.IsCancellationRequested)
            {
                Latencies.Fail($"{e.GetType().Name}: {e.Message}");
                return; // this worker's connection is gone
            }

            var received = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _completed);
            if (failure is not null) Latencies.Fail(failure);
            else if (sent >= _warmEnd && received <= end) part.Add(received - sent);
        }
    }
}

/// <summary><c>ws-rps</c>: <c>posts.index</c> round trips over N authenticated sockets, one outstanding request each, no ids.</summary>
internal static class WsRoundTripMode
{
    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        var uri = args.Url("ws");
        var pid = args.Pid();
        var databasePid = args.Pid("pg-pid");
        var count = Math.Max(1, args.Int("sockets", 64));
        var run = new RoundTrips(args.Seconds("warmup", 2), args.Seconds("duration", 10));
        var message = Messages.ListPosts(args.Int("limit", 10));
        var token = await Credentials.TokenAsync(uri, ct);

        var sockets = new SocketClient[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, cancel) => sockets[i] = await SocketClient.ConnectAuthenticatedAsync(uri, token, 16 * 1024, cancel));
        Report.Progress($"{count} sockets authenticated; {run.Warmup.TotalSeconds:0} s warm-up, {run.Duration.TotalSeconds:0} s measured");

        run.Start(); // now that every socket is ready
        var cpu = CpuWindow.MeasureAsync(pid, databasePid, run.Warmup, run.Duration, ct);
        var timeline = run.TimelineAsync(ct);
        await Task.WhenAll(sockets.Select(socket => Task.Run(() => run.RunWorkerAsync(async cancel =>
        {
            await socket.SendAsync(message, cancel);
            var reply = await socket.ReceiveAsync(cancel);
            return reply.Status == "ok" ? null : reply.Describe();
        }, ct), ct)));

        report.Add("ws_sockets", count);
        report.Add("ws_duration_s", run.Duration.TotalSeconds);
        run.Latencies.AddTo(report, "ws", run.Duration);
        report.Add("ws_timeline", await timeline);
        (await cpu).AddTo(report);
        if (pid is { } p) report.Add("host_rss_kib", ProcessProbe.RssKib(p));

        foreach (var socket in sockets)
        {
            socket.StartDraining();
            await socket.CloseAsync(TimeSpan.FromSeconds(5));
            socket.Dispose();
        }

        return run.Latencies.Failures == 0;
    }
}

/// <summary><c>http-rps</c>: <c>GET /posts?limit=N</c> over N keep-alive HTTP/1.1 connections, one outstanding request each.</summary>
internal static class HttpRoundTripMode
{
    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        var baseUri = args.Url("http");
        var pid = args.Pid();
        var databasePid = args.Pid("pg-pid");
        var count = Math.Max(1, args.Int("connections", 64));
        var run = new RoundTrips(args.Seconds("warmup", 2), args.Seconds("duration", 10));
        var path = $"/posts?limit={args.Int("limit", 10)}";

        var connects = new StrongBox<int>();
        using var handler = HttpConnections.Handler(count, connects);
        using var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        var token = await Credentials.HttpTokenAsync(http, ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Report.Progress($"{count} connections; {run.Warmup.TotalSeconds:0} s warm-up, {run.Duration.TotalSeconds:0} s measured");

        run.Start();
        var cpu = CpuWindow.MeasureAsync(pid, databasePid, run.Warmup, run.Duration, ct);
        var timeline = run.TimelineAsync(ct);
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => run.RunWorkerAsync(async cancel =>
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancel);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }, ct), ct)));

        report.Add("http_connections", count);
        report.Add("http_connections_opened", connects.Value);
        report.Add("http_duration_s", run.Duration.TotalSeconds);
        run.Latencies.AddTo(report, "http", run.Duration);
        report.Add("http_timeline", await timeline);
        (await cpu).AddTo(report);
        if (pid is { } p) report.Add("host_rss_kib", ProcessProbe.RssKib(p));
        return run.Latencies.Failures == 0;
    }
}

/// <summary>Keep-alive HTTP/1.1 connections for the closed-loop HTTP modes.</summary>
internal static class HttpConnections
{
    /// <summary>Up to <paramref name="count"/> connections; <paramref name="connects"/> counts the TCP connections opened (more than the workers: the server closed some).</summary>
    public static SocketsHttpHandler Handler(int count, StrongBox<int> connects) => new()
    {
        MaxConnectionsPerServer = count,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = async (context, cancel) =>
        {
            Interlocked.Increment(ref connects.Value);
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

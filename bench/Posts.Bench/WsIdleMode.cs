using System.Diagnostics;
using System.Net.WebSockets;

namespace Posts.Bench;

/// <summary>
/// <c>ws-idle</c>: the host's resident memory per idle authenticated socket. Warm the host up, read its RSS,
/// open N sockets that each adopt the token (<c>tokens.use</c>) and then only keep a receive pending, let the
/// host settle, read the RSS again; then close them all and read it once more. More rounds repeat the
/// open/close; with dotnet-gcdump, the live heap after round 1 is the baseline against which later rounds
/// measure what a socket keeps, and what is still live once they are closed (a leak).
/// </summary>
internal static class WsIdleMode
{
    private const int ReceiveBuffer = 2048;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        var uri = args.Url("ws");
        var pid = args.Pid() ?? throw new ArgumentException("--pid (the WebSocket host's process id) is required");
        var count = Math.Max(1, args.Int("sockets", 5000));
        var concurrency = Math.Max(1, args.Int("concurrency", 32));
        var settle = args.Seconds("settle", 5);
        var rounds = Math.Max(1, args.Int("rounds", 1));
        var hold = args.Seconds("hold", 0);
        var gcdump = args.Text("gcdump", "");
        LiveHeap.Snapshot? baseline = null;
        var token = await Credentials.TokenAsync(uri, ct);

        await WarmUpAsync(uri, token, ct);
        await Task.Delay(settle, ct);
        var before = ProcessProbe.RssKib(pid);
        report.Add("sockets", count);
        report.Add("host_rss_before_kib", before);
        report.Add("host_threads_before", ProcessProbe.Threads(pid));
        report.Add("host_fds_before", ProcessProbe.OpenFiles(pid));
        Report.Progress($"host RSS before: {before} KiB");

        var ok = true;
        for (var round = 1; round <= rounds; round++)
        {
            var prefix = $"r{round}";
            var failures = new Tally();
            var started = Stopwatch.GetTimestamp();
            var sockets = await OpenAsync(uri, token, count, concurrency, failures, ct);
            var openSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var opened = sockets.Count(s => s is not null);
            Report.Progress($"round {round}: {opened}/{count} sockets authenticated in {openSeconds:0.0} s; settling {settle.TotalSeconds:0} s");
            await Task.Delay(settle, ct);

            var open = ProcessProbe.RssKib(pid);
            report.Add($"{prefix}_opened", opened);
            report.Add($"{prefix}_open_seconds", openSeconds, 2);
            report.Add($"{prefix}_open_failures", failures.ToString());
            report.Add($"{prefix}_host_rss_open_kib", open);
            report.Add($"{prefix}_host_threads_open", ProcessProbe.Threads(pid));
            report.Add($"{prefix}_host_fds_open", ProcessProbe.OpenFiles(pid));
            report.Add($"{prefix}_kib_per_socket", opened > 0 ? (open - before) / (double)opened : 0, 2);
            Report.Progress($"round {round}: host RSS {open} KiB = {(open - before) / (double)Math.Max(1, opened):0.00} KiB per socket");
            if (baseline is not null && await TryLiveHeapAsync(gcdump, pid, report, ct) is { } live)
            {
                report.Add($"{prefix}_live_heap_open_kib", live.Kib);
                report.Add($"{prefix}_live_kib_per_socket", opened > 0 ? (live.Bytes - baseline.Bytes) / 1024.0 / opened : 0, 2);
                report.Add($"{prefix}_live_growth", live.GrowthSince(baseline, 5));
                Report.Progress($"round {round}: live heap {live.Kib} KiB = {(live.Bytes - baseline.Bytes) / 1024.0 / Math.Max(1, opened):0.00} KiB per socket");
            }

            if (round == 1 && hold > TimeSpan.Zero)
            {
                // Long enough for the host's keep-alive pings: sockets must survive them, memory should not grow.
                Report.Progress($"round {round}: holding them idle {hold.TotalSeconds:0} s more");
                await Task.Delay(hold, ct);
                report.Add($"{prefix}_held_seconds", hold.TotalSeconds, 0);
                report.Add($"{prefix}_host_rss_held_kib", ProcessProbe.RssKib(pid));
            }

            var dropped = new Tally();
            foreach (var socket in sockets.OfType<SocketClient>().Where(s => s.Drain.IsCompleted)) dropped.Add(socket.CloseStatus ?? socket.State.ToString());
            report.Add($"{prefix}_dropped_while_idle", dropped.ToString());
            report.Add($"{prefix}_pushed_while_idle", sockets.OfType<SocketClient>().Sum(s => s.Unexpected));

            var closes = await CloseAllAsync(sockets, concurrency);
            await Task.Delay(settle, ct);
            var closed = ProcessProbe.RssKib(pid);
            report.Add($"{prefix}_close_results", closes.ToString());
            report.Add($"{prefix}_host_rss_closed_kib", closed);
            report.Add($"{prefix}_host_fds_closed", ProcessProbe.OpenFiles(pid));
            Report.Progress($"round {round}: closed ({closes}); host RSS {closed} KiB");
            if (gcdump.Length > 0 && (round == 1 || baseline is not null)
                && await TryLiveHeapAsync(gcdump, pid, report, ct) is { } after)
            {
                // Round 1 ends with the baseline (a full GC in the host); later rounds are measured against it.
                report.Add($"{prefix}_live_heap_closed_kib", after.Kib);
                if (baseline is not null) report.Add($"{prefix}_live_heap_kept_kib", after.Kib - baseline.Kib);
                baseline ??= after;
                Report.Progress($"round {round}: live heap after closing: {after.Kib} KiB");
            }

            ok &= opened == count && dropped.Total == 0;
        }

        return ok;
    }

    /// <summary>The live heap, or null (and the reason in the report) when dotnet-gcdump fails: RSS results still count.</summary>
    private static async Task<LiveHeap.Snapshot?> TryLiveHeapAsync(string tool, int pid, Report report, CancellationToken ct)
    {
        try
        {
            return await LiveHeap.ReadAsync(tool, pid, ct);
        }
        catch (Exception e) when (e is BenchException or System.ComponentModel.Win32Exception or IOException)
        {
            report.Add("live_heap_error", e.Message);
            Report.Progress($"live heap: {e.Message}");
            return null;
        }
    }

    /// <summary>A few sockets through the whole path first (JIT, pools, caches), so the baseline is a warm host.</summary>
    private static async Task WarmUpAsync(Uri uri, string token, CancellationToken ct)
    {
        var list = Messages.ListPosts(10);
        await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (_, cancel) =>
        {
            using var client = await SocketClient.ConnectAuthenticatedAsync(uri, token, ReceiveBuffer, cancel);
            await client.SendAsync(list, cancel);
            var reply = await client.ReceiveAsync(cancel);
            if (reply.Status != "ok") throw new BenchException($"warm-up posts.index: {reply.Describe()}");
            client.StartDraining();
            await client.CloseAsync(CloseTimeout);
        });
    }

    private static async Task<SocketClient?[]> OpenAsync(Uri uri, string token, int count, int concurrency, Tally failures, CancellationToken ct)
    {
        var sockets = new SocketClient?[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, cancel) =>
        {
            try
            {
                var client = await SocketClient.ConnectAuthenticatedAsync(uri, token, ReceiveBuffer, cancel);
                client.StartDraining();
                sockets[i] = client;
            }
            catch (Exception e) when (e is WebSocketException or BenchException or HttpRequestException or IOException)
            {
                failures.Add(e.Message);
            }
        });
        return sockets;
    }

    private static async Task<Tally> CloseAllAsync(SocketClient?[] sockets, int concurrency)
    {
        var results = new Tally();
        await Parallel.ForEachAsync(sockets.OfType<SocketClient>(), new ParallelOptions { MaxDegreeOfParallelism = concurrency * 4 }, async (socket, _) =>
        {
            await socket.CloseAsync(CloseTimeout);
            results.Add(socket.CloseStatus ?? socket.State.ToString());
            socket.Dispose();
        });
        return results;
    }
}

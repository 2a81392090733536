using Posts.Bench;

// The load generator of build/bench.sh (docs/benchmarks.md). One mode per run; progress goes to stderr,
// the results to stdout as key=value lines (what bench.sh reads). Secrets come from the environment only:
// BENCH_TOKEN (a token to adopt with tokens.use), or BENCH_USERNAME and BENCH_PASSWORD (to sign in); BENCH_DATABASE
// (a connection string) for the long writer of events-delay.
const string Usage = """
    Posts.Bench MODE [--option value]…
      token     --ws URL                                   signs in with tokens.create, prints token=…
      ws-idle   --ws URL --pid PID [--sockets 5000] [--concurrency 32] [--settle 5] [--rounds 1] [--hold 0]
                [--gcdump PATH-TO-dotnet-gcdump]
                opens authenticated idle sockets; RSS of PID before, with them open (and after --hold
                seconds more, in round 1), and after closing them; with --gcdump, also the live managed
                heap after round 1, and with the sockets open and closed in the later rounds
      ws-rps    --ws URL [--pid PID] [--pg-pid PID] [--sockets 64] [--warmup 2] [--duration 10] [--limit 10]
                posts.index round trips, one outstanding per socket
      http-rps  --http URL [--pid PID] [--pg-pid PID] [--connections 64] [--warmup 2] [--duration 10] [--limit 10]
                GET /posts?limit=N, one outstanding per connection
      post-rps  --http URL [--pid PID] [--pg-pid PID] [--connections 64] [--warmup 2] [--duration 10] [--prefix post]
                [--subscribers 0 --ws URL[,URL…] [--ws-pids PID,PID]]
                POST /posts, one outstanding per connection; with subscribers (tokens.use + posts.subscribe, spread
                over the WebSocket hosts), each must receive every post written, once, in order
      events-delay --http URL --ws URL[,URL…] [--writers 8] [--warmup 2] [--duration 10] [--prefix delay]
                [--long-hold 0 --long-after 1 [--writer-timeout hh:mm:ss] [--author bench]]
                delivery delay of each event to one subscriber per WebSocket host while N writers POST; with
                --long-hold, one writer (Posts.Infrastructure, BENCH_DATABASE) keeps its transaction open that long
    --pid: the host, for its CPU time and RSS; --pg-pid: the PostgreSQL postmaster, for its and its backends' CPU time
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var options = new Arguments(args);
    var report = new Report();
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };

    var ok = args[0] switch
    {
        "token" => await TokenMode.RunAsync(options, report, stop.Token),
        "ws-idle" => await WsIdleMode.RunAsync(options, report, stop.Token),
        "ws-rps" => await WsRoundTripMode.RunAsync(options, report, stop.Token),
        "http-rps" => await HttpRoundTripMode.RunAsync(options, report, stop.Token),
        "post-rps" => await PostRoundTripMode.RunAsync(options, report, stop.Token),
        "events-delay" => await EventDelayMode.RunAsync(options, report, stop.Token),
        _ => throw new ArgumentException($"unknown mode '{args[0]}'"),
    };
    options.EnsureAllUsed();
    report.WriteTo(Console.Out);
    return ok ? 0 : 1;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Posts.Bench: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"Posts.Bench: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Posts.Bench: cancelled");
    return 130;
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Posts.Bench;

/// <summary>Round trips counted inside the measured window, their latencies, and the failures by kind.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentBag<List<long>> _parts = [];
    private readonly Tally _failures = new();

    /// <summary>A list for one worker (no locking on the hot path).</summary>
    public List<long> NewPart(int capacity = 16 * 1024)
    {
        var part = new List<long>(capacity);
        _parts.Add(part);
        return part;
    }

    public void Fail(string kind) => _failures.Add(kind);

    public int Failures => _failures.Total;

    public void AddTo(Report report, string prefix, TimeSpan window)
    {
        var all = _parts.SelectMany(p => p).ToArray();
        Array.Sort(all);
        report.Add($"{prefix}_round_trips", all.Length);
        report.Add($"{prefix}_per_second", all.Length / window.TotalSeconds, 0);
        report.Add($"{prefix}_p50_ms", Milliseconds(Percentile(all, 0.50)), 2);
        report.Add($"{prefix}_p90_ms", Milliseconds(Percentile(all, 0.90)), 2);
        report.Add($"{prefix}_p99_ms", Milliseconds(Percentile(all, 0.99)), 2);
        report.Add($"{prefix}_max_ms", Milliseconds(all.Length > 0 ? all[^1] : 0), 2);
        report.Add($"{prefix}_failures", _failures.Total);
        report.Add($"{prefix}_failure_kinds", _failures.ToString());
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Occurrences by kind (failures, close codes), thread-safe.</summary>
internal sealed class Tally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary><c>none</c>, or <c>kind xN; …</c> most frequent first.</summary>
    public override string ToString() => _counts.IsEmpty ? "none"
        : string.Join("; ", _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} x{c.Value}"));
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Posts.Bench;

/// <summary>
/// The host's live managed heap, from <c>dotnet-gcdump report -p PID</c> (which forces a full GC in the host, and
/// whose buffering is lossy on .NET 10: a lower bound on large heaps). RSS counts garbage not yet collected;
/// this does not.
/// </summary>
internal static partial class LiveHeap
{
    public sealed record Snapshot(long Bytes, IReadOnlyList<(string Type, long Count, long Bytes)> Types)
    {
        public long Kib => Bytes / 1024;

        /// <summary>The types that grew most since <paramref name="before"/>: <c>Type ×count +MiB</c>.</summary>
        public string GrowthSince(Snapshot before, int top)
        {
            var old = before.Types.ToDictionary(t => t.Type, t => t, StringComparer.Ordinal);
            return string.Join("; ", Types
                .Select(t => (t.Type, Count: t.Count - (old.TryGetValue(t.Type, out var o) ? o.Count : 0), Bytes: t.Bytes - (old.TryGetValue(t.Type, out o) ? o.Bytes : 0)))
                .OrderByDescending(t => t.Bytes).Take(top)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{Short(t.Type)} +{t.Count} objects +{t.Bytes / 1048576.0:0.0} MiB")));
        }
    }

    /// <summary>Without namespaces: <c>Http1Connection&lt;Context&gt;</c>.</summary>
    private static string Short(string type) => Namespace().Replace(type, "");

    public static async Task<Snapshot> ReadAsync(string tool, int pid, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("report");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new BenchException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var text = await stdout;
        if (process.ExitCode != 0) throw new BenchException($"{tool} report -p {pid} failed ({process.ExitCode}): {(await stderr).Trim()}");

        long total = 0;
        var types = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var heap = HeapLine().Match(line);
            if (heap.Success)
            {
                total = Number(heap.Groups[1].Value);
                continue;
            }

            // "   Object Bytes  Count  Type": the size of one object, how many, and the type (with a size class).
            var row = TypeLine().Match(line);
            if (!row.Success) continue;
            var (size, count, type) = (Number(row.Groups[1].Value), Number(row.Groups[2].Value), row.Groups[3].Value.Trim());
            types[type] = types.TryGetValue(type, out var sum) ? (sum.Count + count, sum.Bytes + size * count) : (count, size * count);
        }

        if (total == 0) throw new BenchException($"{tool} report: no 'GC Heap bytes' line");
        return new Snapshot(total, types.Select(t => (t.Key, t.Value.Count, t.Value.Bytes)).ToList());
    }

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Za-z_])")]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes")]
    private static partial Regex HeapLine();

    // The type without its assembly ("[System.Private.CoreLib.dll]"); the size class "(Bytes > 1K)" is kept.
    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\[[^\[\]]+\.dll\])?\s*$")]
    private static partial Regex TypeLine();
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Posts.Cli.Infrastructure;

/// <summary>
/// A progress bar with rate and ETA for long bulk work (seed, export, import) on a terminal; nothing at all when the
/// output is redirected or <c>--json</c> is asked for, so scripts see only the result.
/// </summary>
internal static class BulkProgress
{
    /// <param name="work">Does the work, calling its argument with each number of rows done.</param>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, bool quiet, string description, long total, Func<Action<long>, Task<T>> work)
    {
        if (quiet || !console.Profile.Capabilities.Interactive) return await work(_ => { });

        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                var result = await work(done => task.Increment(done));
                task.Value = task.MaxValue;
                return result;
            });
    }

    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed.ToString("N0", CultureInfo.InvariantCulture)} rows/s" : "", Style.Plain);
    }
}

/// <summary>What a bulk command did, as one line or as <c>--json</c>.</summary>
internal sealed record BulkReport(string Action, int Users, int Posts, int Comments, int Skipped, int Batches, double Seconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? File = null)
{
    /// <summary>Rows read or written per second, skipped ones included.</summary>
    public double RowsPerSecond => Seconds > 0 ? Math.Round((Users + Posts + Comments + Skipped) / Seconds) : 0;

    public static BulkReport Measure(string action, Stopwatch clock, int users, int posts, int comments, int skipped = 0, int batches = 0, string? file = null) =>
        new(action, users, posts, comments, skipped, batches, Math.Round(clock.Elapsed.TotalSeconds, 2), file);

    public string ToLine()
    {
        var skipped = Skipped > 0 ? $" ({N(Skipped)} already there, skipped)" : "";
        var batches = Batches > 0 ? $", {N(Batches)} batch{(Batches == 1 ? "" : "es")}" : "";
        var file = File is null ? "" : $" to {File}";
        return $"{Action} {N(Users)} users, {N(Posts)} posts, {N(Comments)} comments{skipped}{file} " +
            $"in {Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({N(RowsPerSecond)} rows/s{batches}).";
    }

    private static string N(double n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

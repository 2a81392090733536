using System.Globalization;

namespace Posts.Bench;

/// <summary>The results, written as <c>key=value</c> lines in the order they were added.</summary>
internal sealed class Report
{
    private readonly List<KeyValuePair<string, string>> _lines = [];

    public void Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public void Add(string key, double value, int decimals = 1) =>
        Add(key, Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(1, decimals)), CultureInfo.InvariantCulture));

    public void Add(string key, string value) => _lines.Add(new(key, value.ReplaceLineEndings(" ")));

    public void WriteTo(TextWriter writer)
    {
        foreach (var (key, value) in _lines) writer.WriteLine($"{key}={value}");
    }

    public static void Progress(string message) => Console.Error.WriteLine($"  bench: {message}");
}

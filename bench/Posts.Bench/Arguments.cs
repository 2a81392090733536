using System.Globalization;

namespace Posts.Bench;

/// <summary><c>MODE --name value …</c>; every option given must be one the mode reads.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Arguments(string[] args)
    {
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            _values[args[i][2..]] = args[i + 1];
        }
    }

    public string Text(string name, string? fallback = null)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? value
            : fallback ?? throw new ArgumentException($"--{name} is required");
    }

    public Uri Url(string name) =>
        Uri.TryCreate(Text(name), UriKind.Absolute, out var uri) ? uri : throw new ArgumentException($"--{name}: not a URL");

    public int Int(string name, int fallback)
    {
        var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value : throw new ArgumentException($"--{name}: not a non-negative integer: {text}");
    }

    public TimeSpan Seconds(string name, double fallback)
    {
        var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value) : throw new ArgumentException($"--{name}: not a number of seconds: {text}");
    }

    public int? Pid(string name = "pid")
    {
        _used.Add(name);
        return _values.ContainsKey(name) ? Int(name, 0) : null;
    }

    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}

/// <summary>A run that cannot give a result (the service refused or broke); exit code 1.</summary>
internal sealed class BenchException(string message) : Exception(message);

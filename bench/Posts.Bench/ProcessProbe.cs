using System.Globalization;

namespace Posts.Bench;

/// <summary>What Linux tells about a process (<c>/proc/PID/status</c>, <c>/proc/PID/stat</c>) and the machine (<c>/proc/stat</c>).</summary>
internal static class ProcessProbe
{
    /// <summary>USER_HZ: the unit of the CPU times in /proc (100 on every mainstream Linux build).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Resident set size in KiB (<c>VmRSS</c>).</summary>
    public static long RssKib(int pid) => StatusField(pid, "VmRSS:");

    public static long Threads(int pid) => StatusField(pid, "Threads:");

    public static bool IsAlive(int pid) => File.Exists($"/proc/{pid}/status");

    /// <summary>Open file descriptors of the process (sockets included).</summary>
    public static int OpenFiles(int pid)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>User + system CPU time of the process, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may contain spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After ')': state(3) ppid(4) … utime(14) stime(15): indexes 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>CPU seconds of a process and its children (the PostgreSQL postmaster and its backends); processes that come and go in between are missed.</summary>
    public static double TreeCpuSeconds(int pid)
    {
        var total = 0.0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)) continue;
            try
            {
                if (candidate == pid || ParentOf(candidate) == pid) total += CpuSeconds(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone in the meantime.
            }
        }

        return total;
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The machine's busy and total CPU ticks so far (first line of /proc/stat).</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var cpu = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = cpu[3] + cpu[4]; // idle + iowait
        var total = cpu.Sum();
        return (total - idle, total);
    }

    private static long StatusField(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            var value = line[name.Length..].Trim();
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
        }

        throw new BenchException($"no {name} in /proc/{pid}/status");
    }
}

/// <summary>CPU use over a window: the host process (cores busy), this process, and the whole machine (percent busy).</summary>
internal sealed class CpuWindow
{
    private readonly int? _pid;
    private readonly int? _databasePid;
    private readonly long _startTimestamp;
    private readonly double _startHost;
    private readonly double _startDatabase;
    private readonly double _startSelf;
    private readonly (long Busy, long Total) _startMachine;
    private double _hostCores;
    private double _databaseCores;
    private double _selfCores;
    private double _machinePercent;

    private CpuWindow(int? pid, int? databasePid)
    {
        _pid = pid;
        _databasePid = databasePid;
        _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        _startHost = pid is { } p ? ProcessProbe.CpuSeconds(p) : 0;
        _startDatabase = databasePid is { } d ? ProcessProbe.TreeCpuSeconds(d) : 0;
        _startSelf = ProcessProbe.CpuSeconds(Environment.ProcessId);
        _startMachine = ProcessProbe.MachineTicks();
    }

    /// <summary>Starts after <paramref name="delay"/> and ends <paramref name="length"/> later.</summary>
    public static async Task<CpuWindow> MeasureAsync(int? pid, int? databasePid, TimeSpan delay, TimeSpan length, CancellationToken ct)
    {
        await Task.Delay(delay, ct);
        var window = new CpuWindow(pid, databasePid);
        await Task.Delay(length, ct);
        window.Stop();
        return window;
    }

    public void AddTo(Report report)
    {
        if (_pid is not null) report.Add("host_cpu_cores", _hostCores, 2);
        if (_databasePid is not null) report.Add("postgres_cpu_cores", _databaseCores, 2);
        report.Add("client_cpu_cores", _selfCores, 2);
        report.Add("machine_busy_pct", _machinePercent);
        // Busy cores not accounted for by the three: other processes, and kernel work (loopback networking) not charged to them.
        report.Add("other_cpu_cores", Math.Max(0, _machinePercent / 100 * Environment.ProcessorCount - _hostCores - _databaseCores - _selfCores), 2);
    }

    private void Stop()
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
        var machine = ProcessProbe.MachineTicks();
        var total = machine.Total - _startMachine.Total;
        if (_pid is { } pid) _hostCores = (ProcessProbe.CpuSeconds(pid) - _startHost) / seconds;
        if (_databasePid is { } database) _databaseCores = (ProcessProbe.TreeCpuSeconds(database) - _startDatabase) / seconds;
        _selfCores = (ProcessProbe.CpuSeconds(Environment.ProcessId) - _startSelf) / seconds;
        _machinePercent = total > 0 ? 100.0 * (machine.Busy - _startMachine.Busy) / total : 0;
    }
}

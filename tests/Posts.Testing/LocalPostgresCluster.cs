using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Posts.Testing;

/// <summary>
/// A PostgreSQL cluster of our own in a temporary folder, made with the machine's binaries: initdb, then pg_ctl
/// on a free loopback port with trust authentication. Stopped (immediate mode: the data is thrown away anyway)
/// and deleted on dispose; if dispose never comes, at process exit or on SIGTERM; after a SIGKILL, by the next run.
/// </summary>
internal sealed class LocalPostgresCluster : IAsyncDisposable
{
    /// <summary>Durability is worthless for a throwaway cluster; these make it several times faster.</summary>
    internal static readonly string[] FastSettings =
        ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200"];

    private const string FolderPrefix = "posts-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // PostgreSQL refuses to run as root, so as root every PostgreSQL program runs as the postgres user.
    private static readonly bool AsRoot = Environment.UserName == "root";

    private readonly string _folder;
    private readonly Lock _stopping = new();
    private PosixSignalRegistration? _sigterm;
    private bool _stopped;

    private LocalPostgresCluster(string binDirectory, string folder)
    {
        BinDirectory = binDirectory;
        _folder = folder;
    }

    public string BinDirectory { get; }

    public int Port { get; private set; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<LocalPostgresCluster> StartAsync(CancellationToken ct)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries (initdb, pg_ctl) and no Docker engine: install PostgreSQL 15 " +
            "(apt-get install postgresql) or set POSTS_TEST_DATABASE to a server's connection string.");
        RemoveAbandonedClusters(bin);

        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // Marks whose cluster this is, so that a later run can clean up after a run that was killed.
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct);

        var cluster = new LocalPostgresCluster(bin, folder);
        // On .NET 10 a SIGTERM does not raise ProcessExit (checked), so that signal gets its own handler; the
        // process still terminates after it, as the handler does not cancel.
        AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
        cluster._sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cluster.StopAndDelete());
        try
        {
            if (AsRoot)
                await RunAsync("chown", ["-R", "postgres:", folder], ct);
            await cluster.RunPostgresToolAsync("initdb",
                ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], ct);
            await File.AppendAllLinesAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"),
                [
                    "listen_addresses = '127.0.0.1'",
                    $"unix_socket_directories = '{folder}'",
                    .. FastSettings.Select(setting => setting.Replace("=", " = ", StringComparison.Ordinal)),
                ], ct);
            await cluster.StartOnFreePortAsync(ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _sigterm?.Dispose();
        StopAndDelete();
        return ValueTask.CompletedTask;
    }

    /// <summary><c>pg_config --bindir</c> when it has the server programs, else the newest <c>/usr/lib/postgresql/*/bin</c>.</summary>
    private static string? FindBinaries()
    {
        static bool HasServer(string? dir) => dir is not null && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        try
        {
            // pg_config comes with libpq-dev, whose version may differ from the server's: hence HasServer.
            using var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true });
            var dir = pgConfig?.StandardOutput.ReadToEnd().Trim();
            pgConfig?.WaitForExit();
            if (pgConfig?.ExitCode == 0 && HasServer(dir))
                return dir;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on PATH.
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
            return null;
        return Directory.GetDirectories(debianRoot)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out var major) ? major : -1, Bin: Path.Combine(dir, "bin")))
            .Where(candidate => HasServer(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    /// <summary>A run killed before its dispose (and its ProcessExit) leaves a running cluster behind; stop and delete those.</summary>
    private static void RemoveAbandonedClusters(string bin)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (IsAbandoned(folder))
                new LocalPostgresCluster(bin, folder).StopAndDelete();
        }

        static bool IsAbandoned(string folder)
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner))
            {
                // The owner file is written as soon as the folder is made and removed last, so a folder lacks it
                // for long only when its removal was cut short.
                return Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-10);
            }
            return int.TryParse(File.ReadAllText(owner), out var pid) && !IsRunning(pid);
        }

        static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    private async Task StartOnFreePortAsync(CancellationToken ct)
    {
        // Another process can take the port between our probe and the server's bind; then try a new one.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var (exitCode, output) = await RunPostgresToolAsync("pg_ctl",
                ["-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-o", $"-p {Port}", "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "start"],
                ct, throwOnFailure: false);
            if (exitCode == 0)
                break;
            if (attempt == 3)
                throw new InvalidOperationException($"pg_ctl start failed ({exitCode}): {output}\n{ReadLog()}");
        }

        await WaitUntilAcceptingConnectionsAsync(ct);
    }

    /// <summary>pg_ctl -w already waited for "ready"; this proves it with a real login, polling until a deadline.</summary>
    private async Task WaitUntilAcceptingConnectionsAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopAndDelete();

    /// <summary>
    /// Best effort and never throws: it also runs at process exit and from a signal handler. A second caller waits
    /// for the first (a SIGTERM can make the tests fail and the process exit while the handler is still at work).
    /// </summary>
    private void StopAndDelete()
    {
        lock (_stopping)
        {
            if (!_stopped)
            {
                _stopped = true;
                TryStopAndDelete();
            }
        }
    }

    private void TryStopAndDelete()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                // Synchronous on purpose: nothing async can be awaited at process exit.
                RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None, throwOnFailure: false)
                    .GetAwaiter().GetResult();
            }

            if (!Directory.Exists(_folder))
                return;

            // The owner file goes last: whatever is left after a failure here, the next run still finds and removes.
            foreach (var entry in Directory.EnumerateFileSystemEntries(_folder).Where(entry => Path.GetFileName(entry) != OwnerFile))
            {
                if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"Could not remove the test cluster in {_folder} (the next run will): {e.Message}");
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(_folder, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private Task<(int ExitCode, string Output)> RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, bool throwOnFailure = true)
    {
        var path = Path.Combine(BinDirectory, tool);
        return AsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments], ct, throwOnFailure)
            : RunAsync(path, arguments, ct, throwOnFailure);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken ct, bool throwOnFailure = true)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The postgres user cannot enter root's home; a cwd it can read keeps initdb and pg_ctl quiet.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout) + (await stderr);
        if (throwOnFailure && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
        return (process.ExitCode, output);
    }
}

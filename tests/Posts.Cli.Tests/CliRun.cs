using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Posts.Cli.Infrastructure;
using Spectre.Console.Testing;

namespace Posts.Cli.Tests;

/// <summary>What one run of <c>posts</c> printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs the command tree in-process (captured console, given stdin) or as a real <c>dotnet Posts.Cli.dll</c> process.</summary>
public static class CliRun
{
    /// <summary>Cheap hashing for tests; the production cost has its own test in Posts.Application.Tests.</summary>
    private const string TestHashIterations = "1000";

    public static async Task<CliResult> InProcessAsync(string? connectionString, string stdin, params string[] args)
    {
        var settings = new Dictionary<string, string?> { ["Security:PasswordHashing:Iterations"] = TestHashIterations };
        if (connectionString is not null) settings["ConnectionStrings:Posts"] = connectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        // Wide enough that a table row of a test's short values never wraps.
        var console = new TestConsole();
        console.Profile.Width = 160;
        using var input = new StringReader(stdin);
        await using var error = new StringWriter();

        var exit = await CliApp.RunAsync(configuration, console, new Terminal(input, error, IsInteractive: false), args);

        return new CliResult(exit, console.Output, error.ToString());
    }

    public static Task<CliResult> ProcessAsync(string? connectionString, string stdin, params string[] args) =>
        ProcessAsync(connectionString, stdin, new Dictionary<string, string>(), args);

    /// <param name="environment">More environment variables for the process (configuration such as <c>Logging__LogLevel__Default</c>).</param>
    public static async Task<CliResult> ProcessAsync(string? connectionString, string stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Security__PasswordHashing__Iterations"] = TestHashIterations },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Posts.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        if (connectionString is null) start.Environment.Remove("ConnectionStrings__Posts");
        else start.Environment["ConnectionStrings__Posts"] = connectionString;

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

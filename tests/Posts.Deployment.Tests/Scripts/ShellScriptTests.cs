using System.Diagnostics;
using FluentAssertions;

namespace Posts.Deployment.Tests.Scripts;

/// <summary>The scripts under build/ parse, are executable, and pass shellcheck where it is installed.</summary>
public sealed class ShellScriptTests
{
    public static TheoryData<string> Scripts => ["build/run.sh", "build/bench.sh", "build/check-compose.sh"];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_parses_and_is_executable(string script)
    {
        var path = Repository.PathOf(script);
        File.Exists(path).Should().BeTrue();
        if (!OperatingSystem.IsWindows())
            File.GetUnixFileMode(path).Should().HaveFlag(UnixFileMode.UserExecute, $"{script} is run as ./{script}");

        var (exitCode, output) = await RunAsync("bash", "-n", path);
        exitCode.Should().Be(0, output);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_passes_shellcheck(string script)
    {
        var shellcheck = FindOnPath("shellcheck");
        Assert.SkipWhen(shellcheck is null, "shellcheck is not installed (apt-get install shellcheck)");

        // -x: follow what a script sources (build/lib.sh), so its functions and variables count as used.
        var (exitCode, output) = await RunAsync(shellcheck!, "-x", Repository.PathOf(script));
        exitCode.Should().Be(0, output);
    }

    [Fact]
    public async Task Run_script_answers_help_without_starting_anything()
    {
        var (exitCode, output) = await RunAsync("bash", Repository.PathOf("build/run.sh"), "--help");

        exitCode.Should().Be(0, output);
        output.Should().Contain("ConnectionStrings__Posts").And.Contain("POSTS_API_PORT").And.NotContain("shellcheck");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

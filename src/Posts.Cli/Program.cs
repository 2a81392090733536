using Posts.Cli;
using Posts.Cli.Infrastructure;
using Spectre.Console;

try
{
    return await CliApp.Create(CliApp.LoadConfiguration(), AnsiConsole.Console, Terminal.Console()).RunAsync(args);
}
catch (Exception e) when (e is Spectre.Console.Cli.CommandParseException or Spectre.Console.Cli.CommandRuntimeException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return ExitCodes.Usage;
}
catch (InvalidOperationException e)
{
    // A missing connection string, for one: say it in one line, not a stack trace.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return ExitCodes.Internal;
}

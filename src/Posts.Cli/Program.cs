using Posts.Cli;
using Posts.Cli.Infrastructure;
using Spectre.Console;

var console = AnsiConsole.Console;
// Into a pipe or a file a line stays one line (Spectre would wrap it at 80 columns), so scripts can grep it.
if (Console.IsOutputRedirected) console.Profile.Width = short.MaxValue;

return await CliApp.RunAsync(CliApp.LoadConfiguration(), console, Terminal.Console(), args);

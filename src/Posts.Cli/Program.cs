using Posts.Cli;
using Posts.Cli.Infrastructure;
using Spectre.Console;

return await CliApp.RunAsync(CliApp.LoadConfiguration(), AnsiConsole.Console, Terminal.Console(), args);

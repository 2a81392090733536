using System.ComponentModel;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Posts.Cli.Infrastructure;
using Posts.Infrastructure.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Db;

[Description("Apply the database migrations (the only place they are applied; hosts never migrate).")]
internal sealed class DbMigrateCommand(Backend backend, IAnsiConsole console, Terminal terminal) : AsyncCommand<DbMigrateCommand.Settings>
{
    internal sealed class Settings : CommandSettings;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var scope = backend.Services.CreateAsyncScope();
        try
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            console.WriteLine(applied.Count == 0
                ? "The database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return ExitCodes.Ok;
        }
        catch (DbException e)
        {
            await terminal.Error.WriteLineAsync($"error: unavailable: cannot migrate the database: {e.Message}");
            return ExitCodes.Unavailable;
        }
    }
}

using System.ComponentModel;
using Mediator;
using Posts.Application.Users.EnableUser;
using Posts.Cli.Infrastructure;
using Posts.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

[Description("Enable a disabled user: their unexpired, unrevoked tokens authenticate again.")]
internal sealed class UsersEnableCommand(Backend backend, IAnsiConsole console) : AsyncCommand<UsernameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UsernameSettings settings, CancellationToken cancellationToken)
    {
        var result = await backend.SendAsync<Unit>(new EnableUserCommand(settings.Username), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        console.WriteLine($"Enabled user {User.NormalizeUsername(settings.Username)}.");
        return ExitCodes.Ok;
    }
}

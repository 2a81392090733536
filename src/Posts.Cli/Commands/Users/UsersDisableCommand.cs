using System.ComponentModel;
using Mediator;
using Posts.Application.Users.DisableUser;
using Posts.Cli.Infrastructure;
using Posts.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

[Description("Disable a user: their tokens stop authenticating and their open sessions end.")]
internal sealed class UsersDisableCommand(Backend backend, IAnsiConsole console) : AsyncCommand<UsernameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UsernameSettings settings, CancellationToken cancellationToken)
    {
        var result = await backend.SendAsync<Unit>(new DisableUserCommand(settings.Username), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        console.WriteLine($"Disabled user {User.NormalizeUsername(settings.Username)}.");
        return ExitCodes.Ok;
    }
}

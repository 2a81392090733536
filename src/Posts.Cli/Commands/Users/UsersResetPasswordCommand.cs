using System.ComponentModel;
using Mediator;
using Posts.Application.Users.ResetPassword;
using Posts.Cli.Infrastructure;
using Posts.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

[Description("Set a user's password; every token of theirs is revoked. The password comes from a hidden prompt, or from standard input with --password-stdin.")]
internal sealed class UsersResetPasswordCommand(Backend backend, IAnsiConsole console, Terminal terminal) : AsyncCommand<UsersResetPasswordCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<username>")]
        [Description("The user's username (any case).")]
        public required string Username { get; init; }

        [CommandOption("--password-stdin")]
        [Description("Read the new password as one line from standard input.")]
        public bool PasswordStdin { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var password = Passwords.Read(terminal, console, settings.PasswordStdin, $"New password for {settings.Username}");
        if (password is null)
        {
            await terminal.Error.WriteLineAsync("error: no password: pass --password-stdin and pipe it in, or run in a terminal to be prompted.");
            return ExitCodes.Usage;
        }

        var result = await backend.SendAsync<Unit>(new ResetPasswordCommand(settings.Username, password), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        console.WriteLine($"Reset the password of {User.NormalizeUsername(settings.Username)}; their tokens are revoked.");
        return ExitCodes.Ok;
    }
}

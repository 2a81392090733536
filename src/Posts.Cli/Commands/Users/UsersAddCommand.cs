using System.ComponentModel;
using Posts.Application.Users;
using Posts.Application.Users.CreateUser;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

[Description("Add a user. The password comes from a hidden prompt, or from standard input with --password-stdin.")]
internal sealed class UsersAddCommand(Backend backend, IAnsiConsole console, Terminal terminal) : AsyncCommand<UsersAddCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<username>")]
        [Description("3-32 characters of a-z, 0-9, '_', '.' and '-' (stored lower-case).")]
        public required string Username { get; init; }

        [CommandOption("--display-name <NAME>")]
        [Description("Shown beside posts; defaults to the username.")]
        public string? DisplayName { get; init; }

        [CommandOption("--admin")]
        [Description("Make the user an administrator.")]
        public bool Admin { get; init; }

        [CommandOption("--password-stdin")]
        [Description("Read the password as one line from standard input.")]
        public bool PasswordStdin { get; init; }

        [CommandOption("--json")]
        [Description("Print the new user as JSON.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var password = Passwords.Read(terminal, console, settings.PasswordStdin, $"Password for {settings.Username}");
        if (password is null)
        {
            await terminal.Error.WriteLineAsync("error: no password: pass --password-stdin and pipe it in, or run in a terminal to be prompted.");
            return ExitCodes.Usage;
        }

        var result = await backend.SendAsync<UserDetailsDto>(
            new CreateUserCommand(settings.Username, password, settings.DisplayName, settings.Admin), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        if (settings.Json) backend.WriteJson(result.Value);
        else console.WriteLine($"Created user {result.Value.Username} (id {result.Value.Id}{(result.Value.IsAdmin ? ", administrator" : "")}).");
        return ExitCodes.Ok;
    }
}

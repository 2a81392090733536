using System.ComponentModel;
using Posts.Application.Users;
using Posts.Application.Users.ListUsers;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

[Description("List every user, by username: a table, or a JSON array with --json.")]
internal sealed class UsersListCommand(Backend backend, IAnsiConsole console) : AsyncCommand<UsersListCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print a JSON array of users (id, username, displayName, isAdmin, isDisabled, createdAt).")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = await backend.SendAsync<IReadOnlyList<UserDetailsDto>>(new ListUsersQuery(), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        if (settings.Json)
        {
            backend.WriteJson(result.Value);
            return ExitCodes.Ok;
        }

        if (result.Value.Count == 0)
        {
            console.WriteLine("No users.");
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("Id", "Username", "Display name", "Admin", "Disabled", "Created (UTC)");
        foreach (var user in result.Value)
        {
            table.AddRow(Tables.Row(Tables.Number(user.Id), user.Username, user.DisplayName,
                Tables.YesNo(user.IsAdmin), Tables.YesNo(user.IsDisabled), Tables.Time(user.CreatedAt)));
        }

        console.Write(table);
        return ExitCodes.Ok;
    }
}

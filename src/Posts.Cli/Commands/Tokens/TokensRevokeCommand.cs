using System.ComponentModel;
using Posts.Application.Tokens.RevokeTokens;
using Posts.Cli.Infrastructure;
using Posts.Domain;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Tokens;

[Description("Revoke every live token of one user (--user) or of everybody (--all); their open sessions end.")]
internal sealed class TokensRevokeCommand(Backend backend, IAnsiConsole console) : AsyncCommand<TokensRevokeCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--user <USERNAME>")]
        [Description("Revoke this user's tokens.")]
        public string? User { get; init; }

        [CommandOption("--all")]
        [Description("Revoke every user's tokens.")]
        public bool All { get; init; }

        [CommandOption("--json")]
        [Description("Print the result as JSON: {\"count\": N}.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() => (User, All) switch
        {
            (null, false) => ValidationResult.Error("give --user <username> or --all"),
            (not null, true) => ValidationResult.Error("give --user <username> or --all, not both"),
            _ => ValidationResult.Success(),
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = await backend.SendAsync<RevokedTokens>(new RevokeTokensCommand(settings.User, settings.All), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        if (settings.Json) backend.WriteJson(result.Value);
        else console.WriteLine(settings.All
            ? $"Revoked {Tokens(result.Value.Count)} of every user."
            : $"Revoked {Tokens(result.Value.Count)} of {User.NormalizeUsername(settings.User!)}.");
        return ExitCodes.Ok;
    }

    private static string Tokens(int count) => count == 1 ? "1 token" : $"{count} tokens";
}

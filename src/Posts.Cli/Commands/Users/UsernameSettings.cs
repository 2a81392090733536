using System.ComponentModel;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Users;

/// <summary>The settings of a command about one existing user.</summary>
internal sealed class UsernameSettings : CommandSettings
{
    [CommandArgument(0, "<username>")]
    [Description("The user's username (any case).")]
    public required string Username { get; init; }
}

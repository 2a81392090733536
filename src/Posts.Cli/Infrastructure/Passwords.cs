using Spectre.Console;

namespace Posts.Cli.Infrastructure;

/// <summary>Passwords come from a hidden prompt or <c>--password-stdin</c>, never from argv.</summary>
internal static class Passwords
{
    /// <returns>The password, or null when none can be read (the caller reports it).</returns>
    public static string? Read(Terminal terminal, IAnsiConsole console, bool fromStdin, string prompt)
    {
        if (fromStdin) return terminal.In.ReadLine()?.TrimEnd('\r', '\n');
        if (!terminal.IsInteractive) return null;

        var password = console.Prompt(new TextPrompt<string>($"{prompt}:").Secret());
        var again = console.Prompt(new TextPrompt<string>("Again:").Secret());
        if (password == again) return password;
        console.MarkupLine("[red]The two passwords differ.[/]");
        return null;
    }
}

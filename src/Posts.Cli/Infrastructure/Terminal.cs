namespace Posts.Cli.Infrastructure;

/// <summary>Standard input and error as the commands see them: tests hand in their own.</summary>
/// <param name="In">Where <c>--password-stdin</c> reads from.</param>
/// <param name="Error">Where errors go, one line each.</param>
/// <param name="IsInteractive">Whether a person can answer a hidden prompt.</param>
internal sealed record Terminal(TextReader In, TextWriter Error, bool IsInteractive)
{
    public static Terminal Console() => new(System.Console.In, System.Console.Error, !System.Console.IsInputRedirected);
}

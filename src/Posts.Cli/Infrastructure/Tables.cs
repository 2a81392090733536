using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Posts.Cli.Infrastructure;

/// <summary>How the human-readable (not <c>--json</c>) output shows values.</summary>
internal static class Tables
{
    /// <summary>A row of plain text: user data is never read as Spectre markup (a title like "[red]" stays text).</summary>
    public static IRenderable[] Row(params string[] cells) => cells.Select(c => (IRenderable)new Text(c)).ToArray();

    /// <summary>UTC to the second, sortable: <c>2026-11-25 17:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("u", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";
}

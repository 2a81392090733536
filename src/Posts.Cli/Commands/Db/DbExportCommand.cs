using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Application.Db;
using Posts.Application.Db.ExportDatabase;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Db;

[Description("Write every user, post and comment to a JSON Lines file, users without their password hashes unless " +
    "--include-secrets. The file appears only when the export is complete.")]
internal sealed class DbExportCommand(Backend backend, IAnsiConsole console, Terminal terminal) : AsyncCommand<DbExportCommand.Settings>
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("The file to write (replaced if it exists).")]
        public string? Out { get; init; }

        [CommandOption("--include-secrets")]
        [Description("Include password hashes, so imported users can sign in with their passwords. Keep such a file safe.")]
        public bool IncludeSecrets { get; init; }

        [CommandOption("--batch-size <ROWS>")]
        [Description("Rows read per query (default 5000).")]
        public int BatchSize { get; init; } = 5_000;

        [CommandOption("--json")]
        [Description("Print what was written as JSON; no progress bar.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required.")
            : BatchSize is < 1 or > BulkRows.MaxRows ? ValidationResult.Error($"--batch-size must be 1-{BulkRows.MaxRows}.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var plan = await backend.SendAsync<ExportPlan>(new ExportPlanQuery(), cancellationToken);
        if (!plan.IsSuccess) return backend.Fail(plan.Error);

        var path = Path.GetFullPath(settings.Out!);
        var partial = path + ".partial";
        var counts = new Dictionary<BulkTable, int>();
        Error? error;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var header = new ExportFile.Header(ExportFile.Header.KindName, ExportFile.Format, DateTimeOffset.UtcNow, plan.Value.Users, plan.Value.Posts, plan.Value.Comments);
                await WriteLineAsync(file, header, cancellationToken);
                error = await BulkProgress.RunAsync(console, settings.Json, "Exporting", header.Rows, async advance =>
                {
                    foreach (var table in new[] { BulkTable.Users, BulkTable.Posts, BulkTable.Comments })
                    {
                        counts[table] = 0;
                        for (var after = 0L; ;)
                        {
                            var page = await backend.SendAsync<IReadOnlyList<BulkRow>>(
                                new ExportPageQuery(table, after, plan.Value.LastId(table), settings.BatchSize, settings.IncludeSecrets), cancellationToken);
                            if (!page.IsSuccess) return page.Error;
                            var rows = page.Value;
                            if (rows.Count == 0) break;
                            foreach (var row in rows) await WriteLineAsync(file, row, cancellationToken);
                            counts[table] += rows.Count;
                            after = rows[^1].Id;
                            advance(rows.Count);
                        }
                    }

                    return null;
                });
            }

            if (error is null) File.Move(partial, path, overwrite: true);
        }
        catch (IOException e)
        {
            await terminal.Error.WriteLineAsync($"error: cannot write {settings.Out}: {e.Message}");
            return ExitCodes.Internal;
        }
        finally
        {
            File.Delete(partial);
        }

        if (error is not null) return backend.Fail(error);
        var report = BulkReport.Measure("Exported", clock, counts[BulkTable.Users], counts[BulkTable.Posts], counts[BulkTable.Comments], file: path);
        if (settings.Json) backend.WriteJson(report);
        else console.WriteLine(report.ToLine());
        return ExitCodes.Ok;
    }

    private static async Task WriteLineAsync<T>(Stream file, T value, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(file, value, ExportFile.Json, ct);
        await file.WriteAsync(NewLine, ct);
    }
}

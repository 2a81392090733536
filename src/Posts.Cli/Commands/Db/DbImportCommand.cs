using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Posts.Application.Common.Results;
using Posts.Application.Db;
using Posts.Application.Db.ImportDatabase;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Db;

[Description("Read a file written by 'db export' into the database, in bulk, keeping ids. Each batch is one transaction and " +
    "writes one posts.imported event; rows already there are skipped, so importing a file twice changes nothing.")]
internal sealed partial class DbImportCommand(Backend backend, IAnsiConsole console, Terminal terminal) : AsyncCommand<DbImportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A JSON Lines file from 'db export'.")]
        public required string File { get; init; }

        [CommandOption("--batch-size <ROWS>")]
        [Description("Rows per transaction (default 5000).")]
        public int BatchSize { get; init; } = 5_000;

        [CommandOption("--json")]
        [Description("Print what was written as JSON; no progress bar.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            BatchSize is < 1 or > BulkRows.MaxRows ? ValidationResult.Error($"--batch-size must be 1-{BulkRows.MaxRows}.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(settings.File);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await terminal.Error.WriteLineAsync($"error: not_found: cannot read {settings.File}: {e.Message}");
            return ExitCodes.For(Error.NotFound("File"));
        }

        using (reader)
        {
            var clock = Stopwatch.StartNew();
            var lineNumber = 1;
            ExportFile.Header? header;
            try
            {
                header = JsonSerializer.Deserialize<ExportFile.Header>(await reader.ReadLineAsync(cancellationToken) ?? "null", ExportFile.Json);
            }
            catch (JsonException)
            {
                header = null;
            }

            if (header is not { Kind: ExportFile.Header.KindName, Format: ExportFile.Format })
                return backend.Fail(Error.Validation("line 1", $"Not a file from 'posts db export' (format {ExportFile.Format})."));

            var batch = new Batch();
            int users = 0, posts = 0, comments = 0, sent = 0, batches = 0;
            var error = await BulkProgress.RunAsync(console, settings.Json, "Importing", header.Rows, async advance =>
            {
                while (true)
                {
                    var line = await reader.ReadLineAsync(cancellationToken);
                    if (line is not null)
                    {
                        lineNumber++;
                        if (line.Length == 0) continue;
                        try
                        {
                            batch.Add(JsonSerializer.Deserialize<BulkRow>(line, ExportFile.Json)!, lineNumber);
                        }
                        catch (JsonException e)
                        {
                            return Error.Validation($"line {lineNumber}", e.Message);
                        }
                    }

                    if (batch.Count == settings.BatchSize || (line is null && batch.Count > 0))
                    {
                        var result = await backend.SendAsync<PostsImportedPayload>(new ImportDatabaseCommand(batch.Rows()), cancellationToken);
                        if (!result.IsSuccess) return batch.Locate(result.Error);
                        users += result.Value.Users;
                        posts += result.Value.Posts;
                        comments += result.Value.Comments;
                        sent += batch.Count;
                        batches++;
                        advance(batch.Count);
                        batch = new Batch();
                    }

                    if (line is null) return null;
                }
            });
            if (error is not null) return backend.Fail(error);

            var report = BulkReport.Measure("Imported", clock, users, posts, comments, skipped: sent - users - posts - comments, batches);
            if (settings.Json) backend.WriteJson(report);
            else console.WriteLine(report.ToLine());
            return ExitCodes.Ok;
        }
    }

    /// <summary>The rows of one batch and the lines they came from, to say which line a validation error is about.</summary>
    private sealed partial class Batch
    {
        private readonly List<(UserRow Row, int Line)> _users = [];
        private readonly List<(PostRow Row, int Line)> _posts = [];
        private readonly List<(CommentRow Row, int Line)> _comments = [];

        public int Count => _users.Count + _posts.Count + _comments.Count;

        public void Add(BulkRow row, int line)
        {
            switch (row)
            {
                case UserRow user: _users.Add((user, line)); break;
                case PostRow post: _posts.Add((post, line)); break;
                case CommentRow comment: _comments.Add((comment, line)); break;
            }
        }

        public BulkRows Rows() => new(_users.ConvertAll(u => u.Row), _posts.ConvertAll(p => p.Row), _comments.ConvertAll(c => c.Row));

        /// <summary><c>rows.posts[3].title</c> → <c>line 1234: title</c>.</summary>
        public Error Locate(Error error)
        {
            if (error is not { Code: ErrorCodes.ValidationFailed, Details: { } details }) return error;
            return Error.Validation(details.ToDictionary(kv => RowField().Match(kv.Key) is { Success: true } m
                    ? $"line {Line(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))}: {m.Groups[3].Value}"
                    : kv.Key,
                kv => (string[])kv.Value));
        }

        private int Line(string table, int index) => table switch
        {
            "users" => _users[index].Line,
            "posts" => _posts[index].Line,
            _ => _comments[index].Line,
        };

        [GeneratedRegex(@"^rows\.(users|posts|comments)\[(\d+)\]\.(.+)$")]
        private static partial Regex RowField();
    }
}

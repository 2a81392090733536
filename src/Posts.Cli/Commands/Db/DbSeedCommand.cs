using System.ComponentModel;
using System.Diagnostics;
using Posts.Application.Common.Results;
using Posts.Application.Db;
using Posts.Application.Db.SeedDatabase;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Db;

[Description("Fill the database with demo users, posts and comments, in bulk. Seeded users have no password until " +
    "'users reset-password'. Each batch is one transaction and writes one posts.imported event, not one per row.")]
internal sealed class DbSeedCommand(Backend backend, IAnsiConsole console) : AsyncCommand<DbSeedCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--users <N>")]
        [Description("Users to add (default 10).")]
        public int Users { get; init; } = 10;

        [CommandOption("--posts <N>")]
        [Description("Posts to add (default 100), by the new users, or by recent ones when --users is 0.")]
        public int Posts { get; init; } = 100;

        [CommandOption("--comments <N>")]
        [Description("Comments to add (default 0), on the new posts, or on recent ones when --posts is 0.")]
        public int Comments { get; init; }

        [CommandOption("--batch-size <ROWS>")]
        [Description("Rows per transaction (default 5000).")]
        public int BatchSize { get; init; } = 5_000;

        [CommandOption("--parallel <N>")]
        [Description("Batches written at once (default: the processor count, at most 4).")]
        public int Parallel { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

        [CommandOption("--json")]
        [Description("Print what was written as JSON; no progress bar.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Users < 0 || Posts < 0 || Comments < 0 ? ValidationResult.Error("--users, --posts and --comments must be 0 or more.")
            : Users + (long)Posts + Comments == 0 ? ValidationResult.Error("Nothing to seed: give --users, --posts or --comments.")
            : Parallel is < 1 or > 16 ? ValidationResult.Error("--parallel must be 1-16.")
            : BatchSize is < 1 or > BulkRows.MaxRows ? ValidationResult.Error($"--batch-size must be 1-{BulkRows.MaxRows}.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var total = settings.Users + (long)settings.Posts + settings.Comments;
        var batches = (int)((total + settings.BatchSize - 1) / settings.BatchSize);
        var clock = Stopwatch.StartNew();
        int users = 0, posts = 0, comments = 0;

        var error = await BulkProgress.RunAsync(console, settings.Json, "Seeding", total, async advance =>
        {
            // Every batch takes its share of each kind, rounded towards the first, so the first batch has some of each;
            // it goes alone, and later batches whose share of users or posts is 0 use the ones it wrote.
            async Task<Error?> SeedAsync(int i, CancellationToken ct)
            {
                var batch = new SeedDatabaseCommand(Share(settings.Users, i, batches), Share(settings.Posts, i, batches), Share(settings.Comments, i, batches));
                var result = await backend.SendAsync<PostsImportedPayload>(batch, ct);
                if (!result.IsSuccess) return result.Error;
                Interlocked.Add(ref users, result.Value.Users);
                Interlocked.Add(ref posts, result.Value.Posts);
                Interlocked.Add(ref comments, result.Value.Comments);
                advance(result.Value.Users + result.Value.Posts + result.Value.Comments);
                return null;
            }

            if (await SeedAsync(0, cancellationToken) is { } error) return error;

            // The rest are independent (each reserves its own ids), so a few run at once: while one is generated here,
            // PostgreSQL writes another and builds its index entries.
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Error? first = null;
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(1, batches - 1),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel, CancellationToken = failed.Token }, async (i, ct) =>
                    {
                        if (await SeedAsync(i, ct) is not { } error) return;
                        Interlocked.CompareExchange(ref first, error, null);
                        await failed.CancelAsync();
                    });
            }
            catch (OperationCanceledException) when (first is not null)
            {
            }

            return first;
        });
        if (error is not null) return backend.Fail(error);

        var report = BulkReport.Measure("Seeded", clock, users, posts, comments, batches: batches);
        if (settings.Json) backend.WriteJson(report);
        else console.WriteLine(report.ToLine());
        return ExitCodes.Ok;
    }

    /// <summary>Batch <paramref name="i"/>'s part of <paramref name="n"/> rows over <paramref name="batches"/> batches, rounded towards the first.</summary>
    private static int Share(int n, int i, int batches) => (int)(Ceiling((long)n * (i + 1), batches) - Ceiling((long)n * i, batches));

    private static long Ceiling(long a, long b) => (a + b - 1) / b;
}

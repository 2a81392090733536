using System.ComponentModel;
using Posts.Application.Common.Paging;
using Posts.Application.Posts;
using Posts.Application.Posts.ListPosts;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli.Commands.Posts;

[Description("List posts, newest first: a table, or with --json the page as posts.index returns it ({data, meta}).")]
internal sealed class PostsListCommand(Backend backend, IAnsiConsole console) : AsyncCommand<PostsListCommand.Settings>
{
    /// <summary>The table shows the author's username, so every list embeds the author (--json shows the same data).</summary>
    private static readonly string[] Embed = [PostEmbeds.Author];

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--author <USERNAME>")]
        [Description("Only this user's posts.")]
        public string? Author { get; init; }

        [CommandOption("--since <TIME>")]
        [Description("Created at or after: ISO 8601 (2026-11-25T17:00:00Z) or 'yyyy/MM/dd HH:mm'; UTC unless an offset is given.")]
        public string? Since { get; init; }

        [CommandOption("--until <TIME>")]
        [Description("Created at or before; the same forms as --since.")]
        public string? Until { get; init; }

        [CommandOption("--search <TEXT>")]
        [Description("Text searched in title and body.")]
        public string? Search { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Posts per page, 1-100 (default 10).")]
        public int? Limit { get; init; }

        [CommandOption("--page <N>")]
        [Description("The page number (default 1); page × limit at most 10,000.")]
        public int? Page { get; init; }

        [CommandOption("--cursor <CURSOR>")]
        [Description("Continue from meta.nextCursor of a previous page (instead of --page).")]
        public string? Cursor { get; init; }

        [CommandOption("--json")]
        [Description("Print the page as JSON: {data: [[posts]], meta: {page, limit, total, totalExact, hasMore, nextCursor}}.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var filter = settings is { Author: null, Since: null, Until: null, Search: null }
            ? null
            : new PostFilter(settings.Since, settings.Until, settings.Author, settings.Search);
        var result = await backend.SendAsync<Page<PostDto>>(
            new ListPostsQuery(settings.Page, settings.Cursor, settings.Limit, filter, Embed), cancellationToken);
        if (!result.IsSuccess) return backend.Fail(result.Error);

        if (settings.Json)
        {
            backend.WriteJson(result.Value);
            return ExitCodes.Ok;
        }

        var (posts, meta) = result.Value;
        if (posts.Count == 0)
        {
            console.WriteLine("No posts.");
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("Id", "Title", "Author", "Created (UTC)", "Comments");
        foreach (var post in posts)
        {
            table.AddRow(Tables.Row(Tables.Number(post.Id), post.Title, post.Author?.Username ?? Tables.Number(post.AuthorId),
                Tables.Time(post.CreatedAt), Tables.Number(post.CommentCount)));
        }

        console.Write(table);
        console.WriteLine($"{posts.Count} of {Tables.Number(meta.Total)}{(meta.TotalExact ? "" : "+")} posts.");
        if (meta.NextCursor is not null) console.WriteLine($"More: --cursor {meta.NextCursor}");
        return ExitCodes.Ok;
    }
}

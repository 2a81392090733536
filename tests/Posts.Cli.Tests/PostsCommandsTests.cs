using System.Text.Json;
using FluentAssertions;
using Posts.Testing;

namespace Posts.Cli.Tests;

public sealed class PostsCommandsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private Core _core = null!;

    public async ValueTask InitializeAsync()
    {
        _core = new Core(database.ConnectionString);
        foreach (var username in new[] { "tara", "uwe" })
        {
            // Each test adds these users once per class: the second add is a conflict, which is fine.
            var run = await CliRun.InProcessAsync(database.ConnectionString, Password, "users", "add", username, "--password-stdin");
            run.ExitCode.Should().BeOneOf(0, 5);
        }
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Posts_list_json_is_the_page_with_data_and_meta_filtered_by_author()
    {
        var first = await _core.CreatePostAsync("tara", Password, "Tara's first");
        var second = await _core.CreatePostAsync("tara", Password, "Tara's second");
        await _core.CreatePostAsync("uwe", Password, "Uwe's");

        var run = await RunAsync("posts", "list", "--author", "TARA", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("data", "meta");
        var data = json.RootElement.GetProperty("data").EnumerateArray().ToList();
        data.Should().HaveCountGreaterThanOrEqualTo(2);
        data.Select(p => p.GetProperty("author").GetProperty("username").GetString()).Should().OnlyContain(u => u == "tara");
        var ids = data.Select(p => p.GetProperty("id").GetInt64()).ToList();
        ids.Should().ContainInOrder(second.Id, first.Id).And.BeInDescendingOrder("newest first");
        data[0].GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        data[0].GetProperty("createdAt").GetString().Should().EndWith("Z");
        var meta = json.RootElement.GetProperty("meta");
        meta.EnumerateObject().Select(p => p.Name).Should().Equal("page", "limit", "total", "totalExact", "hasMore", "nextCursor");
        meta.GetProperty("page").GetInt32().Should().Be(1);
        meta.GetProperty("limit").GetInt32().Should().Be(10);
        meta.GetProperty("total").GetInt64().Should().Be(data.Count);
    }

    [Fact]
    public async Task Posts_list_limit_and_cursor_walk_the_pages()
    {
        var older = await _core.CreatePostAsync("uwe", Password, "Cursor older");
        var newer = await _core.CreatePostAsync("uwe", Password, "Cursor newer");

        var firstPage = await RunAsync("posts", "list", "--author", "uwe", "--limit", "1", "--json");
        using var first = JsonDocument.Parse(firstPage.Out);
        var cursor = first.RootElement.GetProperty("meta").GetProperty("nextCursor").GetString();
        var secondPage = await RunAsync("posts", "list", "--author", "uwe", "--limit", "1", "--cursor", cursor!, "--json");
        using var second = JsonDocument.Parse(secondPage.Out);

        first.RootElement.GetProperty("data")[0].GetProperty("id").GetInt64().Should().Be(newer.Id);
        first.RootElement.GetProperty("meta").GetProperty("hasMore").GetBoolean().Should().BeTrue();
        cursor.Should().NotBeNullOrEmpty();
        second.RootElement.GetProperty("data")[0].GetProperty("id").GetInt64().Should().Be(older.Id);
        second.RootElement.GetProperty("meta").GetProperty("page").ValueKind.Should().Be(JsonValueKind.Null, "cursor mode has no page number");
    }

    [Fact]
    public async Task Posts_list_prints_a_table_with_id_title_author_and_created()
    {
        var post = await _core.CreatePostAsync("tara", Password, "A [bold]table[/] row");

        var run = await RunAsync("posts", "list", "--limit", "100");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Id").And.Contain("Title").And.Contain("Author").And.Contain("Created")
            .And.Contain(post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain("A [bold]table[/] row").And.Contain("tara")
            .And.Contain(post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
            .And.MatchRegex(@"\d+ of \d+ posts\.");
    }

    [Fact]
    public async Task Posts_list_since_in_the_future_is_empty_and_a_bad_time_exits_2()
    {
        await _core.CreatePostAsync("tara", Password, "Before the future");

        var future = await RunAsync("posts", "list", "--since", "2999/01/01 00:00", "--json");
        var bad = await RunAsync("posts", "list", "--since", "yesterday-ish");

        future.ExitCode.Should().Be(0, future.Error);
        JsonDocument.Parse(future.Out).RootElement.GetProperty("data").GetArrayLength().Should().Be(0);
        bad.ExitCode.Should().Be(2);
        bad.Error.Should().StartWith("error: validation_failed: Validation failed: filter.since: ");
        bad.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task Posts_delete_removes_an_existing_post_as_the_system_administrator()
    {
        var post = await _core.CreatePostAsync("uwe", Password, "To be moderated");

        var run = await RunAsync("posts", "delete", post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var again = await RunAsync("posts", "delete", post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.Should().Be(new CliResult(0, $"Deleted post {post.Id}.\n", ""));
        (await _core.GetPostAsync(post.Id)).Error!.Code.Should().Be("not_found");
        again.Should().Be(new CliResult(4, "", "error: not_found: Post not found\n"));
    }

    [Theory]
    [InlineData("999999999", 4, "error: not_found: Post not found")]
    [InlineData("0", 2, "error: validation_failed: Validation failed: id: ")]
    [InlineData("abc", 2, "error: ")]
    public async Task Posts_delete_of_a_missing_or_malformed_id_fails_with_its_exit_code(string id, int exitCode, string errorStart)
    {
        var run = await RunAsync("posts", "delete", id);

        run.ExitCode.Should().Be(exitCode);
        run.Error.Should().StartWith(errorStart);
        run.Error.TrimEnd('\n').Should().NotContain("\n");
        run.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task A_real_process_deletes_a_post_and_then_finds_it_missing()
    {
        var post = await _core.CreatePostAsync("tara", Password, "Deleted by a process");
        var id = post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.ProcessAsync(database.ConnectionString, "", "posts", "delete", id);
        var again = await CliRun.ProcessAsync(database.ConnectionString, "", "posts", "delete", id);

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Be($"Deleted post {id}.\n");
        again.ExitCode.Should().Be(4);
        again.Error.Should().Be("error: not_found: Post not found\n");
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRun.InProcessAsync(database.ConnectionString, "", args);
}

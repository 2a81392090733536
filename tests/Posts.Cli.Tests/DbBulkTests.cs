using System.Globalization;
using System.Text.Json;
using FluentAssertions;
using Npgsql;
using Posts.Testing;

namespace Posts.Cli.Tests;

/// <summary><c>db seed</c>, <c>db export</c> and <c>db import</c>: bulk writes with one event per batch, and a lossless round trip.</summary>
public sealed class DbBulkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private const string Password = "correct horse battery";
    private readonly string _folder = Directory.CreateTempSubdirectory("posts-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Db_seed_writes_the_rows_asked_for_in_batches_with_one_posts_imported_event_each()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);

        var run = await CliRun.InProcessAsync(db, "", "db", "seed", "--users", "5", "--posts", "50", "--comments", "20", "--batch-size", "25", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("users").GetInt32().Should().Be(5);
        json.RootElement.GetProperty("posts").GetInt32().Should().Be(50);
        json.RootElement.GetProperty("comments").GetInt32().Should().Be(20);
        json.RootElement.GetProperty("batches").GetInt32().Should().Be(3);
        (await CountAsync(db, "users")).Should().Be(5);
        (await CountAsync(db, "posts")).Should().Be(50);
        (await CountAsync(db, "comments")).Should().Be(20);
        (await ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE type = 'posts.imported'")).Should().Be(3, "one summary event per batch");
        (await ScalarAsync<long>(db, "SELECT count(*) FROM events WHERE type <> 'posts.imported'")).Should().Be(0, "not one event per row");
        (await ScalarAsync<long>(db, "SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.created_at < p.created_at"))
            .Should().Be(0, "a comment comes after its post");
    }

    [Fact]
    public async Task Seeded_users_have_no_password_until_one_is_set()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(db, "", "db", "seed", "--users", "1", "--posts", "0")).ExitCode.Should().Be(0);
        var username = await ScalarAsync<string>(db, "SELECT username FROM users");
        await using var core = new Core(db);

        (await core.SignInAsync(username, "")).Error!.Code.Should().Be("validation_failed");
        (await core.SignInAsync(username, Password)).Error!.Code.Should().Be("unauthenticated");
        (await CliRun.InProcessAsync(db, Password, "users", "reset-password", username, "--password-stdin")).ExitCode.Should().Be(0);
        (await core.SignInAsync(username, Password)).IsSuccess.Should().BeTrue();
    }

    [Fact]
    public async Task Export_then_import_into_an_empty_database_round_trips_every_row()
    {
        var source = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(source, Password, "users", "add", "alice", "--password-stdin")).ExitCode.Should().Be(0);
        (await CliRun.InProcessAsync(source, "", "db", "seed", "--users", "20", "--posts", "300", "--comments", "200", "--batch-size", "100")).ExitCode.Should().Be(0);
        await using (var core = new Core(source)) await core.CreatePostAsync("alice", Password, "Written by hand");
        (await CliRun.InProcessAsync(source, "", "users", "disable", "alice")).ExitCode.Should().Be(0);
        var file = Path.Combine(_folder, "export.jsonl");

        var export = await CliRun.InProcessAsync(source, "", "db", "export", "--out", file, "--include-secrets", "--batch-size", "77", "--json");
        var target = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var import = await CliRun.InProcessAsync(target, "", "db", "import", file, "--batch-size", "64", "--json");

        export.ExitCode.Should().Be(0, export.Error);
        import.ExitCode.Should().Be(0, import.Error);
        using var exported = JsonDocument.Parse(export.Out);
        exported.RootElement.GetProperty("posts").GetInt32().Should().Be(301);
        exported.RootElement.GetProperty("file").GetString().Should().Be(file);
        using var imported = JsonDocument.Parse(import.Out);
        imported.RootElement.GetProperty("users").GetInt32().Should().Be(21);
        imported.RootElement.GetProperty("posts").GetInt32().Should().Be(301);
        imported.RootElement.GetProperty("comments").GetInt32().Should().Be(200);
        imported.RootElement.GetProperty("skipped").GetInt32().Should().Be(0);
        File.ReadLines(file).Count().Should().Be(1 + 21 + 301 + 200, "a header, then one line per row");
        foreach (var table in new[] { "users", "posts", "comments" })
            (await ChecksumAsync(target, table)).Should().Be(await ChecksumAsync(source, table), $"every {table} row and column is back");

        // The identities moved past the imported ids, and the password hash came along.
        (await CliRun.InProcessAsync(target, "", "users", "enable", "alice")).ExitCode.Should().Be(0);
        await using var imported2 = new Core(target);
        var post = await imported2.CreatePostAsync("alice", Password, "After the import");
        post.Id.Should().BeGreaterThan(await ScalarAsync<long>(source, "SELECT max(id) FROM posts"));
    }

    [Fact]
    public async Task Importing_the_same_file_again_writes_nothing_and_says_every_row_was_skipped()
    {
        var source = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(source, "", "db", "seed", "--users", "3", "--posts", "30", "--comments", "10")).ExitCode.Should().Be(0);
        var file = Path.Combine(_folder, "twice.jsonl");
        (await CliRun.InProcessAsync(source, "", "db", "export", "--out", file)).ExitCode.Should().Be(0);
        var target = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(target, "", "db", "import", file)).ExitCode.Should().Be(0);
        var events = await CountAsync(target, "events");

        var again = await CliRun.InProcessAsync(target, "", "db", "import", file, "--json");

        again.ExitCode.Should().Be(0, again.Error);
        using var json = JsonDocument.Parse(again.Out);
        json.RootElement.GetProperty("posts").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("skipped").GetInt32().Should().Be(43);
        (await CountAsync(target, "posts")).Should().Be(30);
        (await CountAsync(target, "events")).Should().Be(events, "a batch that wrote nothing writes no event");
    }

    [Fact]
    public async Task An_export_without_secrets_has_no_password_hash_and_its_users_sign_in_only_after_a_reset()
    {
        var source = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(source, Password, "users", "add", "bob", "--password-stdin")).ExitCode.Should().Be(0);
        var hash = await ScalarAsync<string>(source, "SELECT password_hash FROM users WHERE username = 'bob'");
        var file = Path.Combine(_folder, "no-secrets.jsonl");

        (await CliRun.InProcessAsync(source, "", "db", "export", "--out", file)).ExitCode.Should().Be(0);
        var target = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        (await CliRun.InProcessAsync(target, "", "db", "import", file)).ExitCode.Should().Be(0);

        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        text.Should().Contain("\"username\":\"bob\"").And.NotContain(hash).And.NotContain("passwordHash");
        await using var core = new Core(target);
        (await core.SignInAsync("bob", Password)).Error!.Code.Should().Be("unauthenticated");
    }

    [Fact]
    public async Task A_bad_row_fails_its_batch_with_exit_2_naming_the_line_and_nothing_of_that_batch_is_written()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var file = await WriteFileAsync(
            """{"kind":"user","id":1,"username":"carol","displayName":"Carol","isAdmin":false,"isDisabled":false,"createdAt":"2026-11-01T10:00:00Z"}""",
            """{"kind":"post","id":1,"authorId":1,"title":" ","body":"Body","createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-01T10:00:00Z","version":1}""");

        var run = await CliRun.InProcessAsync(db, "", "db", "import", file);

        run.ExitCode.Should().Be(2);
        run.Error.Trim().Should().StartWith("error: validation_failed:").And.Contain("line 3: title").And.NotContain("\n");
        (await CountAsync(db, "users")).Should().Be(0, "the batch is one transaction");
    }

    [Fact]
    public async Task A_line_that_is_not_a_row_exits_2_naming_the_line()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var file = await WriteFileAsync(
            """{"kind":"user","id":1,"username":"dave","displayName":"Dave","isAdmin":false,"isDisabled":false,"createdAt":"2026-11-01T10:00:00Z","extra":1}""");

        var run = await CliRun.InProcessAsync(db, "", "db", "import", file);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("line 2:");
    }

    [Fact]
    public async Task A_row_that_refers_to_a_missing_user_exits_5_and_writes_nothing()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var file = await WriteFileAsync(
            """{"kind":"post","id":5,"authorId":99,"title":"Orphan","body":"Body","createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-01T10:00:00Z","version":1}""");

        var run = await CliRun.InProcessAsync(db, "", "db", "import", file);

        run.ExitCode.Should().Be(5, run.Error);
        run.Error.Should().StartWith("error: conflict:");
        (await CountAsync(db, "posts")).Should().Be(0);
    }

    [Fact]
    public async Task Import_refuses_a_file_that_is_no_export_and_a_file_that_is_not_there()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var notAnExport = Path.Combine(_folder, "other.jsonl");
        await File.WriteAllTextAsync(notAnExport, """{"hello":"world"}""" + "\n", TestContext.Current.CancellationToken);

        (await CliRun.InProcessAsync(db, "", "db", "import", notAnExport)).ExitCode.Should().Be(2);
        (await CliRun.InProcessAsync(db, "", "db", "import", Path.Combine(_folder, "missing.jsonl"))).ExitCode.Should().Be(4);
    }

    [Theory]
    [InlineData("db", "seed", "--users", "0", "--posts", "0")]
    [InlineData("db", "seed", "--batch-size", "0")]
    [InlineData("db", "export")]
    public async Task Usage_errors_exit_2_with_one_line(params string[] args)
    {
        var run = await CliRun.InProcessAsync(database.ConnectionString, "", args);

        run.ExitCode.Should().Be(2);
        run.Error.Trim().Should().StartWith("error: ").And.NotContain("\n");
    }

    [Fact]
    public async Task As_a_real_process_seed_and_export_print_parseable_json_and_nothing_else()
    {
        var db = await database.Server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var file = Path.Combine(_folder, "process.jsonl");

        var seed = await CliRun.ProcessAsync(db, "", "db", "seed", "--users", "2", "--posts", "10", "--json");
        var export = await CliRun.ProcessAsync(db, "", "db", "export", "--out", file, "--json");

        seed.ExitCode.Should().Be(0, seed.Error);
        export.ExitCode.Should().Be(0, export.Error);
        JsonDocument.Parse(seed.Out).RootElement.GetProperty("posts").GetInt32().Should().Be(10);
        JsonDocument.Parse(export.Out).RootElement.GetProperty("users").GetInt32().Should().Be(2);
        File.Exists(file + ".partial").Should().BeFalse();
    }

    private async Task<string> WriteFileAsync(params string[] rows)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.jsonl");
        var header = """{"kind":"posts-export","format":1,"exportedAt":"2026-11-01T10:00:00Z","users":0,"posts":0,"comments":0}""";
        await File.WriteAllLinesAsync(file, [header, .. rows], TestContext.Current.CancellationToken);
        return file;
    }

    private static Task<long> CountAsync(string db, string table) => ScalarAsync<long>(db, $"SELECT count(*) FROM {table}");

    /// <summary>Every column of every row, in id order, hashed.</summary>
    private static Task<string> ChecksumAsync(string db, string table) =>
        ScalarAsync<string>(db, $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') FROM {table} t");

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, typeof(T), CultureInfo.InvariantCulture);
    }
}

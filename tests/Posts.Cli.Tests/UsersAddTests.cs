using System.Text.Json;
using FluentAssertions;
using Posts.Testing;

namespace Posts.Cli.Tests;

public sealed class UsersAddTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Users_add_reads_the_password_from_stdin_and_prints_the_user_as_json()
    {
        var run = await CliRun.InProcessAsync(database.ConnectionString, Password + "\n",
            "users", "add", "Alice", "--display-name", "Alice A.", "--admin", "--password-stdin", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("username").GetString().Should().Be("alice");
        json.RootElement.GetProperty("displayName").GetString().Should().Be("Alice A.");
        json.RootElement.GetProperty("isAdmin").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("createdAt").GetString().Should().EndWith("Z");
    }

    [Fact]
    public async Task Users_add_of_a_taken_username_exits_5_with_one_line_on_stderr()
    {
        (await CliRun.InProcessAsync(database.ConnectionString, Password, "users", "add", "bob", "--password-stdin")).ExitCode.Should().Be(0);

        var again = await CliRun.InProcessAsync(database.ConnectionString, Password, "users", "add", "BOB", "--password-stdin");

        again.ExitCode.Should().Be(5);
        again.Error.Trim().Should().Be("error: conflict: The username 'bob' is taken");
    }

    [Fact]
    public async Task Users_add_with_a_short_password_exits_2_and_names_the_field()
    {
        var run = await CliRun.InProcessAsync(database.ConnectionString, "short", "users", "add", "carol", "--password-stdin");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("error: validation_failed").And.Contain("password").And.NotContain("short");
    }

    [Fact]
    public async Task Users_add_without_a_terminal_or_password_stdin_refuses_to_guess()
    {
        var run = await CliRun.InProcessAsync(database.ConnectionString, "", "users", "add", "dave");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--password-stdin");
    }

    [Fact]
    public async Task A_real_process_creates_the_user_and_never_echoes_the_password()
    {
        var run = await CliRun.ProcessAsync(database.ConnectionString, Password + "\n", "users", "add", "erin", "--password-stdin");
        var again = await CliRun.ProcessAsync(database.ConnectionString, Password + "\n", "users", "add", "erin", "--password-stdin");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Created user erin");
        again.ExitCode.Should().Be(5);
        (run.Out + run.Error + again.Out + again.Error).Should().NotContain(Password);
    }

    [Fact]
    public async Task Without_a_connection_string_a_real_process_says_which_setting_to_give()
    {
        var run = await CliRun.ProcessAsync(null, Password, "users", "add", "frank", "--password-stdin");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("ConnectionStrings__Posts");
    }

    [Fact]
    public async Task An_unreachable_database_exits_7()
    {
        var run = await CliRun.InProcessAsync("Host=127.0.0.1;Port=1;Database=posts;Username=postgres;Timeout=2", Password,
            "users", "add", "grace", "--password-stdin");

        run.ExitCode.Should().Be(7);
        run.Error.Should().StartWith("error: unavailable");
    }
}

using System.Text.Json;
using FluentAssertions;
using Posts.Testing;

namespace Posts.Cli.Tests;

public sealed class UsersCommandsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Password = "correct horse battery";
    private const string NewPassword = "a new and longer passphrase";

    [Fact]
    public async Task Users_add_list_disable_and_enable_round_trip_through_the_json_list()
    {
        (await RunAsync(Password, "users", "add", "hana", "--display-name", "Hana H.", "--password-stdin")).ExitCode.Should().Be(0);
        var duplicate = await RunAsync(Password, "users", "add", "HANA", "--password-stdin");

        var listed = await ListedAsync("hana");
        var disabled = await RunAsync("", "users", "disable", "Hana");
        var afterDisable = await ListedAsync("hana");
        var enabled = await RunAsync("", "users", "enable", "hana");
        var afterEnable = await ListedAsync("hana");

        duplicate.ExitCode.Should().Be(5);
        duplicate.Error.Trim().Should().Be("error: conflict: The username 'hana' is taken");
        listed.GetProperty("id").GetInt64().Should().BePositive();
        listed.GetProperty("displayName").GetString().Should().Be("Hana H.");
        listed.GetProperty("isAdmin").GetBoolean().Should().BeFalse();
        listed.GetProperty("isDisabled").GetBoolean().Should().BeFalse();
        DateTimeOffset.Parse(listed.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        disabled.Should().Be(new CliResult(0, "Disabled user hana.\n", ""));
        afterDisable.GetProperty("isDisabled").GetBoolean().Should().BeTrue();
        enabled.Should().Be(new CliResult(0, "Enabled user hana.\n", ""));
        afterEnable.GetProperty("isDisabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Users_list_json_is_an_array_of_users_with_exactly_the_documented_fields_and_nothing_else_on_stdout()
    {
        (await RunAsync(Password, "users", "add", "ivan", "--admin", "--password-stdin")).ExitCode.Should().Be(0);

        var run = await RunAsync("", "users", "list", "--json");

        run.ExitCode.Should().Be(0, run.Error);
        using var json = JsonDocument.Parse(run.Out); // throws if anything but the JSON is on stdout
        json.RootElement.ValueKind.Should().Be(JsonValueKind.Array);
        var ivan = json.RootElement.EnumerateArray().Single(u => u.GetProperty("username").GetString() == "ivan");
        ivan.EnumerateObject().Select(p => p.Name).Should().Equal("id", "username", "displayName", "isAdmin", "isDisabled", "createdAt");
        ivan.GetProperty("isAdmin").GetBoolean().Should().BeTrue();
        json.RootElement.EnumerateArray().Select(u => u.GetProperty("username").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Users_list_prints_a_table_with_the_users()
    {
        (await RunAsync(Password, "users", "add", "judy", "--display-name", "[red]Judy[/]", "--password-stdin")).ExitCode.Should().Be(0);

        var run = await RunAsync("", "users", "list");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Contain("Username").And.Contain("Display name").And.Contain("judy")
            .And.Contain("[red]Judy[/]", "user data is printed as text, never read as markup");
        run.Out.TrimStart().Should().NotStartWith("[");
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("reset-password", "--password-stdin")]
    public async Task Users_commands_on_an_unknown_user_exit_4_with_one_line_on_stderr(string command, params string[] options)
    {
        var run = await RunAsync(NewPassword + "\n", ["users", command, "nobody", .. options]);

        run.ExitCode.Should().Be(4);
        run.Error.Should().Be("error: not_found: User not found\n");
        run.Out.Should().BeEmpty();
    }

    [Fact]
    public async Task Users_reset_password_from_stdin_sets_the_new_password_and_revokes_the_old_tokens()
    {
        (await RunAsync(Password, "users", "add", "kate", "--password-stdin")).ExitCode.Should().Be(0);
        await using var core = new Core(database.ConnectionString);
        var oldToken = (await core.SignInAsync("kate", Password)).Value.Token;
        (await core.AuthenticateAsync(oldToken)).IsSuccess.Should().BeTrue("the token works before the reset");

        var run = await RunAsync(NewPassword + "\n", "users", "reset-password", "kate", "--password-stdin");

        run.Should().Be(new CliResult(0, "Reset the password of kate; their tokens are revoked.\n", ""));
        (await core.AuthenticateAsync(oldToken)).Error!.Code.Should().Be("unauthenticated");
        var withNew = await core.SignInAsync("kate", NewPassword);
        withNew.IsSuccess.Should().BeTrue(withNew.Error?.ToString());
        (await core.AuthenticateAsync(withNew.Value.Token)).IsSuccess.Should().BeTrue();
        (await core.SignInAsync("kate", Password)).Error!.Code.Should().Be("unauthenticated");
    }

    [Fact]
    public async Task Users_reset_password_with_a_weak_password_exits_2_names_the_field_and_never_echoes_it()
    {
        (await RunAsync(Password, "users", "add", "liam", "--password-stdin")).ExitCode.Should().Be(0);

        var run = await RunAsync("liam\n", "users", "reset-password", "liam", "--password-stdin");
        var noPassword = await RunAsync("", "users", "reset-password", "liam");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("error: validation_failed: Validation failed: newPassword: ");
        run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
        noPassword.ExitCode.Should().Be(2);
        noPassword.Error.Should().Contain("--password-stdin");
    }

    [Fact]
    public async Task A_real_process_resets_a_password_and_never_shows_it_even_with_trace_logging()
    {
        const string secret = "trace-proof passphrase 7431";
        (await RunAsync(Password, "users", "add", "mona", "--password-stdin")).ExitCode.Should().Be(0);
        var trace = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Trace" };

        var run = await CliRun.ProcessAsync(database.ConnectionString, secret + "\n", trace, "users", "reset-password", "mona", "--password-stdin");

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should().Be("Reset the password of mona; their tokens are revoked.\n");
        run.Error.Should().Contain("ResetPasswordCommand -> ok", "trace logging is on, so the test would see a logged password");
        (run.Out + run.Error).Should().NotContain(secret).And.NotContain("trace-proof");
        await using var core = new Core(database.ConnectionString);
        (await core.SignInAsync("mona", secret)).IsSuccess.Should().BeTrue();
    }

    private Task<CliResult> RunAsync(string stdin, params string[] args) => CliRun.InProcessAsync(database.ConnectionString, stdin, args);

    private async Task<JsonElement> ListedAsync(string username)
    {
        var run = await RunAsync("", "users", "list", "--json");
        run.ExitCode.Should().Be(0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Single(u => u.GetProperty("username").GetString() == username).Clone();
    }
}

using System.Text.Json;
using FluentAssertions;
using Posts.Testing;

namespace Posts.Cli.Tests;

/// <remarks>
/// "Fails on the HTTP API" is checked through Application's AuthenticateTokenQuery over the same database: it is the
/// one lookup the API's bearer handler (and the WebSocket host) makes, and referencing Posts.Api here would put its
/// appsettings.json over the CLI's in this output folder, where the real-process tests run Posts.Cli.dll.
/// </remarks>
public sealed class TokensRevokeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Tokens_revoke_user_ends_that_users_tokens_only_and_says_how_many()
    {
        await AddUsersAsync("nora", "omar");
        await using var core = new Core(database.ConnectionString);
        string[] noras = [(await core.SignInAsync("nora", Password)).Value.Token, (await core.SignInAsync("nora", Password)).Value.Token];
        var omars = (await core.SignInAsync("omar", Password)).Value.Token;

        var run = await RunAsync("tokens", "revoke", "--user", "Nora");

        run.Should().Be(new CliResult(0, "Revoked 2 tokens of nora.\n", ""));
        foreach (var token in noras) (await core.AuthenticateAsync(token)).Error!.Code.Should().Be("unauthenticated");
        (await core.AuthenticateAsync(omars)).IsSuccess.Should().BeTrue("another user's token is untouched");
    }

    [Fact]
    public async Task Tokens_revoke_json_prints_the_count_and_nothing_else()
    {
        await AddUsersAsync("pia");
        await using var core = new Core(database.ConnectionString);
        (await core.SignInAsync("pia", Password)).IsSuccess.Should().BeTrue();

        var first = await RunAsync("tokens", "revoke", "--user", "pia", "--json");
        var second = await RunAsync("tokens", "revoke", "--user", "pia", "--json");

        first.ExitCode.Should().Be(0, first.Error);
        using var json = JsonDocument.Parse(first.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("count");
        json.RootElement.GetProperty("count").GetInt32().Should().Be(1);
        JsonDocument.Parse(second.Out).RootElement.GetProperty("count").GetInt32().Should().Be(0, "nothing was left to revoke");
    }

    [Fact]
    public async Task Tokens_revoke_of_an_unknown_user_exits_4()
    {
        var run = await RunAsync("tokens", "revoke", "--user", "nobody");

        run.ExitCode.Should().Be(4);
        run.Error.Should().Be("error: not_found: User not found\n");
    }

    [Theory]
    [InlineData("error: give --user <username> or --all")]
    [InlineData("error: give --user <username> or --all, not both", "--user", "nora", "--all")]
    [InlineData("error: give --user <username> or --all, not both", "--all", "--user", "nora", "--json")]
    public async Task Tokens_revoke_without_exactly_one_of_user_or_all_is_a_usage_error(string expected, params string[] options)
    {
        var run = await RunAsync(["tokens", "revoke", .. options]);

        run.Should().Be(new CliResult(2, "", expected + "\n"));
    }

    [Fact]
    public async Task A_real_process_revokes_a_users_tokens_with_the_connection_string_from_the_environment()
    {
        await AddUsersAsync("quin");
        await using var core = new Core(database.ConnectionString);
        var token = (await core.SignInAsync("quin", Password)).Value.Token;

        var run = await CliRun.ProcessAsync(database.ConnectionString, "", "tokens", "revoke", "--user", "quin", "--json");
        var neither = await CliRun.ProcessAsync(database.ConnectionString, "", "tokens", "revoke");

        run.ExitCode.Should().Be(0, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("count").GetInt32().Should().Be(1);
        (await core.AuthenticateAsync(token)).Error!.Code.Should().Be("unauthenticated");
        neither.ExitCode.Should().Be(2);
        neither.Error.Should().Be("error: give --user <username> or --all\n");
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRun.InProcessAsync(database.ConnectionString, "", args);

    private async Task AddUsersAsync(params string[] usernames)
    {
        foreach (var username in usernames)
        {
            var run = await CliRun.InProcessAsync(database.ConnectionString, Password, "users", "add", username, "--password-stdin");
            run.ExitCode.Should().Be(0, run.Error);
        }
    }
}

/// <summary>Its own database: <c>--all</c> revokes every token there, which would disturb the other tests of a shared one.</summary>
public sealed class TokensRevokeAllTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Tokens_revoke_all_ends_every_users_tokens()
    {
        const string password = "correct horse battery";
        await using var core = new Core(database.ConnectionString);
        var tokens = new List<string>();
        foreach (var username in new[] { "rosa", "sven" })
        {
            (await CliRun.InProcessAsync(database.ConnectionString, password, "users", "add", username, "--password-stdin")).ExitCode.Should().Be(0);
            tokens.Add((await core.SignInAsync(username, password)).Value.Token);
        }

        var run = await CliRun.InProcessAsync(database.ConnectionString, "", "tokens", "revoke", "--all");

        run.Should().Be(new CliResult(0, "Revoked 2 tokens of every user.\n", ""));
        foreach (var token in tokens) (await core.AuthenticateAsync(token)).Error!.Code.Should().Be("unauthenticated");
    }
}

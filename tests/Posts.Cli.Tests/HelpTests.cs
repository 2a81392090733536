using FluentAssertions;

namespace Posts.Cli.Tests;

/// <summary><c>--help</c> on every level: no database needed, exit 0, a description and examples of that level.</summary>
public sealed class HelpTests
{
    public static TheoryData<string[], string> Levels => new()
    {
        { [], "posts users add alice" },
        { ["users"], "posts users reset-password alice --password-stdin" },
        { ["tokens"], "posts tokens revoke --user alice" },
        { ["posts"], "posts posts list --author alice" },
        { ["db"], "posts db migrate" },
        { ["users", "add"], "posts users add root --admin --password-stdin" },
        { ["users", "list"], "posts users list --json" },
        { ["users", "disable"], "posts users disable alice" },
        { ["users", "enable"], "posts users enable alice" },
        { ["users", "reset-password"], "posts users reset-password alice --password-stdin" },
        { ["tokens", "revoke"], "posts tokens revoke --all --json" },
        { ["posts", "list"], "posts posts list --limit 100 --json" },
        { ["posts", "delete"], "posts posts delete 123" },
        { ["db", "migrate"], "posts db migrate" },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task Help_on_every_level_lists_its_examples(string[] level, string example)
    {
        var run = await CliRun.InProcessAsync(null, "", [.. level, "--help"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("EXAMPLES:").And.Contain(example);
        if (level.Length > 0) run.Out.Should().Contain("DESCRIPTION:");
    }

    [Fact]
    public async Task Root_help_lists_every_command_group_with_its_description()
    {
        var run = await CliRun.InProcessAsync(null, "", "--help");

        run.Out.Should().MatchRegex(@"users\s+Users: add, list, disable, enable, reset-password")
            .And.MatchRegex(@"tokens\s+Bearer tokens: revoke")
            .And.MatchRegex(@"posts\s+Posts: list, and delete")
            .And.MatchRegex(@"db\s+The database");
    }
}

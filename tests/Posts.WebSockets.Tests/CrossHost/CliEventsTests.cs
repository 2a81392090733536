extern alias cli;

using System.Diagnostics;
using System.Net;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Posts.WebSockets.Tests.Support;
using Spectre.Console;
using CliApp = cli::Posts.Cli.CliApp;
using Terminal = cli::Posts.Cli.Infrastructure.Terminal;

namespace Posts.WebSockets.Tests.CrossHost;

/// <summary>SPEC §6: the CLI's writes are Application's too, so they reach sockets subscribed on any host as events.</summary>
[Collection(CrossHostSequence.Name)]
public sealed class CliEventsTests(CrossHostCluster cluster) : IClassFixture<CrossHostCluster>
{
    [Fact]
    public async Task A_moderators_posts_delete_from_the_CLI_reaches_a_subscriber_as_posts_deleted()
    {
        var author = await cluster.CreateUserAsync();
        var postId = await cluster.Api.CreatePostAsync(await cluster.Api.CreateTokenAsync(author), "To be moderated");
        await using var watcher = await cluster.SignedInAsync(cluster.B);
        // From after the post's own posts.created (which host B may not have read yet): only what the CLI does.
        await SharedDatabaseSocketHost.SubscribeAsync(watcher, new { postId, after = await LastPostEventAsync() });

        var run = await RunCliAsync("posts", "delete", postId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        run.Exit.Should().Be(0, run.Error);
        var push = (await watcher.ReceiveAsync()).ShouldBeOk("posts.deleted");
        push.Data().Id().Should().Be(postId);
        push.GetProperty("event").GetInt64().Should().Be((await cluster.PostEventIdsAsync(0, "posts.deleted"))[^1]);
    }

    [Fact]
    public async Task Tokens_revoke_from_the_CLI_ends_the_users_sessions_on_both_hosts_and_the_token_fails_on_the_HTTP_API()
    {
        var username = await cluster.CreateUserAsync();
        var token = await cluster.Api.CreateTokenAsync(username);
        await using var onA = await cluster.A.UseTokenAsync(token, username);
        await using var onB = await cluster.B.UseTokenAsync(token, username);
        (await cluster.Api.MeAsync(token)).Should().Be(HttpStatusCode.OK, "the API has validated, and cached, the token");

        var run = await RunCliAsync("tokens", "revoke", "--user", username);

        run.Exit.Should().Be(0, run.Error);
        foreach (var socket in new[] { onA, onB })
        {
            (await socket.ReceiveAsync()).ShouldBeOk("session.ended").Data().GetProperty("reason").GetString().Should().Be("revoked");
            (await socket.RequestAsync(new { type = "me.show" })).ShouldFail("me.show", "unauthenticated");
        }

        // The API host drops the token from its cache when its own event reader sees the revocation (SPEC §5: within 1 s).
        var clock = Stopwatch.StartNew();
        var status = await cluster.Api.MeAsync(token);
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            status = await cluster.Api.MeAsync(token);
        }

        status.Should().Be(HttpStatusCode.Unauthorized);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "every API host drops a revoked token within a second");
    }

    [Fact]
    public async Task A_CLI_seed_reaches_an_unfiltered_subscriber_as_one_posts_imported_event_per_batch()
    {
        await using var watcher = await cluster.SignedInAsync(cluster.A);
        await SharedDatabaseSocketHost.SubscribeAsync(watcher, new { after = await LastPostEventAsync() });

        var run = await RunCliAsync("db", "seed", "--users", "2", "--posts", "30", "--comments", "10", "--batch-size", "21", "--parallel", "1");

        run.Exit.Should().Be(0, run.Error);
        var first = (await watcher.ReceiveAsync()).ShouldBeOk("posts.imported").Data();
        var second = (await watcher.ReceiveAsync()).ShouldBeOk("posts.imported").Data();
        var batches = new[] { first, second };
        batches.Sum(b => b.GetProperty("posts").GetInt32()).Should().Be(30, "two batches of 21 rows or fewer carry the 42 rows");
        batches.Sum(b => b.GetProperty("comments").GetInt32()).Should().Be(10);
        batches.Sum(b => b.GetProperty("users").GetInt32()).Should().Be(2);
        first.GetProperty("source").GetString().Should().Be("seed");
        first.GetProperty("lastPostId").GetInt64().Should().BeLessThan(second.GetProperty("firstPostId").GetInt64());
    }

    private async Task<long> LastPostEventAsync() => await cluster.PostEventIdsAsync(0) is [.., var last] ? last : 0;

    private async Task<(int Exit, string Out, string Error)> RunCliAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Posts"] = cluster.ConnectionString,
        }).Build();
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        var exit = await CliApp.RunAsync(configuration, console, new Terminal(new StringReader(""), error, IsInteractive: false), args);
        return (exit, output.ToString(), error.ToString());
    }
}

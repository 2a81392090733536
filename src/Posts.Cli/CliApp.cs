using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Posts.Cli.Commands.Db;
using Posts.Cli.Commands.Posts;
using Posts.Cli.Commands.Tokens;
using Posts.Cli.Commands.Users;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli;

/// <summary>The <c>posts</c> command tree. Program runs it on the real console; tests run it with their own.</summary>
internal static class CliApp
{
    /// <summary>
    /// Runs one command line: what Program does, and what in-process tests call, so a usage error is the same
    /// one line on stderr and exit 2 in both.
    /// </summary>
    public static async Task<int> RunAsync(IConfiguration configuration, IAnsiConsole console, Terminal terminal, IReadOnlyList<string> args)
    {
        try
        {
            return await Create(configuration, console, terminal).RunAsync(args);
        }
        catch (Exception e) when (e is CommandParseException or CommandRuntimeException)
        {
            await terminal.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (InvalidOperationException e)
        {
            // A missing connection string, for one: say it in one line, not a stack trace.
            await terminal.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Internal;
        }
    }

    public static CommandApp Create(IConfiguration configuration, IAnsiConsole console, Terminal terminal)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton(console);
        services.AddSingleton(terminal);
        services.AddSingleton<Backend>();

        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("posts");
            config.Settings.Console = console;
            config.PropagateExceptions();
            config.AddExample("db", "migrate");
            config.AddExample("db", "seed", "--users", "100", "--posts", "100000");
            config.AddExample("users", "add", "alice", "--display-name", "Alice");
            config.AddExample("users", "list", "--json");
            config.AddExample("tokens", "revoke", "--user", "alice");
            config.AddExample("posts", "list", "--author", "alice", "--limit", "20");
            config.AddExample("posts", "delete", "123");
            config.AddBranch("db", db =>
            {
                db.SetDescription("The database: migrations, demo data, export and import.");
                db.AddExample("db", "migrate");
                db.AddExample("db", "seed", "--users", "100", "--posts", "100000");
                db.AddExample("db", "export", "--out", "posts.jsonl");
                db.AddExample("db", "import", "posts.jsonl");
                db.AddCommand<DbMigrateCommand>("migrate").WithExample("db", "migrate");
                db.AddCommand<DbSeedCommand>("seed")
                    .WithExample("db", "seed")
                    .WithExample("db", "seed", "--users", "100", "--posts", "100000", "--comments", "20000");
                db.AddCommand<DbExportCommand>("export")
                    .WithExample("db", "export", "--out", "posts.jsonl")
                    .WithExample("db", "export", "--out", "backup.jsonl", "--include-secrets", "--json");
                db.AddCommand<DbImportCommand>("import")
                    .WithExample("db", "import", "posts.jsonl");
            });
            config.AddBranch("users", users =>
            {
                users.SetDescription("Users: add, list, disable, enable, reset-password.");
                users.AddExample("users", "add", "alice", "--display-name", "Alice");
                users.AddExample("users", "list");
                users.AddExample("users", "disable", "alice");
                users.AddExample("users", "reset-password", "alice", "--password-stdin");
                users.AddCommand<UsersAddCommand>("add")
                    .WithExample("users", "add", "alice", "--display-name", "Alice")
                    .WithExample("users", "add", "root", "--admin", "--password-stdin");
                users.AddCommand<UsersListCommand>("list")
                    .WithExample("users", "list")
                    .WithExample("users", "list", "--json");
                users.AddCommand<UsersDisableCommand>("disable")
                    .WithExample("users", "disable", "alice");
                users.AddCommand<UsersEnableCommand>("enable")
                    .WithExample("users", "enable", "alice");
                users.AddCommand<UsersResetPasswordCommand>("reset-password")
                    .WithExample("users", "reset-password", "alice")
                    .WithExample("users", "reset-password", "alice", "--password-stdin");
            });
            config.AddBranch("tokens", tokens =>
            {
                tokens.SetDescription("Bearer tokens: revoke.");
                tokens.AddExample("tokens", "revoke", "--user", "alice");
                tokens.AddExample("tokens", "revoke", "--all", "--json");
                tokens.AddCommand<TokensRevokeCommand>("revoke")
                    .WithExample("tokens", "revoke", "--user", "alice")
                    .WithExample("tokens", "revoke", "--all", "--json");
            });
            config.AddBranch("posts", posts =>
            {
                posts.SetDescription("Posts: list, and delete as a moderator.");
                posts.AddExample("posts", "list", "--author", "alice", "--since", "2026-11-01");
                posts.AddExample("posts", "delete", "123");
                posts.AddCommand<PostsListCommand>("list")
                    .WithExample("posts", "list")
                    .WithExample("posts", "list", "--author", "alice", "--since", "2026-11-01", "--limit", "50")
                    .WithExample("posts", "list", "--limit", "100", "--json");
                posts.AddCommand<PostsDeleteCommand>("delete")
                    .WithExample("posts", "delete", "123");
            });
        });
        return app;
    }

    /// <summary>Configuration: appsettings.json beside the binary, then the environment (<c>ConnectionStrings__Posts</c>).</summary>
    public static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Posts.Cli.Commands.Db;
using Posts.Cli.Commands.Users;
using Posts.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Posts.Cli;

/// <summary>The <c>posts</c> command tree. Program runs it on the real console; tests run it with their own.</summary>
internal static class CliApp
{
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
            config.AddBranch("db", db =>
            {
                db.SetDescription("The database: migrations, demo data, export and import.");
                db.AddCommand<MigrateCommand>("migrate").WithExample("db", "migrate");
                db.AddCommand<SeedCommand>("seed")
                    .WithExample("db", "seed")
                    .WithExample("db", "seed", "--users", "100", "--posts", "100000", "--comments", "20000");
                db.AddCommand<ExportCommand>("export")
                    .WithExample("db", "export", "--out", "posts.jsonl")
                    .WithExample("db", "export", "--out", "backup.jsonl", "--include-secrets", "--json");
                db.AddCommand<ImportCommand>("import")
                    .WithExample("db", "import", "posts.jsonl");
            });
            config.AddBranch("users", users =>
            {
                users.SetDescription("Users: add.");
                users.AddCommand<AddUserCommand>("add")
                    .WithExample("users", "add", "alice", "--display-name", "Alice")
                    .WithExample("users", "add", "root", "--admin", "--password-stdin");
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

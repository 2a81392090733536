using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Infrastructure.Bulk;
using Posts.Infrastructure.Events;
using Posts.Infrastructure.Persistence;
using Posts.Infrastructure.Security;

namespace Posts.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Posts";

    /// <summary>PostgreSQL through EF Core, password hashing, and the database health check (tagged <c>ready</c>).</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"No connection string: set ConnectionStrings__{ConnectionStringName} (or ConnectionStrings:{ConnectionStringName} in appsettings.json).");

        // Bound from the configuration given, not from DI: not every caller registers an IConfiguration (the test fixture does not).
        services.AddOptions<EventWriteOptions>().Bind(configuration.GetSection(EventOptions.Section));
        services.AddSingleton(sp => new EventNotifier(connectionString, sp.GetService<ILogger<EventNotifier>>()));
        services.AddScoped<EventWriteInterceptor>();
        services.AddDbContext<PostsDbContext>((sp, options) =>
            options.UsePostgres(connectionString).AddInterceptors(sp.GetRequiredService<EventWriteInterceptor>()));
        services.AddScoped<IPostsDbContext>(sp => sp.GetRequiredService<PostsDbContext>());
        services.AddScoped<IBulkStore, PostgresBulkStore>();
        services.AddSingleton<ITextSearch, TrigramTextSearch>();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section);
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddScoped<DatabaseMigrator>();
        services.AddHealthChecks().AddDbContextCheck<PostsDbContext>("database", tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>
    /// The live-event fan-out of a host: one listening connection and one reader per process, handing new events to
    /// the host's <see cref="IEventSubscriber"/>s and session endings to its <see cref="ISessionListener"/>s. The CLI does not run it.
    /// </summary>
    public static IServiceCollection AddEventHub(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)!;
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section);
        services.AddSingleton(_ => new EventsDataSource(connectionString));
        services.AddSingleton<IEventFeed, PostgresEventFeed>();
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        return services;
    }

    internal static DbContextOptionsBuilder UsePostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}

public static class HealthTags
{
    /// <summary>Checks that decide readiness (the database answers); liveness runs none.</summary>
    public const string Ready = "ready";
}

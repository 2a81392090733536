using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Posts.Application.Common.Abstractions;
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

        services.AddDbContext<PostsDbContext>(options => options.UsePostgres(connectionString));
        services.AddScoped<IPostsDbContext>(sp => sp.GetRequiredService<PostsDbContext>());
        services.AddSingleton<ITextSearch, TrigramTextSearch>();
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(PasswordHashingOptions.Section);
        services.AddSingleton<IPasswordHasher, IdentityPasswordHasher>();
        services.AddScoped<DatabaseMigrator>();
        services.AddHealthChecks().AddDbContextCheck<PostsDbContext>("database", tags: [HealthTags.Ready]);
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

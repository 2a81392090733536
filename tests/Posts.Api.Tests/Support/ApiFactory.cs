using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Json;
using Posts.Domain;
using Posts.Infrastructure.Persistence;
using Posts.Testing;

namespace Posts.Api.Tests.Support;

/// <summary>
/// The HTTP API in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) over this class's own database,
/// with a fake clock, a cheap password hash, and every log line captured. Subclasses override <see cref="Settings"/>.
/// </summary>
public class ApiFactory(PostgresServer server) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DefaultPassword = "correct horse battery";

    private int _users;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public string ConnectionString { get; private set; } = "";

    /// <summary>Every log message the host wrote, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public static JsonSerializerOptions Json => WireJson.Options;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async ValueTask InitializeAsync() => ConnectionString = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Posts", ConnectionString);
        builder.UseSetting("Security:PasswordHashing:Iterations", "1000");
        builder.UseSetting("Auth:MaxConcurrentPasswordHashes", "64");
        builder.UseSetting("Api:TokenRequestLimit", "100000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a user in the database (there is no HTTP route for that: it is the CLI's) and signs them in over HTTP.</summary>
    public async Task<ApiUser> CreateUserAsync(bool admin = false, string? username = null)
    {
        username ??= $"user{Interlocked.Increment(ref _users)}";
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
            var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
            db.Users.Add(User.Create(username, username, hasher.Hash(DefaultPassword), admin, Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var token = await SignInAsync(username);
        return new ApiUser(username, token, this);
    }

    public async Task<string> SignInAsync(string username, string password = DefaultPassword)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/tokens", new { username, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none when null).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the database directly, to arrange or check rows.</summary>
    public async Task<T> DbAsync<T>(Func<PostsDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<PostsDbContext>());
    }
}

/// <summary>A signed-in user of the API.</summary>
public sealed record ApiUser(string Username, string Token, ApiFactory Api)
{
    public HttpClient Client() => Api.ClientWith(Token);
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Tokens.CreateToken;
using Posts.Application.Users;
using Posts.Application.Users.CreateUser;
using Posts.Domain;
using Posts.Infrastructure;
using Posts.Infrastructure.Persistence;
using Posts.Testing;

namespace Posts.Application.Tests.Support;

/// <summary>
/// The application core as a host composes it (<c>AddApplication()</c> + <c>AddInfrastructure()</c>) over this
/// class's own database, with a fake clock and a cheap password hash. Each send runs in its own DI scope
/// with the caller an adapter would supply.
/// </summary>
public class AppFixture(PostgresServer server) : IAsyncLifetime
{
    /// <summary>Cheap for tests; <c>PasswordHasherTests</c> keeps one test at the production count.</summary>
    public const int TestHashIterations = 1_000;

    public const string DefaultPassword = "correct horse battery";

    private ServiceProvider? _services;
    private int _users;

    /// <summary>Starts on a whole second, as PostgreSQL keeps microseconds: times read back equal times written.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Settings over the test defaults; a subclass may add its own.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        _services = BuildServices(ConnectionString, Clock, Settings);
    }

    public static ServiceProvider BuildServices(string connectionString, TimeProvider clock, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{Infrastructure.DependencyInjection.ConnectionStringName}"] = connectionString,
                ["Security:PasswordHashing:Iterations"] = TestHashIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Auth:MaxConcurrentPasswordHashes"] = "64",
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddApplication().AddInfrastructure(configuration);
        services.AddScoped<CallerSlot>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CallerSlot>().Caller);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends <paramref name="request"/> through the whole pipeline as <paramref name="caller"/>.</summary>
    public Task<Result<T>> SendAsync<T>(IMessage request, ICurrentUser caller) => SendAsync<T>(Services, request, caller);

    /// <summary>Sends through the pipeline of <paramref name="services"/> (built by <see cref="BuildServices"/>).</summary>
    public static async Task<Result<T>> SendAsync<T>(IServiceProvider services, IMessage request, ICurrentUser caller)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerSlot>().Caller = caller;
        var response = await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, TestContext.Current.CancellationToken);
        return (Result<T>)response!;
    }

    /// <summary>Runs <paramref name="query"/> against the database directly, to check what a request left behind.</summary>
    public async Task<T> QueryAsync<T>(Func<PostsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PostsDbContext>());
    }

    public Task<List<Event>> EventsAsync() => QueryAsync(db => db.Events.AsNoTracking().OrderBy(e => e.Id).ToListAsync());

    /// <summary>Creates a user through <c>CreateUserCommand</c> (as the CLI would) and signs them in.</summary>
    public async Task<TestUser> CreateUserAsync(string? username = null, bool admin = false, string password = DefaultPassword)
    {
        username ??= $"user{Interlocked.Increment(ref _users)}";
        var created = await SendAsync<UserDetailsDto>(new CreateUserCommand(username, password, null, admin), TestCaller.System);
        if (!created.IsSuccess) throw new InvalidOperationException($"Could not create {username}: {created.Error}");
        var token = await SignInAsync(username, password);
        var session = await SendAsync<AuthenticatedSession>(new AuthenticateTokenQuery(token.Token), TestCaller.Anonymous);
        return new TestUser(created.Value.Id, created.Value.Username, password, token.Token,
            new TestCaller(created.Value.Id, session.Value.TokenId, admin));
    }

    public async Task<TokenDto> SignInAsync(string username, string password, string clientAddress = "203.0.113.9")
    {
        var token = await SendAsync<TokenDto>(new CreateTokenCommand(username, password), TestCaller.AnonymousFrom(clientAddress));
        return token.IsSuccess ? token.Value : throw new InvalidOperationException($"Could not sign in {username}: {token.Error}");
    }

    private sealed class CallerSlot
    {
        public ICurrentUser Caller { get; set; } = TestCaller.Anonymous;
    }
}

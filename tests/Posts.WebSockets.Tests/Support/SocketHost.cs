using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Posts.Application.Common.Abstractions;
using Posts.Domain;
using Posts.Infrastructure.Persistence;
using Posts.Testing;

namespace Posts.WebSockets.Tests.Support;

/// <summary>
/// The WebSocket host on real Kestrel at a free loopback port, over this class's own database, with a fake
/// clock (timers included) and a cheap password hash. Subclasses override <see cref="Settings"/> for limits.
/// </summary>
public class SocketHost(PostgresServer server) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DefaultPassword = "correct horse battery";

    private int _users;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public string ConnectionString { get; private set; } = "";

    public Uri SocketUri { get; private set; } = null!;

    public Uri HttpUri { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        UseKestrel(); // the port comes from "urls" (127.0.0.1:0): UseKestrel(port) races the app's own start (dotnet/aspnetcore#67714)
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        HttpUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        SocketUri = new UriBuilder(HttpUri) { Scheme = "ws" }.Uri;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Posts", ConnectionString);
        builder.UseSetting("Security:PasswordHashing:Iterations", "1000");
        builder.UseSetting("Auth:MaxConcurrentPasswordHashes", "64");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public async Task<TestSocket> ConnectAsync(Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        await socket.ConnectAsync(SocketUri, TestContext.Current.CancellationToken);
        return new TestSocket(socket);
    }

    /// <summary>A user in the database (users are the CLI's to create).</summary>
    public async Task<string> CreateUserAsync(bool admin = false, string? username = null)
    {
        username ??= $"user{Interlocked.Increment(ref _users)}";
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
        db.Users.Add(User.Create(username, username, hasher.Hash(DefaultPassword), admin, Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        return username;
    }

    /// <summary>A connected socket already signed in with <c>tokens.create</c>.</summary>
    public async Task<TestSocket> SignedInAsync(bool admin = false)
    {
        var username = await CreateUserAsync(admin);
        var socket = await ConnectAsync();
        var reply = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = DefaultPassword } });
        if (reply.GetProperty("status").GetString() != "ok") throw new InvalidOperationException(reply.ToString());
        socket.Username = username;
        return socket;
    }

    public async Task<T> DbAsync<T>(Func<PostsDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<PostsDbContext>());
    }
}

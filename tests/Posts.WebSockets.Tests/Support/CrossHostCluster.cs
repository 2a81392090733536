extern alias api;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Posts.Application.Common.Abstractions;
using Posts.Domain;
using Posts.Infrastructure.Persistence;
using Posts.Testing;

namespace Posts.WebSockets.Tests.Support;

/// <summary>
/// A WebSocket host on real Kestrel over a database it shares with other hosts, on the system clock (the event hub's
/// retry backoff must elapse by itself), keeping every log entry.
/// </summary>
public sealed class SharedDatabaseSocketHost(string name, string connectionString, IEnumerable<KeyValuePair<string, string?>> settings)
    : WebApplicationFactory<Program>
{
    public string Name { get; } = name;

    public ConcurrentQueue<LogEntry> Logs { get; } = new();

    public Uri SocketUri { get; private set; } = null!;

    public void Start()
    {
        UseKestrel();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        SocketUri = new UriBuilder(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal))) { Scheme = "ws" }.Uri;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("ConnectionStrings:Posts", connectionString);
        builder.UseSetting("Security:PasswordHashing:Iterations", "1000");
        builder.UseSetting("Auth:MaxConcurrentPasswordHashes", "64");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging
            .AddProvider(new CapturingLoggerProvider(Logs))
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Warning)
            .AddFilter<CapturingLoggerProvider>("Posts", LogLevel.Trace));
    }

    public async Task<TestSocket> ConnectAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(SocketUri, TestContext.Current.CancellationToken);
        return new TestSocket(socket);
    }

    /// <summary>A socket that adopted <paramref name="token"/> with <c>tokens.use</c>.</summary>
    public async Task<TestSocket> UseTokenAsync(string token, string username)
    {
        var socket = await ConnectAsync();
        (await socket.RequestAsync(new { type = "tokens.use", data = new { token } })).ShouldBeOk("tokens.use");
        socket.Username = username;
        return socket;
    }

    /// <summary>Subscribes; returns the <c>after</c> the host answered.</summary>
    public static async Task<long> SubscribeAsync(TestSocket socket, object? data = null)
    {
        var reply = await socket.RequestAsync(new { type = "posts.subscribe", data = data ?? new { } });
        return reply.ShouldBeOk("posts.subscribe").Data().GetProperty("after").GetInt64();
    }
}

/// <summary>The HTTP API (in memory) over the shared database, on the system clock.</summary>
public sealed class SharedDatabaseApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<api::Program> _factory;

    public SharedDatabaseApiHost(string connectionString)
    {
        _factory = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Posts", connectionString);
            web.UseSetting("Security:PasswordHashing:Iterations", "1000");
            web.UseSetting("Api:TokenRequestLimit", "100000");
        });
        Client = _factory.CreateClient();
    }

    public HttpClient Client { get; }

    public async Task<string> CreateTokenAsync(string username, string password = SocketHost.DefaultPassword)
    {
        var response = await Client.PostAsJsonAsync("/tokens", new { username, password }, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /tokens: {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary><c>POST /posts</c> → the new post's id.</summary>
    public async Task<long> CreatePostAsync(string token, string title = "Over HTTP", string body = "A body")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(new { title, body }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /posts: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary><c>GET /me</c> → its status: whether the API takes the token.</summary>
    public async Task<HttpStatusCode> MeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> RevokeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/tokens/current");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }
}

/// <summary>
/// Two WebSocket hosts (<see cref="A"/>, <see cref="B"/>) and one HTTP API host in this process, against ONE database
/// of their own: what SPEC §6 calls any number of hosts sharing only PostgreSQL.
/// </summary>
public class CrossHostCluster(PostgresServer server) : IAsyncLifetime
{
    private int _users;

    public string ConnectionString { get; private set; } = "";

    public SharedDatabaseSocketHost A { get; private set; } = null!;

    public SharedDatabaseSocketHost B { get; private set; } = null!;

    public SharedDatabaseApiHost Api { get; private set; } = null!;

    protected virtual IEnumerable<KeyValuePair<string, string?>> SettingsA => [];

    protected virtual IEnumerable<KeyValuePair<string, string?>> SettingsB => [];

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        A = new SharedDatabaseSocketHost("A", ConnectionString, SettingsA);
        B = new SharedDatabaseSocketHost("B", ConnectionString, SettingsB);
        A.Start();
        B.Start();
        Api = new SharedDatabaseApiHost(ConnectionString);
        _ = Api.Services; // starts the API's host (and its event hub)
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A user in the database (users are the CLI's to create).</summary>
    public async Task<string> CreateUserAsync()
    {
        var username = $"xhost{Interlocked.Increment(ref _users)}";
        using var scope = A.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher>();
        db.Users.Add(User.Create(username, username, hasher.Hash(SocketHost.DefaultPassword), false, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return username;
    }

    /// <summary>A new user and a socket on <paramref name="host"/> signed in as them with <c>tokens.create</c>.</summary>
    public async Task<TestSocket> SignedInAsync(SharedDatabaseSocketHost host)
    {
        var username = await CreateUserAsync();
        var socket = await host.ConnectAsync();
        (await socket.RequestAsync(new { type = "tokens.create", data = new { username, password = SocketHost.DefaultPassword } })).ShouldBeOk("tokens.create");
        socket.Username = username;
        return socket;
    }

    /// <summary>The ids of the post and comment events after <paramref name="after"/>, in id order, as the table has them.</summary>
    public async Task<List<long>> PostEventIdsAsync(long after, string? type = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT id FROM events WHERE id > @after AND (type LIKE 'posts.%' OR type LIKE 'comments.%') AND (@type::text IS NULL OR type = @type) ORDER BY id",
            connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.Add(new NpgsqlParameter("type", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)type ?? DBNull.Value });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    /// <summary>What the database's connections are doing (for a failure message).</summary>
    public async Task<string> ActivityAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(pid || ' ' || coalesce(state, '') || ' ' || left(query, 60), E'\n') FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            connection);
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)) as string ?? "";
    }

    /// <summary>Terminates every listening connection on this cluster's database; returns how many were terminated.</summary>
    public async Task<int> KillListenersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
            connection);
        return (int)(long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

/// <summary>One pushed event as a subscriber saw it.</summary>
public sealed record Pushed(string Type, long Event, long PostId, long ReceivedAt);

/// <summary>
/// Reads a subscriber's pushes in the background with one reused buffer (thousands of them), counting as it goes.
/// Every read is bounded by <see cref="TestSocket.ReadTimeout"/>; a reply or a close ends it with an error.
/// </summary>
public sealed class PushCollector
{
    private readonly List<Pushed> _pushes = [];
    private int _count;

    public PushCollector(TestSocket socket, int expected)
    {
        Completion = Task.Run(() => RunAsync(socket, expected));
    }

    public Task Completion { get; }

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<Pushed> Pushes
    {
        get
        {
            lock (_pushes) return [.. _pushes];
        }
    }

    private async Task RunAsync(TestSocket socket, int expected)
    {
        var buffer = new byte[128 * 1024];
        using var message = new MemoryStream();
        while (Count < expected)
        {
            message.SetLength(0);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TestSocket.ReadTimeout);
            while (true)
            {
                var result = await socket.Socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                    throw new InvalidOperationException($"Closed after {Count} pushes: {socket.Socket.CloseStatus}");
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage) break;
            }

            var at = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
            var root = json.RootElement;
            if (!root.TryGetProperty("event", out var e))
                throw new InvalidOperationException($"Not a push after {Count} pushes: {Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)}");
            var pushed = new Pushed(root.GetProperty("type").GetString()!, e.GetInt64(), root.GetProperty("data").GetProperty("id").GetInt64(), at);
            lock (_pushes) _pushes.Add(pushed);
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> pushes came.</summary>
    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count < count)
        {
            if (Completion.IsFaulted) await Completion;
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"Only {Count} of {count} pushes within {timeout}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}

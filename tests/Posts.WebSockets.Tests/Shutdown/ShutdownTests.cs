using System.Net.WebSockets;
using System.Text.Json;
using FluentAssertions;
using Npgsql;
using Posts.Testing;
using Posts.WebSockets.Tests.Support;

namespace Posts.WebSockets.Tests.Shutdown;

/// <summary>
/// Stopping the host under load: it stops accepting, lets in-flight requests finish, and closes every socket with 1001.
/// Each request sent before the stop is answered, or the socket was closed with 1001 and the request never ran.
/// </summary>
public sealed class ShutdownTests(PostgresServer server)
{
    private const int Sockets = 4;
    private const int RequestsPerSocket = 40;

    [Fact]
    public async Task Stopping_under_load_answers_or_closes_with_1001_and_loses_no_request()
    {
        // A host of this test's own: it is stopped here.
        var host = new LoggedSocketHost(server);
        await host.InitializeAsync();
        var clients = new List<Client>();
        for (var i = 0; i < Sockets; i++) clients.Add(new Client(await host.SignedInAsync()));

        // Pipelined writes (with ids) and ordered ones (without) on every socket, read as they come.
        foreach (var client in clients)
        {
            client.Reading = client.ReadUntilClosedAsync();
            for (var i = 0; i < RequestsPerSocket; i++)
            {
                var id = i % 4 == 3 ? "" : $", \"id\": {i}";
                await client.Socket.SendTextAsync($"{{\"type\": \"posts.create\", \"data\": {{\"title\": \"p{i}\", \"body\": \"b\"}}{id}}}");
                client.Sent++;
            }
        }

        // Stop while requests are in flight: every socket has had its first answer.
        await Task.WhenAll(clients.Select(c => c.FirstReply.Task.WaitAsync(TestSocket.ReadTimeout, TestContext.Current.CancellationToken)));
        var stopping = host.DisposeAsync().AsTask();
        await Task.WhenAll(clients.Select(c => c.Reading!)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var created = await PostsByAuthorAsync(host.ConnectionString);
        foreach (var client in clients)
        {
            client.Close.Should().Be(WebSocketCloseStatus.EndpointUnavailable, "the host closes every socket with 1001 on stop; its log:\n{0}",
                string.Join("\n", host.Logs.Where(l => !l.Category.StartsWith("Posts.Application", StringComparison.Ordinal)).TakeLast(30)));
            client.Replies.Should().OnlyContain(r => r.Type() == "posts.create" && (r.Status() == "ok" || r.Code() == "rate_limited"));
            var ids = client.Replies.Where(r => r.TryGetProperty("id", out _)).Select(r => r.GetProperty("id").GetInt32()).ToList();
            ids.Should().OnlyHaveUniqueItems("no request is answered twice");
            client.Replies.Should().HaveCountLessThanOrEqualTo(client.Sent);
            var answeredOk = client.Replies.Count(r => r.Status() == "ok");
            created.GetValueOrDefault(client.Socket.Username).Should().Be(answeredOk,
                "every post the host created was answered: none ran without its reply reaching {0}", client.Socket.Username);
        }

        clients.Sum(c => c.Replies.Count).Should().BeGreaterThan(Sockets, "requests were in flight when the host stopped");
        host.Errors.Should().BeEmpty();
        foreach (var client in clients) await client.Socket.DisposeAsync();
    }

    private static async Task<Dictionary<string, int>> PostsByAuthorAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT u.username, count(p.id)::int FROM users u LEFT JOIN posts p ON p.author_id = u.id GROUP BY u.username", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    private sealed class Client(TestSocket socket)
    {
        public TestSocket Socket { get; } = socket;

        public int Sent { get; set; }

        public List<JsonElement> Replies { get; } = [];

        public TaskCompletionSource FirstReply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WebSocketCloseStatus? Close { get; private set; }

        public Task? Reading { get; set; }

        /// <summary>Collects replies until the host's close, then answers it (the close handshake).</summary>
        public async Task ReadUntilClosedAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await Socket.Socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close = Socket.Socket.CloseStatus;
                    await Socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestContext.Current.CancellationToken);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                using (var json = JsonDocument.Parse(message.ToArray())) Replies.Add(json.RootElement.Clone());
                message.SetLength(0);
                FirstReply.TrySetResult();
            }
        }
    }
}

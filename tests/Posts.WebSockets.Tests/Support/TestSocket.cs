using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Posts.WebSockets.Tests.Support;

/// <summary>A client socket that sends JSON and reads whole messages, each read bounded by a timeout (never a sleep).</summary>
public sealed class TestSocket(ClientWebSocket socket) : IAsyncDisposable
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public ClientWebSocket Socket { get; } = socket;

    public string Username { get; set; } = "";

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public async Task<JsonElement> RequestAsync(object message)
    {
        await SendAsync(message);
        return await ReceiveAsync();
    }

    /// <summary>The next message as JSON; fails when the socket closes instead.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var (type, text) = await ReceiveRawAsync();
        if (type == WebSocketMessageType.Close) throw new InvalidOperationException($"Closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>Reads until the server closes; returns the close status it sent.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        while (true)
        {
            var (type, _) = await ReceiveRawAsync();
            if (type == WebSocketMessageType.Close) return Socket.CloseStatus;
        }
    }

    public async Task<(WebSocketMessageType Type, string Text)> ReceiveRawAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return (result.MessageType, "");
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Socket.Abort();
        Socket.Dispose();
        await Task.CompletedTask;
    }
}

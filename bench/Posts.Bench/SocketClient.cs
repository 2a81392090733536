using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Posts.Bench;

/// <summary>One client socket speaking the Posts protocol: a text frame with one JSON object each way.</summary>
internal sealed class SocketClient : IDisposable
{
    private readonly ClientWebSocket _socket;
    private byte[] _buffer;

    private SocketClient(ClientWebSocket socket, int bufferBytes)
    {
        _socket = socket;
        _buffer = new byte[bufferBytes];
    }

    public WebSocketState State => _socket.State;

    /// <summary>How the host closed the socket, when it did.</summary>
    public string? CloseStatus => _socket.CloseStatus is { } status ? $"{(int)status} {_socket.CloseStatusDescription}".Trim() : null;

    /// <summary>Set by <see cref="StartDraining"/>: ends when the socket closes.</summary>
    public Task Drain { get; private set; } = Task.CompletedTask;

    /// <summary>Messages the host pushed while the socket was meant to be idle.</summary>
    public int Unexpected { get; private set; }

    public static async Task<SocketClient> ConnectAsync(Uri uri, int bufferBytes, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        // The host pings every KeepAliveInterval; a pending receive answers with a pong. No pings of our own.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, ct);
            return new SocketClient(socket, bufferBytes);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects and adopts <paramref name="token"/> (<c>tokens.use</c>); throws unless the host says ok.</summary>
    public static async Task<SocketClient> ConnectAuthenticatedAsync(Uri uri, string token, int bufferBytes, CancellationToken ct)
    {
        var client = await ConnectAsync(uri, bufferBytes, ct);
        try
        {
            await client.SendAsync(Messages.UseToken(token), ct);
            var reply = await client.ReceiveAsync(ct);
            if (reply.Status != "ok") throw new BenchException($"tokens.use: {reply.Describe()}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken ct) =>
        _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>The next whole message; <see cref="Reply.Closed"/> when the host closed the socket.</summary>
    public async Task<Reply> ReceiveAsync(CancellationToken ct) =>
        await ReceiveMessageAsync(ct) is { } message ? Reply.Parse(message.Span) : Reply.Closed(CloseStatus);

    /// <summary>The next whole message, valid until the next receive; null when the host closed the socket.</summary>
    public async Task<ReadOnlyMemory<byte>?> ReceiveMessageAsync(CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (result.EndOfMessage) return _buffer.AsMemory(0, length);
        }
    }

    /// <summary>Keeps one receive pending (so that the host's pings are answered) until the socket closes.</summary>
    public void StartDraining() => Drain = DrainAsync();

    /// <summary>Sends our close frame and waits (bounded) for the host's.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            await Drain.WaitAsync(cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            _socket.Abort();
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                var reply = await ReceiveAsync(CancellationToken.None);
                if (reply.IsClose) return;
                Unexpected++;
            }
        }
        catch (WebSocketException)
        {
            // Dropped without a close frame: State says Aborted, CloseStatus null.
        }
    }
}

/// <summary>What the bench reads from a reply: its type, status, error code, and a token when there is one.</summary>
internal readonly record struct Reply(string? Type, string? Status, string? ErrorCode, string? Token, string? CloseStatus = null)
{
    private const string ClosedStatus = "closed";

    public bool IsClose => Status == ClosedStatus;

    public static Reply Closed(string? status) => new(null, ClosedStatus, null, null, status ?? "no status");

    public string Describe() => IsClose ? $"closed by the host ({CloseStatus})" : $"{Type} {Status}{(ErrorCode is null ? "" : " " + ErrorCode)}";

    /// <summary>One pass over the JSON: top-level <c>type</c> and <c>status</c>, <c>error.code</c>, <c>data.token</c>.</summary>
    public static Reply Parse(ReadOnlySpan<byte> json)
    {
        string? type = null, status = null, code = null, token = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            string? top = null;
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                if (reader.CurrentDepth == 1)
                {
                    top = reader.GetString();
                    if (top == "type") type = ReadString(ref reader);
                    else if (top == "status") status = ReadString(ref reader);
                    else if (top is not ("error" or "data")) reader.Skip();
                }
                else if (reader.CurrentDepth == 2 && top == "error" && reader.ValueTextEquals("code"u8))
                {
                    code = ReadString(ref reader);
                }
                else if (reader.CurrentDepth == 2 && top == "data" && reader.ValueTextEquals("token"u8))
                {
                    token = ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return new Reply("unreadable", "error", "unreadable_reply", null);
        }

        return new Reply(type, status, code, token);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }
}

/// <summary>The messages the bench sends.</summary>
internal static class Messages
{
    public static byte[] UseToken(string token) => Write("tokens.use", w => w.WriteString("token", token));

    public static byte[] CreateToken(string username, string password) => Write("tokens.create", w =>
    {
        w.WriteString("username", username);
        w.WriteString("password", password);
    });

    public static byte[] ListPosts(int limit) => Write("posts.index", w => w.WriteNumber("limit", limit));

    public static byte[] Subscribe() => Write("posts.subscribe", _ => { });

    private static byte[] Write(string type, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteStartObject("data");
            data(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

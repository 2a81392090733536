using System.Net.WebSockets;
using System.Threading.Channels;

namespace Posts.WebSockets.Connections;

/// <summary>
/// A socket's bounded outbound queue and its single writer (a WebSocket allows one send at a time). A client
/// that reads promptly never loses a message; one whose queue stays full for the slow-reader timeout is cut
/// off, and only its own senders ever wait for it.
/// </summary>
internal sealed class Outbox(WebSocket socket, int capacity, TimeSpan slowReaderTimeout)
{
    private readonly Channel<Outgoing> _queue = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private int _closing;

    /// <summary>Set when the writer gave up on a reader that does not read.</summary>
    public bool TooSlow { get; private set; }

    /// <returns>False when the socket is closing or was cut off as too slow.</returns>
    public async ValueTask<bool> SendAsync(byte[] utf8)
    {
        if (_queue.Writer.TryWrite(new Outgoing(utf8, null))) return true;
        using var timeout = new CancellationTokenSource(slowReaderTimeout);
        try
        {
            await _queue.Writer.WriteAsync(new Outgoing(utf8, null), timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            TooSlow = true;
            _queue.Writer.TryComplete();
            socket.Abort(); // the reader does not read: no close frame can get through a full buffer
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>
    /// For the event fan-out, which waits for nobody: queues without waiting, and cuts the socket off when its queue
    /// is full (so no event is ever silently dropped for a socket that stays open).
    /// </summary>
    public bool TrySend(byte[] utf8)
    {
        if (_queue.Writer.TryWrite(new Outgoing(utf8, null))) return true;
        if (Volatile.Read(ref _closing) == 0)
        {
            TooSlow = true;
            _queue.Writer.TryComplete();
            socket.Abort();
        }

        return false;
    }

    /// <summary>Sends what is queued, then the close frame; nothing after it.</summary>
    /// <remarks>The first close wins; a peer that does not answer the close frame is dropped after a few seconds.</remarks>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1) return;
        if (!_queue.Writer.TryWrite(new Outgoing(null, (status, reason)))) socket.Abort();
        _queue.Writer.TryComplete();
    }

    public async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync())
            {
                if (item.Close is { } close)
                {
                    if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
                    AbortUnlessClosedSoon();
                    return;
                }

                await socket.SendAsync(item.Text!, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away; the receive loop sees it too.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    private void AbortUnlessClosedSoon()
    {
        if (socket.State == WebSocketState.Closed) return;
        var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        timeout.Token.Register(() =>
        {
            if (socket.State != WebSocketState.Closed) socket.Abort();
            timeout.Dispose();
        });
    }

    private sealed record Outgoing(byte[]? Text, (WebSocketCloseStatus Status, string Reason)? Close);
}

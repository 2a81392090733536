using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Posts.WebSockets.Tests.Support;

/// <summary>
/// A WebSocket client written by hand over TCP, for what <see cref="System.Net.WebSockets.ClientWebSocket"/> will not
/// do: stay silent to pings, send unmasked frames or reserved opcodes. Reads are bounded by a timeout.
/// </summary>
public sealed class RawSocket : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Opens TCP and does the upgrade; fails unless the host answers 101.</summary>
    public static async Task<RawSocket> ConnectAsync(Uri socketUri)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(socketUri.Host, socketUri.Port, TestContext.Current.CancellationToken);
        var raw = new RawSocket(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET / HTTP/1.1\r\nHost: {socketUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await raw._stream.WriteAsync(Encoding.ASCII.GetBytes(request), TestContext.Current.CancellationToken);
        var head = await raw.ReadHeadAsync();
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new InvalidOperationException(head);
        return raw;
    }

    /// <summary>Sends one frame; <paramref name="masked"/> false breaks RFC 6455 on purpose.</summary>
    public async Task SendFrameAsync(int opcode, byte[] payload, bool fin = true, bool masked = true) =>
        await _stream.WriteAsync(Frame(opcode, payload, fin, masked), TestContext.Current.CancellationToken);

    /// <summary>Several text messages in one TCP write, so the host finds them all in its buffer at once.</summary>
    public async Task SendTextBurstAsync(IEnumerable<string> texts) =>
        await _stream.WriteAsync(texts.SelectMany(t => Frame(0x1, Encoding.UTF8.GetBytes(t), fin: true, masked: true)).ToArray(), TestContext.Current.CancellationToken);

    /// <summary>The next text message as JSON (pings and pongs skipped); fails on a close or a drop.</summary>
    public async Task<System.Text.Json.JsonElement> ReceiveJsonAsync()
    {
        while (true)
        {
            var frame = await ReadFrameAsync(TestSocket.ReadTimeout) ?? throw new InvalidOperationException("The host dropped the connection.");
            if (frame.Opcode is 0x9 or 0xA) continue;
            if (frame.Opcode != 0x1) throw new InvalidOperationException($"Frame with opcode {frame.Opcode} instead of a text message.");
            using var json = System.Text.Json.JsonDocument.Parse(frame.Payload);
            return json.RootElement.Clone();
        }
    }

    private static byte[] Frame(int opcode, byte[] payload, bool fin, bool masked)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        var mask = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            header.Add((byte)(mask | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add((byte)(mask | 126));
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)payload.Length);
            header.AddRange(length);
        }
        else
        {
            header.Add((byte)(mask | 127));
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }

        var body = (byte[])payload.Clone();
        if (masked)
        {
            var key = RandomNumberGenerator.GetBytes(4);
            header.AddRange(key);
            for (var i = 0; i < body.Length; i++) body[i] ^= key[i % 4];
        }

        return [.. header, .. body];
    }

    public Task SendTextAsync(string text) => SendFrameAsync(0x1, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The next frame from the host: its opcode and payload; for a close frame the code is the first two bytes.
    /// Null when the host ended the TCP connection (EOF or reset).
    /// </summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var head = await ReadExactlyAsync(2, deadline.Token);
            if (head is null) return null;
            var opcode = head[0] & 0x0F;
            long length = head[1] & 0x7F;
            if (length == 126) length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2, deadline.Token) ?? new byte[2]);
            else if (length == 127) length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(8, deadline.Token) ?? new byte[8]);
            var payload = length == 0 ? [] : await ReadExactlyAsync((int)length, deadline.Token);
            return payload is null ? null : (opcode, payload);
        }
        catch (IOException)
        {
            return null; // reset by the host
        }
    }

    /// <summary>Reads frames until a close frame (its code) or the end of the connection (null); pings are not answered.</summary>
    public async Task<int?> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The host neither closed nor dropped the connection.");
            var frame = await ReadFrameAsync(left);
            if (frame is null) return null;
            if (frame.Value.Opcode == 0x8) return frame.Value.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Value.Payload) : 1005;
        }
    }

    /// <summary>Reads frames, never answering pings, until the host drops the TCP connection; returns the opcodes seen.</summary>
    public async Task<List<int>> ReadUntilDroppedAsync(TimeSpan timeout)
    {
        var seen = new List<int>();
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"The host did not drop the connection; frames seen: {string.Join(",", seen)}");
            var frame = await ReadFrameAsync(left);
            if (frame is null) return seen;
            seen.Add(frame.Value.Opcode);
        }
    }

    private async Task<string> ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one, TestContext.Current.CancellationToken) == 0) break;
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private async Task<byte[]?> ReadExactlyAsync(int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read), ct);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("No frame from the host in time.");
            }

            if (n == 0) return null;
            read += n;
        }

        return buffer;
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics.Metrics;
using Posts.WebSockets.Protocol;

namespace Posts.WebSockets.Connections;

/// <summary>The host's instruments (meter <c>Posts.WebSockets</c>): open sockets, messages in and out by type and status, request duration, closes by code.</summary>
internal sealed class SocketMetrics
{
    public const string MeterName = "Posts.WebSockets";

    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _in;
    private readonly Counter<long> _out;
    private readonly Counter<long> _closed;
    private readonly Histogram<double> _duration;

    public SocketMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _open = meter.CreateUpDownCounter<long>("posts.ws.connections", description: "Open WebSocket connections");
        _in = meter.CreateCounter<long>("posts.ws.messages.in", description: "Requests handled, by type and status");
        _out = meter.CreateCounter<long>("posts.ws.messages.out", description: "Messages sent, by type and status");
        _closed = meter.CreateCounter<long>("posts.ws.closes", description: "Sockets closed by the host, by close code");
        _duration = meter.CreateHistogram<double>("posts.ws.request.duration", unit: "ms", description: "Time to handle a request");
    }

    public void Opened() => _open.Add(1);

    public void Gone() => _open.Add(-1);

    public void Handled(string type, Envelope reply, TimeSpan elapsed)
    {
        var tags = Tags(type, reply);
        _in.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Sent(Envelope envelope) => _out.Add(1, Tags(envelope.Type, envelope));

    public void Closed(string code) => _closed.Add(1, new KeyValuePair<string, object?>("code", code));

    private static KeyValuePair<string, object?>[] Tags(string type, Envelope reply) =>
        [new("type", type), new("status", reply.Error?.Code ?? reply.Status)];
}

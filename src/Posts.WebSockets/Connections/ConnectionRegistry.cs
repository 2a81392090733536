using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Tokens;

namespace Posts.WebSockets.Connections;

/// <summary>The host's open sockets: the connection limit, session endings fanned out, and the graceful stop.</summary>
internal sealed class ConnectionRegistry(IOptions<SocketOptions> options) : ISessionListener
{
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private int _reserved;

    public bool Stopping { get; private set; }

    public int Count => _connections.Count;

    /// <summary>Takes a place for a new socket; false when the host is full or stopping (the upgrade gets 503).</summary>
    public bool TryReserve()
    {
        if (Stopping) return false;
        if (Interlocked.Increment(ref _reserved) <= options.Value.MaxConnections) return true;
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Add(Connection connection) => _connections.TryAdd(connection, 0);

    public void Release(Connection? connection)
    {
        if (connection is not null) _connections.TryRemove(connection, out _);
        Interlocked.Decrement(ref _reserved);
    }

    public void SessionsEnded(TokensRevokedPayload ended)
    {
        foreach (var connection in _connections.Keys) connection.OnSessionsEnded(ended);
    }

    /// <summary>Stops accepting, lets every socket finish its in-flight requests, and closes each with 1001.</summary>
    public Task StopAsync()
    {
        Stopping = true;
        return Task.WhenAll(_connections.Keys.Select(c => c.StopAsync()));
    }
}

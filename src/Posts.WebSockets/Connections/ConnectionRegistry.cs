using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Events;
using Posts.Infrastructure.Events;
using Posts.Application.Tokens;

namespace Posts.WebSockets.Connections;

/// <summary>The host's open sockets: the connection limit, session endings fanned out, and the graceful stop.</summary>
internal sealed class ConnectionRegistry(IOptions<SocketOptions> options) : ISessionListener, IEventSubscriber
{
    private readonly ConcurrentDictionary<Connection, byte> _connections = new();
    private int _reserved;
    private bool _stopping;

    public bool Stopping => Volatile.Read(ref _stopping);

    public int Count => _connections.Count;

    /// <summary>Takes a place for a new socket; false when the host is full or stopping (the upgrade gets 503).</summary>
    public bool TryReserve()
    {
        if (Stopping) return false;
        if (Interlocked.Increment(ref _reserved) <= options.Value.MaxConnections) return true;
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    /// <summary>Registers an accepted socket; one accepted while the host began stopping is stopped at once (1001).</summary>
    public void Add(Connection connection)
    {
        _connections.TryAdd(connection, 0);
        if (Stopping) _ = connection.StopAsync();
    }

    public void Release(Connection? connection)
    {
        if (connection is not null) _connections.TryRemove(connection, out _);
        Interlocked.Decrement(ref _reserved);
    }

    public void SessionsEnded(TokensRevokedPayload ended)
    {
        foreach (var connection in _connections.Keys) connection.OnSessionsEnded(ended);
    }

    /// <summary>Hands a batch to every subscribed socket; each push is rendered once, whoever gets it.</summary>
    public void Deliver(IReadOnlyList<EventRecord> batch)
    {
        var pushes = new byte[]?[batch.Count];
        foreach (var connection in _connections.Keys) connection.OnEvents(batch, pushes);
    }

    /// <summary>Stops accepting, lets every socket finish its in-flight requests, and closes each with 1001.</summary>
    public Task StopAsync()
    {
        Volatile.Write(ref _stopping, true);
        return Task.WhenAll(_connections.Keys.Select(c => c.StopAsync()));
    }
}

namespace Posts.WebSockets;

/// <summary>The WebSocket host's limits (SPEC §5), bound from the <c>WebSockets</c> configuration section.</summary>
public sealed class SocketOptions
{
    public const string Section = "WebSockets";

    /// <summary>Largest message, counted over its fragments while reading; beyond it the socket is closed with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Requests with <c>id</c>s processed at once per socket.</summary>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>Requests with <c>id</c>s waiting for a slot per socket; beyond it, <c>rate_limited</c>.</summary>
    public int MaxQueued { get; set; } = 256;

    /// <summary>Messages per second per socket (token bucket), and the burst.</summary>
    public int MessagesPerSecond { get; set; } = 500;

    public int MessageBurst { get; set; } = 500;

    /// <summary>Messages waiting to be sent to one socket; a socket whose queue stays full for <see cref="SlowReaderTimeout"/> is closed with 1008.</summary>
    public int OutboundQueue { get; set; } = 1024;

    public TimeSpan SlowReaderTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A socket without a session is closed with 4408 after this (restarts when a session ends).</summary>
    public TimeSpan UnauthenticatedLifetime { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Exact origins allowed to open a socket; empty = any (auth is never ambient). Requests without Origin are accepted.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a validated token is trusted before it is checked against the database again.</summary>
    public TimeSpan SessionRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}

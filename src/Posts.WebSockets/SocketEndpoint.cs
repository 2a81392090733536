using Posts.WebSockets.Connections;

namespace Posts.WebSockets;

/// <summary><c>/</c>: a WebSocket upgrade becomes a <see cref="Connection"/>; a plain GET gets the console page.</summary>
internal static class SocketEndpoint
{
    public static async Task HandleAsync(HttpContext http, ConnectionRegistry registry, SocketMetrics metrics)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ConsolePage.WriteAsync(http);
            return;
        }

        if (!registry.TryReserve())
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return;
        }

        Connection? connection = null;
        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            using (connection = new Connection(socket, address, http.RequestServices))
            {
                registry.Add(connection);
                metrics.Opened();
                try
                {
                    await connection.RunAsync(http.RequestAborted);
                }
                finally
                {
                    metrics.Gone();
                }
            }
        }
        finally
        {
            registry.Release(connection);
        }
    }
}

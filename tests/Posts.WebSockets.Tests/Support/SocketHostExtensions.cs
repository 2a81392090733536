using System.Net;
using System.Net.WebSockets;
using System.Text.Json;

namespace Posts.WebSockets.Tests.Support;

/// <summary>Arranging things over the socket: signing in as a given user, making posts and comments, upgrades that may be refused.</summary>
public static class SocketHostExtensions
{
    /// <summary>An upgrade that may be refused: the socket when it opened, else the HTTP status the host answered.</summary>
    public static async Task<(TestSocket? Socket, HttpStatusCode? Status)> TryConnectAsync(this SocketHost host, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(host.SocketUri, TestContext.Current.CancellationToken);
            return (new TestSocket(socket), null);
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (null, status);
        }
    }

    /// <summary>A new socket signed in as <paramref name="username"/> with <c>tokens.create</c>; the token is in <see cref="TestSocket.Username"/>'s reply.</summary>
    public static async Task<TestSocket> SignInAsync(this SocketHost host, string username, string password = SocketHost.DefaultPassword)
    {
        var socket = await host.ConnectAsync();
        var reply = await socket.RequestAsync(new { type = "tokens.create", data = new { username, password } });
        if (reply.Status() != "ok") throw new InvalidOperationException(reply.ToString());
        socket.Username = username;
        return socket;
    }

    public static async Task<JsonElement> CreatePostAsync(this TestSocket socket, string title = "A title", string body = "A body")
    {
        var reply = await socket.RequestAsync(new { type = "posts.create", data = new { title, body } });
        if (reply.Status() != "ok") throw new InvalidOperationException(reply.ToString());
        return reply.Data();
    }

    public static async Task<JsonElement> CreateCommentAsync(this TestSocket socket, long postId, string body = "A comment")
    {
        var reply = await socket.RequestAsync(new { type = "comments.create", data = new { postId, body } });
        if (reply.Status() != "ok") throw new InvalidOperationException(reply.ToString());
        return reply.Data();
    }

    /// <summary>Replies until one that is not a push; the pushes are returned too, in order.</summary>
    public static async Task<(JsonElement Reply, List<JsonElement> Pushes)> RequestPastPushesAsync(this TestSocket socket, object message)
    {
        await socket.SendAsync(message);
        var pushes = new List<JsonElement>();
        while (true)
        {
            var next = await socket.ReceiveAsync();
            if (next.Type() != "session.ended") return (next, pushes);
            pushes.Add(next);
        }
    }
}

using System.Net;
using System.Text;
using Posts.Application;

namespace Posts.WebSockets;

/// <summary>A plain GET of <c>/</c>: the protocol at a glance and a live socket to try messages on.</summary>
internal static class ConsolePage
{
    private static readonly string Html = Build();

    public static Task WriteAsync(HttpContext http)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(Html, http.RequestAborted);
    }

    private static string Build()
    {
        var rows = new StringBuilder();
        foreach (var entry in Catalogue.For(Adapters.WebSocket))
            rows.Append("<tr><td><code>").Append(WebUtility.HtmlEncode(entry.WireName)).Append("</code></td><td>")
                .Append(WebUtility.HtmlEncode(entry.Summary)).Append("</td></tr>");
        rows.Append("<tr><td><code>tokens.use</code></td><td>Authenticate the socket with a token from elsewhere, e.g. POST /tokens: <code>{\"token\": \"...\"}</code>.</td></tr>")
            .Append("<tr><td><code>posts.subscribe</code></td><td>Push post and comment events: <code>{\"after\"?, \"postId\"?, \"author\"?}</code>; with <code>after</code>, missed events are replayed first.</td></tr>")
            .Append("<tr><td><code>posts.unsubscribe</code></td><td>Stop the pushes.</td></tr>");
        return Template.Replace("{{rows}}", rows.ToString(), StringComparison.Ordinal);
    }

    private const string Template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Posts WebSocket console</title>
        <style>
          body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f6f7f9; }
          header { background: #1d232a; color: #fff; padding: 14px 24px; }
          header h1 { margin: 0; font-size: 18px; }
          main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(320px, 1fr); gap: 20px; padding: 20px 24px; }
          section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px; }
          h2 { font-size: 15px; margin: 0 0 10px; }
          textarea { width: 100%; box-sizing: border-box; height: 130px; font: 13px ui-monospace, monospace; }
          button { font: inherit; padding: 6px 14px; margin: 6px 6px 0 0; border-radius: 6px; border: 1px solid #8a949e; background: #fff; cursor: pointer; }
          button.primary { background: #2764c5; border-color: #2764c5; color: #fff; }
          #log { height: 420px; overflow: auto; font: 12px/1.5 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
          .sent { color: #2764c5; } .ok { color: #1f7a3a; } .error { color: #b3261e; } .info { color: #6b7580; }
          table { border-collapse: collapse; width: 100%; font-size: 13px; } td { border-top: 1px solid #eceff2; padding: 4px 6px; vertical-align: top; }
          #state { font-weight: 600; }
        </style>
        </head>
        <body>
        <header><h1>Posts — WebSocket console</h1></header>
        <main>
          <section>
            <h2>Socket: <span id="state">closed</span></h2>
            <button id="connect" class="primary">Connect</button><button id="disconnect">Disconnect</button>
            <h2 style="margin-top:14px">Message</h2>
            <textarea id="message">{"type": "posts.index", "data": {"page": 1, "limit": 10, "embed": ["author"]}}</textarea>
            <button id="send" class="primary">Send</button>
            <button data-example='{"type": "tokens.create", "data": {"username": "demo", "password": "…"}}'>tokens.create</button>
            <button data-example='{"type": "posts.index", "data": {"filter": {"since": "2014/12/29 14:30"}, "embed": ["author", "comments"]}}'>posts.index</button>
            <button data-example='{"type": "posts.create", "data": {"title": "Hello", "body": "From the console"}, "id": "c-1"}'>posts.create</button>
            <button data-example='{"type": "posts.subscribe", "data": {}}'>posts.subscribe</button>
            <h2 style="margin-top:14px">Protocol</h2>
            <p>Send <code>{"type", "data"?, "id"?}</code>; replies are <code>{"type", "status": "ok"|"error", "data"?, "meta"?, "error"?, "id"?}</code>.
               With <code>id</code>s requests run concurrently and replies may interleave; without, replies keep request order.</p>
            <table>{{rows}}</table>
          </section>
          <section>
            <h2>Log</h2>
            <div id="log" aria-live="polite"></div>
          </section>
        </main>
        <script>
          const log = document.getElementById("log"), state = document.getElementById("state"), input = document.getElementById("message");
          let socket = null;
          function line(text, kind) {
            const div = document.createElement("div"); div.className = kind; div.textContent = text;
            log.appendChild(div); log.scrollTop = log.scrollHeight;
          }
          function connect() {
            if (socket && socket.readyState <= 1) return;
            socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/");
            state.textContent = "connecting";
            socket.addEventListener("open", () => { state.textContent = "open"; line("connected", "info"); });
            socket.addEventListener("message", e => {
              let kind = "ok"; try { kind = JSON.parse(e.data).status === "error" ? "error" : "ok"; } catch { kind = "error"; }
              line("← " + e.data, kind);
            });
            socket.addEventListener("close", e => { state.textContent = "closed"; line("closed " + e.code + (e.reason ? " " + e.reason : ""), "info"); });
          }
          function send() {
            if (!socket || socket.readyState !== 1) { line("not connected", "error"); return; }
            socket.send(input.value); line("→ " + input.value, "sent");
          }
          document.getElementById("connect").onclick = connect;
          document.getElementById("disconnect").onclick = () => socket && socket.close(1000);
          document.getElementById("send").onclick = send;
          document.querySelectorAll("[data-example]").forEach(b => b.onclick = () => { input.value = b.dataset.example; });
          window.postsConsole = { connect, send, get socket() { return socket; } };
          connect();
        </script>
        </body>
        </html>
        """;
}

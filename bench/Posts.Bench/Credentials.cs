using System.Net.Http.Json;
using System.Text.Json;

namespace Posts.Bench;

/// <summary>The token the bench works with: <c>BENCH_TOKEN</c>, or one signed in for with BENCH_USERNAME / BENCH_PASSWORD.</summary>
internal static class Credentials
{
    public static async Task<string> TokenAsync(Uri ws, CancellationToken ct) =>
        Environment.GetEnvironmentVariable("BENCH_TOKEN") is { Length: > 0 } token ? token : await SignInAsync(ws, ct);

    /// <summary><c>tokens.create</c> on a socket of its own.</summary>
    public static async Task<string> SignInAsync(Uri ws, CancellationToken ct)
    {
        var (username, password) = UsernameAndPassword();
        using var client = await SocketClient.ConnectAsync(ws, 4096, ct);
        await client.SendAsync(Messages.CreateToken(username, password), ct);
        var reply = await client.ReceiveAsync(ct);
        if (reply.Status != "ok" || reply.Token is null) throw new BenchException($"tokens.create: {reply.Describe()}");
        client.StartDraining();
        await client.CloseAsync(TimeSpan.FromSeconds(5));
        return reply.Token;
    }

    /// <summary><c>POST /tokens</c>, when no BENCH_TOKEN is given to the HTTP mode.</summary>
    public static async Task<string> HttpTokenAsync(HttpClient http, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("BENCH_TOKEN") is { Length: > 0 } token) return token;
        var (username, password) = UsernameAndPassword();
        using var response = await http.PostAsJsonAsync("/tokens", new Dictionary<string, string> { ["username"] = username, ["password"] = password }, ct);
        if (!response.IsSuccessStatusCode) throw new BenchException($"POST /tokens: HTTP {(int)response.StatusCode}");
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return body.RootElement.TryGetProperty("token", out var value) && value.GetString() is { } t ? t
            : throw new BenchException("POST /tokens: no token in the response");
    }

    private static (string Username, string Password) UsernameAndPassword() =>
        (Environment.GetEnvironmentVariable("BENCH_USERNAME") is { Length: > 0 } u ? u : throw new BenchException("set BENCH_TOKEN, or BENCH_USERNAME and BENCH_PASSWORD"),
         Environment.GetEnvironmentVariable("BENCH_PASSWORD") is { Length: > 0 } p ? p : throw new BenchException("BENCH_PASSWORD is not set"));
}

/// <summary><c>token</c>: signs in once (tokens.create over a socket) and prints the token for the other modes.</summary>
internal static class TokenMode
{
    public static async Task<bool> RunAsync(Arguments args, Report report, CancellationToken ct)
    {
        report.Add("token", await Credentials.SignInAsync(args.Url("ws"), ct));
        return true;
    }
}

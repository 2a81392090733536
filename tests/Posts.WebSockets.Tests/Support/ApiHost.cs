extern alias api;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Posts.WebSockets.Tests.Support;

/// <summary>The HTTP API (in memory) over a socket host's database: tokens issued there are used on the socket.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<api::Program> _factory;
    private readonly HttpClient _client;

    public ApiHost(SocketHost sockets)
    {
        _factory = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Posts", sockets.ConnectionString);
            web.UseSetting("Security:PasswordHashing:Iterations", "1000");
            web.UseSetting("Api:TokenRequestLimit", "100000");
        });
        _client = _factory.CreateClient();
    }

    /// <summary><c>POST /tokens</c> → the token.</summary>
    public async Task<string> CreateTokenAsync(string username, string password = SocketHost.DefaultPassword)
    {
        var response = await _client.PostAsJsonAsync("/tokens", new { username, password }, TestContext.Current.CancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /tokens: {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary><c>DELETE /tokens/current</c> with that token.</summary>
    public async Task<HttpStatusCode> RevokeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/tokens/current");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }
}

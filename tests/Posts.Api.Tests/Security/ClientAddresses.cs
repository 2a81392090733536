using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Posts.Api.Tests.Support;
using Posts.Testing;

namespace Posts.Api.Tests.Security;

/// <summary>
/// The test server has no socket, so it sets no client address. This gives every request one, as Kestrel
/// would: <see cref="Header"/> when the test sends it, <see cref="Default"/> otherwise. It runs before the
/// app's own middleware (a startup filter), so <c>UseForwardedHeaders</c> sees it as the connection's address.
/// </summary>
internal sealed class RemoteAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";
    public static readonly IPAddress Default = IPAddress.Parse("10.9.8.7");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext http, RequestDelegate following) =>
        {
            http.Connection.RemoteIpAddress = http.Request.Headers.TryGetValue(Header, out var value) ? IPAddress.Parse(value.ToString()) : Default;
            http.Request.Headers.Remove(Header);
            return following(http);
        });
        next(app);
    };
}

/// <summary>The API with a real-looking client address on every request (and default settings: no known proxies).</summary>
public class AddressedApiFactory(PostgresServer server) : ApiFactory(server)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, RemoteAddressStartupFilter>());
    }
}

/// <summary>As <see cref="AddressedApiFactory"/>, with that address configured as the one known proxy.</summary>
public sealed class KnownProxyApiFactory(PostgresServer server) : AddressedApiFactory(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Api:KnownProxies:0", RemoteAddressStartupFilter.Default.ToString())];
}

using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Security;

/// <summary>Sends six wrong passwords for one new user, each with its own X-Forwarded-For, and returns the statuses.</summary>
internal static class ForgedSignIns
{
    public static async Task<List<HttpStatusCode>> SixWrongPasswordsAsync(ApiFactory api, Func<int, string> forwardedFor)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/tokens")
            {
                Content = JsonContent.Create(new { username = user.Username, password = "not the password" }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            using var response = await client.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }
}

/// <summary>No proxy configured (the default): X-Forwarded-For is the client's own claim, and changes nothing.</summary>
public sealed class ForwardedForWithoutKnownProxiesTests(AddressedApiFactory api) : IClassFixture<AddressedApiFactory>
{
    [Fact]
    public async Task Forged_forwarded_for_does_not_change_the_address_the_throttle_sees()
    {
        var statuses = await ForgedSignIns.SixWrongPasswordsAsync(api, i => $"203.0.113.{i}");

        statuses.Take(5).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        statuses[5].Should().Be(HttpStatusCode.TooManyRequests, "all six came from one real address, whatever they claimed");
    }
}

/// <summary>
/// As above, on a server that reports no connection address at all (the test server, a Unix socket): still no
/// X-Forwarded-For is believed when no proxy is configured.
/// </summary>
public sealed class ForwardedForWithoutAnyConnectionAddressTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Forged_forwarded_for_does_not_change_the_address_the_throttle_sees()
    {
        var statuses = await ForgedSignIns.SixWrongPasswordsAsync(api, i => $"203.0.113.{i}");

        statuses.Take(5).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        statuses[5].Should().Be(HttpStatusCode.TooManyRequests);
    }
}

/// <summary>The connection's address is a configured known proxy: its X-Forwarded-For names the client.</summary>
public sealed class ForwardedForFromKnownProxyTests(KnownProxyApiFactory api) : IClassFixture<KnownProxyApiFactory>
{
    [Fact]
    public async Task Different_forwarded_for_values_from_a_known_proxy_count_as_different_clients()
    {
        var statuses = await ForgedSignIns.SixWrongPasswordsAsync(api, i => $"203.0.113.{i}");

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized, "each client failed once");
    }

    [Fact]
    public async Task One_client_behind_a_known_proxy_is_still_limited()
    {
        var statuses = await ForgedSignIns.SixWrongPasswordsAsync(api, _ => "198.51.100.20");

        statuses.Take(5).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        statuses[5].Should().Be(HttpStatusCode.TooManyRequests);
    }
}

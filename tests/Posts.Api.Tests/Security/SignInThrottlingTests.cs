using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using Posts.Testing;

namespace Posts.Api.Tests.Security;

/// <summary>The Application's login throttle, as <c>POST /tokens</c> answers it: 5 failures per username and client, then 429.</summary>
public sealed class SignInThrottlingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Sixth_wrong_password_in_a_burst_is_rate_limited_with_retry_after_in_whole_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();

        for (var i = 1; i <= 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = $"wrong password {i}" }, ct);
            await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        var sixth = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = "wrong password 6" }, ct);

        var problem = await sixth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var header = sixth.Headers.GetValues("Retry-After").Should().ContainSingle().Subject;
        header.Should().MatchRegex("^[0-9]+$", "Retry-After is delta-seconds");
        var seconds = int.Parse(header, CultureInfo.InvariantCulture);
        seconds.Should().BeInRange(1, 15 * 60, "the window is 15 minutes");
        problem.GetProperty("retryAfter").GetInt32().Should().Be(seconds);

        var right = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, ct);
        await right.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task Throttled_sign_in_is_allowed_again_once_the_window_has_passed()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = api.CreateClient();
        for (var i = 1; i <= 5; i++)
            await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = "not the password" }, ct);
        var limited = await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, ct);
        var retryAfter = (await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited")).GetProperty("retryAfter").GetInt32();

        api.Clock.Advance(TimeSpan.FromSeconds(retryAfter));

        (await client.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, ct))
            .StatusCode.Should().Be(HttpStatusCode.Created);
    }
}

/// <summary>The API with ASP.NET's rate limiter on <c>POST /tokens</c> set to 3 per client address per window.</summary>
public sealed class TightTokenRateLimitApiFactory(PostgresServer server) : ApiFactory(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Api:TokenRequestLimit", "3")];
}

/// <summary>ASP.NET's rate limiter in front of <c>POST /tokens</c>: 429 (never its default 503), with Retry-After, as problem+json.</summary>
public sealed class TokenRateLimiterTests(TightTokenRateLimitApiFactory api) : IClassFixture<TightTokenRateLimitApiFactory>
{
    [Fact]
    public async Task Fourth_token_request_from_one_client_is_answered_429_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = api.CreateClient();
        for (var i = 1; i <= 3; i++)
        {
            // Different usernames: the login throttle (per username) never gets a say.
            var response = await client.PostAsJsonAsync("/tokens", new { username = $"nobody{i}", password = "whatever it is" }, ct);
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        var fourth = await client.PostAsJsonAsync("/tokens", new { username = "nobody4", password = "whatever it is" }, ct);

        var problem = await fourth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var header = fourth.Headers.GetValues("Retry-After").Should().ContainSingle().Subject;
        header.Should().MatchRegex("^[0-9]+$");
        var seconds = int.Parse(header, CultureInfo.InvariantCulture);
        seconds.Should().BeInRange(1, 60, "the window is one minute");
        problem.GetProperty("retryAfter").GetInt32().Should().Be(seconds);
    }
}

using FluentAssertions;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.CreateToken;

namespace Posts.Application.Tests.Tokens;

/// <summary>5 failures per (username, address) and 50 per username in 15 minutes, shared through PostgreSQL.</summary>
public sealed class LoginThrottleTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string WrongPassword = "definitely wrong";

    private Task<Result<TokenDto>> Attempt(string username, string password, string address) =>
        app.SendAsync<TokenDto>(new CreateTokenCommand(username, password), TestCaller.AnonymousFrom(address));

    [Fact]
    public async Task The_sixth_failure_from_one_address_is_rate_limited_with_retry_after()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 5; i++)
            (await Attempt(user.Username, WrongPassword, "10.1.0.1")).ShouldFailWith(ErrorCodes.Unauthenticated);

        var limited = (await Attempt(user.Username, user.Password, "10.1.0.1")).ShouldFailWith(ErrorCodes.RateLimited);

        limited.RetryAfterSeconds.Should().BeInRange(1, 15 * 60);
    }

    [Fact]
    public async Task One_address_cannot_lock_the_account_out_for_another()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 6; i++) await Attempt(user.Username, WrongPassword, "10.2.0.1");

        (await Attempt(user.Username, user.Password, "10.2.0.2")).ShouldSucceed();
    }

    [Fact]
    public async Task Fifty_failures_from_many_addresses_limit_the_username_everywhere()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 50; i++)
            (await Attempt(user.Username, WrongPassword, $"10.3.{i / 5}.{i % 5}")).ShouldFailWith(ErrorCodes.Unauthenticated);

        (await Attempt(user.Username, user.Password, "10.3.200.1")).ShouldFailWith(ErrorCodes.RateLimited);
    }

    [Fact]
    public async Task Unknown_usernames_are_throttled_like_known_ones()
    {
        for (var i = 0; i < 5; i++) (await Attempt("ghost", WrongPassword, "10.4.0.1")).ShouldFailWith(ErrorCodes.Unauthenticated);

        (await Attempt("ghost", WrongPassword, "10.4.0.1")).ShouldFailWith(ErrorCodes.RateLimited);
    }

    [Fact]
    public async Task Failures_expire_after_the_window()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 5; i++) await Attempt(user.Username, WrongPassword, "10.5.0.1");
        var limited = (await Attempt(user.Username, user.Password, "10.5.0.1")).ShouldFailWith(ErrorCodes.RateLimited);

        app.Clock.Advance(TimeSpan.FromSeconds(limited.RetryAfterSeconds!.Value));

        (await Attempt(user.Username, user.Password, "10.5.0.1")).ShouldSucceed();
    }

    [Fact]
    public async Task A_success_forgives_that_address_its_earlier_failures()
    {
        var user = await app.CreateUserAsync();
        for (var i = 0; i < 4; i++) await Attempt(user.Username, WrongPassword, "10.6.0.1");
        (await Attempt(user.Username, user.Password, "10.6.0.1")).ShouldSucceed();

        for (var i = 0; i < 5; i++) (await Attempt(user.Username, WrongPassword, "10.6.0.1")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task Concurrent_attempts_never_get_more_than_five_password_checks()
    {
        var user = await app.CreateUserAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Attempt(user.Username, WrongPassword, "10.7.0.1")));

        results.Count(r => r.Error?.Code == ErrorCodes.Unauthenticated).Should().Be(5);
        results.Count(r => r.Error?.Code == ErrorCodes.RateLimited).Should().Be(15);
    }
}

using FluentAssertions;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.RevokeTokens;
using Posts.Domain;

namespace Posts.Application.Tests.Users;

public sealed class RevokeTokensTests(AppFixture app) : IClassFixture<AppFixture>
{
    private Task<Result<RevokedTokens>> Revoke(string? username, bool all = false, TestCaller? caller = null) =>
        app.SendAsync<RevokedTokens>(new RevokeTokensCommand(username, all), caller ?? TestCaller.System);

    [Fact]
    public async Task RevokeTokens_for_a_user_revokes_only_that_users_tokens_and_returns_the_count()
    {
        var user = await app.CreateUserAsync();
        var second = await app.SignInAsync(user.Username, user.Password, "192.0.2.50");
        var other = await app.CreateUserAsync();

        var revoked = (await Revoke(user.Username)).ShouldSucceed();

        revoked.Count.Should().Be(2);
        (await app.AuthenticateAsync(user.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(second.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(other.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task RevokeTokens_for_a_user_counts_only_tokens_that_were_still_live()
    {
        var user = await app.CreateUserAsync();
        (await Revoke(user.Username)).ShouldSucceed().Count.Should().Be(1);

        (await Revoke(user.Username.ToUpperInvariant())).ShouldSucceed().Count.Should().Be(0);
    }

    [Fact]
    public async Task RevokeTokens_for_a_user_writes_a_tokens_revoked_event()
    {
        var user = await app.CreateUserAsync();

        (await Revoke(user.Username)).ShouldSucceed();

        var e = (await app.UserEventsAsync(user.Id, EventTypes.TokensRevoked)).Should().ContainSingle().Subject;
        var payload = UserSteps.PayloadOf(e);
        payload.GetProperty("userId").GetInt64().Should().Be(user.Id);
        payload.GetProperty("all").GetBoolean().Should().BeFalse();
        payload.GetProperty("reason").GetString().Should().Be(SessionEndReasons.Revoked);
    }

    [Fact]
    public async Task RevokeTokens_returns_not_found_for_an_unknown_user() =>
        (await Revoke("no-such-user")).ShouldFailWith(ErrorCodes.NotFound);

    [Fact]
    public async Task RevokeTokens_fails_validation_on_username_when_both_a_user_and_all_are_given()
    {
        var user = await app.CreateUserAsync();

        (await Revoke(user.Username, all: true)).ShouldFailValidationOn("username");

        (await app.AuthenticateAsync(user.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task RevokeTokens_fails_validation_on_username_when_neither_a_user_nor_all_is_given() =>
        (await Revoke(null)).ShouldFailValidationOn("username");

    [Fact]
    public async Task RevokeTokens_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();

        (await Revoke(victim.Username, caller: user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.AuthenticateAsync(victim.Token)).ShouldSucceed();
    }
}

/// <summary>Revoking everyone's tokens would spoil other tests' sessions, so it has a database of its own.</summary>
public sealed class RevokeAllTokensTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task RevokeTokens_with_all_revokes_every_users_tokens()
    {
        var alice = await app.CreateUserAsync();
        var bob = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);

        var revoked = (await app.SendAsync<RevokedTokens>(new RevokeTokensCommand(null, All: true), TestCaller.System)).ShouldSucceed();

        revoked.Count.Should().Be(3);
        (await app.AuthenticateAsync(alice.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(bob.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(admin.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        var e = (await app.EventsAsync()).Should().ContainSingle(x => x.Type == EventTypes.TokensRevoked).Subject;
        e.UserId.Should().BeNull();
        UserSteps.PayloadOf(e).GetProperty("all").GetBoolean().Should().BeTrue();
    }
}

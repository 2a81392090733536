using FluentAssertions;
using Mediator;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Users.DisableUser;
using Posts.Domain;

namespace Posts.Application.Tests.Users;

public sealed class DisableUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    private Task<Result<Unit>> Disable(string username, TestCaller? caller = null) =>
        app.SendAsync<Unit>(new DisableUserCommand(username), caller ?? TestCaller.System);

    [Fact]
    public async Task DisableUser_writes_a_users_disabled_event_naming_the_user()
    {
        var user = await app.CreateUserAsync();

        (await Disable(user.Username)).ShouldSucceed();

        var e = (await app.UserEventsAsync(user.Id, EventTypes.UserDisabled)).Should().ContainSingle().Subject;
        UserSteps.PayloadOf(e).GetProperty("userId").GetInt64().Should().Be(user.Id);
    }

    [Fact]
    public async Task DisableUser_stops_the_user_signing_in()
    {
        var user = await app.CreateUserAsync();

        (await Disable(user.Username.ToUpperInvariant())).ShouldSucceed();

        (await app.TrySignInAsync(user.Username, user.Password, "192.0.2.20")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task DisableUser_stops_the_users_existing_token_authenticating()
    {
        var user = await app.CreateUserAsync();
        (await app.AuthenticateAsync(user.Token)).ShouldSucceed();

        (await Disable(user.Username)).ShouldSucceed();

        (await app.AuthenticateAsync(user.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task DisableUser_leaves_other_users_tokens_alone()
    {
        var user = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();

        (await Disable(user.Username)).ShouldSucceed();

        (await app.AuthenticateAsync(other.Token)).ShouldSucceed().UserId.Should().Be(other.Id);
    }

    [Fact]
    public async Task DisableUser_succeeds_twice_with_one_event()
    {
        var user = await app.CreateUserAsync();

        (await Disable(user.Username)).ShouldSucceed();
        (await Disable(user.Username)).ShouldSucceed();

        (await app.UserEventsAsync(user.Id, EventTypes.UserDisabled)).Should().ContainSingle();
    }

    [Fact]
    public async Task DisableUser_returns_not_found_for_an_unknown_user() =>
        (await Disable("no-such-user")).ShouldFailWith(ErrorCodes.NotFound);

    [Fact]
    public async Task DisableUser_fails_validation_on_username_for_a_bad_username() =>
        (await Disable("x")).ShouldFailValidationOn("username");

    [Fact]
    public async Task DisableUser_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();

        (await Disable(victim.Username, user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.AuthenticateAsync(victim.Token)).ShouldSucceed();
    }
}

using FluentAssertions;
using Mediator;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Users.DisableUser;
using Posts.Application.Users.EnableUser;

namespace Posts.Application.Tests.Users;

public sealed class EnableUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task EnableUser_lets_the_users_token_authenticate_again()
    {
        var user = await app.CreateUserAsync();
        (await app.SendAsync<Unit>(new DisableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();
        (await app.AuthenticateAsync(user.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);

        (await app.SendAsync<Unit>(new EnableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();

        (await app.AuthenticateAsync(user.Token)).ShouldSucceed().UserId.Should().Be(user.Id);
    }

    [Fact]
    public async Task EnableUser_lets_the_user_sign_in_again()
    {
        var user = await app.CreateUserAsync();
        (await app.SendAsync<Unit>(new DisableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();

        (await app.SendAsync<Unit>(new EnableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();

        (await app.TrySignInAsync(user.Username, user.Password, "192.0.2.30")).ShouldSucceed();
    }

    [Fact]
    public async Task EnableUser_succeeds_for_a_user_who_is_not_disabled()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<Unit>(new EnableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();

        (await app.AuthenticateAsync(user.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task EnableUser_returns_not_found_for_an_unknown_user() =>
        (await app.SendAsync<Unit>(new EnableUserCommand("no-such-user"), TestCaller.System)).ShouldFailWith(ErrorCodes.NotFound);

    [Fact]
    public async Task EnableUser_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();
        var disabled = await app.CreateUserAsync();
        (await app.SendAsync<Unit>(new DisableUserCommand(disabled.Username), TestCaller.System)).ShouldSucceed();

        (await app.SendAsync<Unit>(new EnableUserCommand(disabled.Username), user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.AuthenticateAsync(disabled.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
    }
}

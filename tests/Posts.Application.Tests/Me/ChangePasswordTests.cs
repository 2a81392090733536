using System.Text.Json;
using FluentAssertions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Results;
using Posts.Application.Me.ChangePassword;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Tokens.CreateToken;
using Posts.Domain;

namespace Posts.Application.Tests.Me;

public sealed class ChangePasswordTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string NewPassword = "my shiny new password";

    private static TestCaller From(TestUser user, string address) => user.Caller with { ClientAddress = address };

    private Task<Result<Unit>> Change(TestCaller caller, string current, string next) =>
        app.SendAsync<Unit>(new ChangePasswordCommand(current, next), caller);

    private Task<Result<TokenDto>> SignIn(string username, string password, string address) =>
        app.SendAsync<TokenDto>(new CreateTokenCommand(username, password), TestCaller.AnonymousFrom(address));

    private Task<Result<AuthenticatedSession>> Authenticate(string token) =>
        app.SendAsync<AuthenticatedSession>(new AuthenticateTokenQuery(token), TestCaller.Anonymous);

    [Fact]
    public async Task ChangePassword_makes_the_new_password_sign_in_and_not_the_old_one()
    {
        var user = await app.CreateUserAsync();

        (await Change(From(user, "192.0.2.60"), user.Password, NewPassword)).ShouldSucceed();

        (await SignIn(user.Username, NewPassword, "192.0.2.61")).ShouldSucceed();
        (await SignIn(user.Username, user.Password, "192.0.2.62")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task ChangePassword_keeps_the_callers_token_and_revokes_the_users_other_tokens()
    {
        var user = await app.CreateUserAsync();
        var other = await app.SignInAsync(user.Username, user.Password, "192.0.2.63");
        var bystander = await app.CreateUserAsync();

        (await Change(From(user, "192.0.2.64"), user.Password, NewPassword)).ShouldSucceed();

        (await Authenticate(user.Token)).ShouldSucceed().TokenId.Should().Be(user.Caller.TokenId);
        (await Authenticate(other.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await Authenticate(bystander.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task ChangePassword_writes_a_tokens_revoked_event_naming_the_token_kept()
    {
        var user = await app.CreateUserAsync();

        (await Change(From(user, "192.0.2.65"), user.Password, NewPassword)).ShouldSucceed();

        var e = (await app.QueryAsync(db => db.Events.AsNoTracking()
            .Where(x => x.UserId == user.Id && x.Type == EventTypes.TokensRevoked).ToListAsync())).Should().ContainSingle().Subject;
        using var payload = JsonDocument.Parse(e.Payload);
        payload.RootElement.GetProperty("userId").GetInt64().Should().Be(user.Id);
        payload.RootElement.GetProperty("exceptTokenId").GetInt64().Should().Be(user.Caller.TokenId!.Value);
        payload.RootElement.GetProperty("reason").GetString().Should().Be(SessionEndReasons.PasswordChanged);
    }

    [Fact]
    public async Task ChangePassword_fails_validation_on_currentPassword_when_it_is_wrong()
    {
        var user = await app.CreateUserAsync();

        (await Change(From(user, "192.0.2.66"), "not my password!", NewPassword)).ShouldFailValidationOn("currentPassword");

        (await SignIn(user.Username, user.Password, "192.0.2.67")).ShouldSucceed();
        (await SignIn(user.Username, NewPassword, "192.0.2.67")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task ChangePassword_fails_validation_on_newPassword_when_it_equals_the_username()
    {
        var user = await app.CreateUserAsync("a-long-username");

        var error = (await Change(From(user, "192.0.2.68"), user.Password, "A-LONG-USERNAME")).ShouldFailValidationOn("newPassword");

        error.Details.Should().NotContainKey("currentPassword");
        (await SignIn(user.Username, user.Password, "192.0.2.69")).ShouldSucceed();
    }

    [Fact]
    public async Task ChangePassword_fails_validation_on_newPassword_when_it_is_too_short()
    {
        var user = await app.CreateUserAsync();

        (await Change(From(user, "192.0.2.70"), user.Password, "short")).ShouldFailValidationOn("newPassword");

        (await SignIn(user.Username, user.Password, "192.0.2.71")).ShouldSucceed();
    }

    [Fact]
    public async Task ChangePassword_returns_unauthenticated_for_an_anonymous_caller() =>
        (await Change(TestCaller.Anonymous, AppFixture.DefaultPassword, NewPassword)).ShouldFailWith(ErrorCodes.Unauthenticated);
}

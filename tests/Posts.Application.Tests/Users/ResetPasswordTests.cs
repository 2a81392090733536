using FluentAssertions;
using Mediator;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Users.ResetPassword;
using Posts.Domain;

namespace Posts.Application.Tests.Users;

public sealed class ResetPasswordTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string NewPassword = "a brand new password";

    private Task<Result<Unit>> Reset(string username, string newPassword, TestCaller? caller = null) =>
        app.SendAsync<Unit>(new ResetPasswordCommand(username, newPassword), caller ?? TestCaller.System);

    [Fact]
    public async Task ResetPassword_makes_the_new_password_sign_in_and_not_the_old_one()
    {
        var user = await app.CreateUserAsync();

        (await Reset(user.Username, NewPassword)).ShouldSucceed();

        (await app.TrySignInAsync(user.Username, NewPassword, "192.0.2.40")).ShouldSucceed();
        (await app.TrySignInAsync(user.Username, user.Password, "192.0.2.41")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task ResetPassword_revokes_every_token_of_the_user_and_no_one_elses()
    {
        var user = await app.CreateUserAsync();
        var second = await app.SignInAsync(user.Username, user.Password, "192.0.2.42");
        var other = await app.CreateUserAsync();

        (await Reset(user.Username, NewPassword)).ShouldSucceed();

        (await app.AuthenticateAsync(user.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(second.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await app.AuthenticateAsync(other.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task ResetPassword_writes_a_tokens_revoked_event_with_reason_password_changed()
    {
        var user = await app.CreateUserAsync();

        (await Reset(user.Username, NewPassword)).ShouldSucceed();

        var e = (await app.UserEventsAsync(user.Id, EventTypes.TokensRevoked)).Should().ContainSingle().Subject;
        var payload = UserSteps.PayloadOf(e);
        payload.GetProperty("userId").GetInt64().Should().Be(user.Id);
        payload.GetProperty("reason").GetString().Should().Be(SessionEndReasons.PasswordChanged);
        payload.GetProperty("all").GetBoolean().Should().BeFalse();
        payload.GetProperty("exceptTokenId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "no token survives a reset");
    }

    [Theory]
    [InlineData("too short")]
    [InlineData("")]
    public async Task ResetPassword_fails_validation_on_newPassword_when_it_is_too_short(string newPassword)
    {
        var user = await app.CreateUserAsync();

        (await Reset(user.Username, newPassword)).ShouldFailValidationOn("newPassword");

        (await app.AuthenticateAsync(user.Token)).ShouldSucceed();
    }

    [Fact]
    public async Task ResetPassword_fails_validation_on_newPassword_when_it_equals_the_username()
    {
        var user = await app.CreateUserAsync("twelve-chars-plus");

        (await Reset(user.Username, "TWELVE-CHARS-PLUS")).ShouldFailValidationOn("newPassword");
    }

    [Fact]
    public async Task ResetPassword_fails_validation_on_username_for_a_bad_username() =>
        (await Reset("no", NewPassword)).ShouldFailValidationOn("username");

    [Fact]
    public async Task ResetPassword_returns_not_found_for_an_unknown_user() =>
        (await Reset("no-such-user", NewPassword)).ShouldFailWith(ErrorCodes.NotFound);

    [Fact]
    public async Task ResetPassword_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();
        var victim = await app.CreateUserAsync();

        (await Reset(victim.Username, NewPassword, user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.TrySignInAsync(victim.Username, victim.Password, "192.0.2.43")).ShouldSucceed();
    }
}

using FluentAssertions;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Users;
using Posts.Application.Users.CreateUser;

namespace Posts.Application.Tests.Users;

public sealed class CreateUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    private const string Password = "a long enough password";

    private Task<Result<UserDetailsDto>> Create(CreateUserCommand command, TestCaller? caller = null) =>
        app.SendAsync<UserDetailsDto>(command, caller ?? TestCaller.System);

    [Fact]
    public async Task CreateUser_returns_the_new_users_details()
    {
        var user = (await Create(new CreateUserCommand("Grace_H", Password, "Grace Hopper", IsAdmin: true))).ShouldSucceed();

        user.Id.Should().BePositive();
        user.Username.Should().Be("grace_h", "usernames are kept in lower case");
        user.DisplayName.Should().Be("Grace Hopper");
        user.IsAdmin.Should().BeTrue();
        user.IsDisabled.Should().BeFalse();
        user.CreatedAt.Should().BeCloseTo(app.Clock.GetUtcNow(), TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public async Task CreateUser_defaults_the_display_name_to_the_username()
    {
        var user = (await Create(new CreateUserCommand("plain.user", Password))).ShouldSucceed();

        user.DisplayName.Should().Be("plain.user");
        user.IsAdmin.Should().BeFalse();
    }

    [Fact]
    public async Task CreateUser_makes_a_user_who_can_sign_in_with_any_case_of_the_username()
    {
        (await Create(new CreateUserCommand("signs-in", Password))).ShouldSucceed();

        (await app.TrySignInAsync("SIGNS-IN", Password, "192.0.2.10")).ShouldSucceed().User.Username.Should().Be("signs-in");
    }

    [Fact]
    public async Task CreateUser_returns_conflict_for_a_taken_username()
    {
        (await Create(new CreateUserCommand("taken", Password))).ShouldSucceed();

        (await Create(new CreateUserCommand("taken", Password))).ShouldFailWith(ErrorCodes.Conflict);
    }

    [Fact]
    public async Task CreateUser_returns_conflict_for_a_taken_username_in_different_case()
    {
        (await Create(new CreateUserCommand("casey", Password))).ShouldSucceed();

        (await Create(new CreateUserCommand("CaSeY", Password))).ShouldFailWith(ErrorCodes.Conflict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("not/allowed")]
    [InlineData("ünïcode")]
    [InlineData("a23456789012345678901234567890123")]
    public async Task CreateUser_fails_validation_on_username_for_a_bad_username(string? username) =>
        (await Create(new CreateUserCommand(username!, Password))).ShouldFailValidationOn("username");

    [Fact]
    public async Task CreateUser_accepts_usernames_of_3_and_32_characters()
    {
        (await Create(new CreateUserCommand("abc", Password))).ShouldSucceed();
        (await Create(new CreateUserCommand(new string('z', 32), Password))).ShouldSucceed();
    }

    [Theory]
    [InlineData("")]
    [InlineData("elevenchars")]
    public async Task CreateUser_fails_validation_on_password_when_it_is_too_short(string password) =>
        (await Create(new CreateUserCommand("shorty", password))).ShouldFailValidationOn("password");

    [Fact]
    public async Task CreateUser_fails_validation_on_password_of_129_characters() =>
        (await Create(new CreateUserCommand("longpass", new string('p', 129)))).ShouldFailValidationOn("password");

    [Theory]
    [InlineData("same-as-password", "same-as-password")]
    [InlineData("same-as-password", "SAME-AS-PASSWORD")]
    public async Task CreateUser_fails_validation_on_password_when_it_equals_the_username(string username, string password) =>
        (await Create(new CreateUserCommand(username, password))).ShouldFailValidationOn("password");

    [Fact]
    public async Task CreateUser_fails_validation_on_displayName_of_65_characters()
    {
        (await Create(new CreateUserCommand("wordy", Password, new string('d', 65)))).ShouldFailValidationOn("displayName");

        (await Create(new CreateUserCommand("wordy", Password, new string('d', 64)))).ShouldSucceed().DisplayName.Should().HaveLength(64);
    }

    [Fact]
    public async Task CreateUser_fails_validation_on_displayName_of_white_space() =>
        (await Create(new CreateUserCommand("blank-name", Password, "   "))).ShouldFailValidationOn("displayName");

    [Fact]
    public async Task CreateUser_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();

        (await Create(new CreateUserCommand("sneaky", Password), user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.TrySignInAsync("sneaky", Password, "192.0.2.11")).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task CreateUser_lets_an_admin_user_create_users()
    {
        var admin = await app.CreateUserAsync(admin: true);

        (await Create(new CreateUserCommand("made-by-admin", Password), admin.Caller)).ShouldSucceed();
    }

    [Fact]
    public async Task CreateUser_returns_unauthenticated_for_an_anonymous_caller() =>
        (await Create(new CreateUserCommand("nobody-made", Password), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);
}

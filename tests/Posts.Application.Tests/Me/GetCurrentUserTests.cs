using FluentAssertions;
using Posts.Application.Common.Results;
using Posts.Application.Me.GetCurrentUser;
using Posts.Application.Tests.Support;
using Posts.Application.Users;
using Posts.Application.Users.CreateUser;

namespace Posts.Application.Tests.Me;

public sealed class GetCurrentUserTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task GetCurrentUser_returns_the_callers_public_details()
    {
        var created = (await app.SendAsync<UserDetailsDto>(
            new CreateUserCommand("ada", AppFixture.DefaultPassword, "Ada Lovelace"), TestCaller.System)).ShouldSucceed();

        var me = (await app.SendAsync<UserDto>(new GetCurrentUserQuery(), new TestCaller(created.Id))).ShouldSucceed();

        me.Should().Be(new UserDto { Id = created.Id, Username = "ada", DisplayName = "Ada Lovelace" });
    }

    [Fact]
    public async Task GetCurrentUser_returns_the_caller_and_not_another_user()
    {
        var first = await app.CreateUserAsync();
        var second = await app.CreateUserAsync();

        (await app.SendAsync<UserDto>(new GetCurrentUserQuery(), second.Caller)).ShouldSucceed().Id.Should().Be(second.Id).And.NotBe(first.Id);
    }

    [Fact]
    public async Task GetCurrentUser_returns_unauthenticated_for_an_anonymous_caller() =>
        (await app.SendAsync<UserDto>(new GetCurrentUserQuery(), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);
}

using FluentAssertions;
using Mediator;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Users;
using Posts.Application.Users.DisableUser;
using Posts.Application.Users.ListUsers;

namespace Posts.Application.Tests.Users;

public sealed class ListUsersTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ListUsers_returns_every_user_ordered_by_username()
    {
        var zed = await app.CreateUserAsync("zed");
        var amy = await app.CreateUserAsync("amy");
        var max = await app.CreateUserAsync("max");

        var users = (await app.SendAsync<IReadOnlyList<UserDetailsDto>>(new ListUsersQuery(), TestCaller.System)).ShouldSucceed();

        users.Should().BeInAscendingOrder(u => u.Username, StringComparer.Ordinal);
        users.Select(u => u.Id).Should().ContainInOrder(amy.Id, max.Id, zed.Id);
    }

    [Fact]
    public async Task ListUsers_shows_an_admin_whether_each_user_is_an_admin_or_disabled()
    {
        var admin = await app.CreateUserAsync("list-admin", admin: true);
        var disabled = await app.CreateUserAsync("list-disabled");
        var plain = await app.CreateUserAsync("list-plain");
        (await app.SendAsync<Unit>(new DisableUserCommand(disabled.Username), TestCaller.System)).ShouldSucceed();

        var users = (await app.SendAsync<IReadOnlyList<UserDetailsDto>>(new ListUsersQuery(), admin.Caller)).ShouldSucceed();

        users.Single(u => u.Id == admin.Id).Should().Match<UserDetailsDto>(u => u.IsAdmin && !u.IsDisabled);
        users.Single(u => u.Id == disabled.Id).Should().Match<UserDetailsDto>(u => !u.IsAdmin && u.IsDisabled);
        users.Single(u => u.Id == plain.Id).Should().Match<UserDetailsDto>(u => !u.IsAdmin && !u.IsDisabled && u.DisplayName == "list-plain");
    }

    [Fact]
    public async Task ListUsers_returns_forbidden_for_a_user_who_is_not_an_admin()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<IReadOnlyList<UserDetailsDto>>(new ListUsersQuery(), user.Caller)).ShouldFailWith(ErrorCodes.Forbidden);
    }
}

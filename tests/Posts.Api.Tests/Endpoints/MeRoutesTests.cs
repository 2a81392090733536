using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Posts.Api.Tests.Support;
using static Posts.Api.Tests.Endpoints.Wire;

namespace Posts.Api.Tests.Endpoints;

/// <summary><c>GET /me</c> and <c>PUT /me/password</c>.</summary>
public sealed class MeRoutesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task GET_me_is_200_with_the_public_user()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.GetAsync("/me", Ct);

        var me = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        me.Names().Should().BeEquivalentTo("id", "username", "displayName");
        me.GetProperty("username").GetString().Should().Be(user.Username);
        me.GetProperty("id").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task GET_me_without_a_token_is_401_and_with_an_unknown_token_401_invalid_token()
    {
        using var anonymous = api.CreateClient();
        using var forged = api.ClientWith("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        var none = await anonymous.GetAsync("/me", Ct);
        var bad = await forged.GetAsync("/me", Ct);

        await none.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        none.Headers.WwwAuthenticate.Should().ContainSingle().Which.ToString().Should().Be("Bearer");
        await bad.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        bad.Headers.WwwAuthenticate.Should().ContainSingle().Which.ToString().Should().Contain("invalid_token");
    }

    [Fact]
    public async Task PUT_me_password_is_204_keeps_this_token_and_revokes_the_others()
    {
        var user = await api.CreateUserAsync();
        var otherToken = await api.SignInAsync(user.Username);
        using var client = user.Client();
        using var other = api.ClientWith(otherToken);
        (await other.GetAsync("/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await client.PutAsJsonAsync("/me/password", new { currentPassword = ApiFactory.DefaultPassword, newPassword = NewPassword }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(Ct));
        (await client.GetAsync("/me", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the caller's own token stays valid");
        await (await other.GetAsync("/me", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var anonymous = api.CreateClient();
        (await anonymous.PostAsJsonAsync("/tokens", new { username = user.Username, password = ApiFactory.DefaultPassword }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old password no longer signs in");
        (await anonymous.PostAsJsonAsync("/tokens", new { username = user.Username, password = NewPassword }, Ct))
            .StatusCode.Should().Be(HttpStatusCode.Created, "the new one does");
    }

    [Fact]
    public async Task PUT_me_password_with_a_wrong_currentPassword_is_400_on_currentPassword()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.PutAsJsonAsync("/me/password", new { currentPassword = "not the password at all", newPassword = NewPassword }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey("currentPassword");
        problem.ToString().Should().NotContain("not the password at all").And.NotContain(NewPassword);
    }

    [Fact]
    public async Task PUT_me_password_with_a_too_short_newPassword_is_400_on_newPassword()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.PutAsJsonAsync("/me/password", new { currentPassword = ApiFactory.DefaultPassword, newPassword = "short" }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors().Should().ContainKey("newPassword");
    }

    [Fact]
    public async Task PUT_me_password_without_a_token_is_401()
    {
        using var client = api.CreateClient();

        var response = await client.PutAsJsonAsync("/me/password", new { currentPassword = ApiFactory.DefaultPassword, newPassword = NewPassword }, Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task PUT_me_password_as_text_plain_is_415()
    {
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        var response = await client.PutAsync("/me/password", Body("{}", "text/plain"), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}

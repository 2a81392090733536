using System.Text.Json;
using FluentAssertions;
using Mediator;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens.AuthenticateToken;
using Posts.Application.Tokens.RevokeToken;
using Posts.Domain;

namespace Posts.Application.Tests.Tokens;

public sealed class SessionTokenTests(AppFixture app) : IClassFixture<AppFixture>
{
    private Task<Result<AuthenticatedSession>> Authenticate(string token) =>
        app.SendAsync<AuthenticatedSession>(new AuthenticateTokenQuery(token), TestCaller.Anonymous);

    [Fact]
    public async Task AuthenticateToken_resolves_a_live_token_to_its_user()
    {
        var user = await app.CreateUserAsync(admin: true);

        var session = (await Authenticate(user.Token)).ShouldSucceed();

        session.UserId.Should().Be(user.Id);
        session.TokenId.Should().Be(user.Caller.TokenId!.Value);
        session.IsAdmin.Should().BeTrue();
        session.Username.Should().Be(user.Username);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AuthenticateToken_refuses_what_was_never_issued(string token) =>
        (await Authenticate(token)).ShouldFailWith(ErrorCodes.Unauthenticated);

    [Fact]
    public async Task AuthenticateToken_refuses_an_expired_token()
    {
        var user = await app.CreateUserAsync();
        var token = await app.SignInAsync(user.Username, user.Password, "192.0.2.50");

        app.Clock.Advance(TimeSpan.FromHours(24));

        (await Authenticate(token.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task RevokeToken_ends_the_callers_token_only_and_writes_a_tokens_revoked_event()
    {
        var user = await app.CreateUserAsync();
        var other = await app.SignInAsync(user.Username, user.Password, "192.0.2.51");

        (await app.SendAsync<Unit>(new RevokeTokenCommand(), user.Caller)).ShouldSucceed();

        (await Authenticate(user.Token)).ShouldFailWith(ErrorCodes.Unauthenticated);
        (await Authenticate(other.Token)).ShouldSucceed();
        var revoked = (await app.EventsAsync()).Last(e => e.Type == EventTypes.TokensRevoked);
        revoked.UserId.Should().Be(user.Id);
        using var payload = JsonDocument.Parse(revoked.Payload);
        payload.RootElement.GetProperty("tokenIds").EnumerateArray().Select(t => t.GetInt64()).Should().Equal(user.Caller.TokenId!.Value);
        payload.RootElement.GetProperty("reason").GetString().Should().Be("revoked");
    }

    [Fact]
    public async Task RevokeToken_needs_an_authenticated_caller() =>
        (await app.SendAsync<Unit>(new RevokeTokenCommand(), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);
}

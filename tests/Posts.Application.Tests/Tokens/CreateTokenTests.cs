using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Results;
using Posts.Application.Common.Security;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.CreateToken;
using Posts.Application.Users.DisableUser;
using Posts.Infrastructure.Security;

namespace Posts.Application.Tests.Tokens;

public sealed class CreateTokenTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static TestCaller From(string address) => TestCaller.AnonymousFrom(address);

    [Fact]
    public async Task CreateToken_returns_a_token_that_expires_in_24_hours_and_the_user()
    {
        var user = await app.CreateUserAsync("Alice");

        var token = (await app.SendAsync<TokenDto>(new CreateTokenCommand("ALICE", user.Password), From("192.0.2.1"))).ShouldSucceed();

        token.Token.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        token.ExpiresAt.Should().Be(app.Clock.GetUtcNow().AddHours(24));
        token.User.Username.Should().Be("alice");
        token.User.Id.Should().Be(user.Id);
    }

    [Fact]
    public async Task CreateToken_stores_only_the_sha256_of_the_token()
    {
        var user = await app.CreateUserAsync();
        var token = await app.SignInAsync(user.Username, user.Password);

        var stored = await app.QueryAsync(db => db.Tokens.Where(t => t.UserId == user.Id).Select(t => t.Hash).ToListAsync());

        stored.Should().ContainSingle(h => h.SequenceEqual(Domain.Token.HashSecret(token.Token)));
    }

    [Fact]
    public async Task CreateToken_gives_the_same_answer_for_a_wrong_password_and_an_unknown_user()
    {
        var user = await app.CreateUserAsync();

        var wrong = (await app.SendAsync<TokenDto>(new CreateTokenCommand(user.Username, "not the password!"), From("192.0.2.2")))
            .ShouldFailWith(ErrorCodes.Unauthenticated);
        var unknown = (await app.SendAsync<TokenDto>(new CreateTokenCommand("nobody-here", "not the password!"), From("192.0.2.2")))
            .ShouldFailWith(ErrorCodes.Unauthenticated);

        unknown.Message.Should().Be(wrong.Message);
    }

    [Fact]
    public async Task CreateToken_refuses_a_disabled_user()
    {
        var user = await app.CreateUserAsync();
        (await app.SendAsync<Mediator.Unit>(new DisableUserCommand(user.Username), TestCaller.System)).ShouldSucceed();

        (await app.SendAsync<TokenDto>(new CreateTokenCommand(user.Username, user.Password), From("192.0.2.3")))
            .ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task CreateToken_validates_that_both_fields_are_given() =>
        (await app.SendAsync<TokenDto>(new CreateTokenCommand("", ""), From("192.0.2.4")))
            .ShouldFailValidationOn("username", "password");

    [Fact]
    public async Task CreateToken_rehashes_a_password_hashed_with_fewer_iterations()
    {
        var user = await app.CreateUserAsync();
        var cheap = new IdentityPasswordHasher(Microsoft.Extensions.Options.Options.Create(new PasswordHashingOptions { Iterations = 500 }));
        await app.QueryAsync(async db =>
        {
            var entity = await db.Users.SingleAsync(u => u.Id == user.Id);
            entity.ChangePasswordHash(cheap.Hash(user.Password));
            return await db.SaveChangesAsync();
        });

        await app.SignInAsync(user.Username, user.Password);

        var hash = await app.QueryAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync());
        PasswordHashes.IterationsOf(hash).Should().Be(AppFixture.TestHashIterations);
    }
}

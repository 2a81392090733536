using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Posts.Application.Common.Results;
using Posts.Application.Common.Security;
using Posts.Application.Tests.Support;
using Posts.Application.Tokens;
using Posts.Application.Tokens.CreateToken;

namespace Posts.Application.Tests.Tokens;

/// <summary>The production cap of two concurrent password hashes per process.</summary>
public sealed class TwoHashesFixture(Testing.PostgresServer server) : AppFixture(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Auth:MaxConcurrentPasswordHashes", "2")];
}

public sealed class PasswordHashingGateTests(TwoHashesFixture app) : IClassFixture<TwoHashesFixture>
{
    [Fact]
    public async Task Sign_in_is_rate_limited_while_every_hashing_slot_is_taken()
    {
        var user = await app.CreateUserAsync();
        var gate = app.Services.GetRequiredService<PasswordHashingGate>();
        using var first = gate.TryEnter();
        using var second = gate.TryEnter();
        first.Should().NotBeNull();
        second.Should().NotBeNull();

        var busy = await app.SendAsync<TokenDto>(new CreateTokenCommand(user.Username, user.Password), TestCaller.Anonymous);

        busy.ShouldFailWith(ErrorCodes.RateLimited).RetryAfterSeconds.Should().Be(1);
    }

    [Fact]
    public async Task A_released_slot_serves_the_next_sign_in()
    {
        var user = await app.CreateUserAsync();
        var gate = app.Services.GetRequiredService<PasswordHashingGate>();
        gate.TryEnter()!.Dispose();

        (await app.SendAsync<TokenDto>(new CreateTokenCommand(user.Username, user.Password), TestCaller.Anonymous)).ShouldSucceed();
    }
}

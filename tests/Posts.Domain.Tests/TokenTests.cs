using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Posts.Domain;

namespace Posts.Domain.Tests;

public sealed class TokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Issue_returns_256_random_bits_as_base64url_and_keeps_only_their_sha256()
    {
        var (token, secret) = Token.Issue(7, Now, TimeSpan.FromHours(24));

        secret.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
        token.Hash.Should().Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        token.UserId.Should().Be(7);
        token.ExpiresAt.Should().Be(Now.AddHours(24));
    }

    [Fact]
    public void Issue_never_repeats_a_secret()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => Token.Issue(1, Now, TimeSpan.FromHours(1)).Secret).ToHashSet();

        secrets.Should().HaveCount(1000);
    }

    [Fact]
    public void Issue_rejects_a_lifetime_that_is_not_positive() =>
        ((Action)(() => Token.Issue(1, Now, TimeSpan.Zero))).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void A_token_is_active_until_it_expires()
    {
        var (token, _) = Token.Issue(1, Now, TimeSpan.FromMinutes(10));

        token.IsActiveAt(Now.AddMinutes(9)).Should().BeTrue();
        token.IsActiveAt(Now.AddMinutes(10)).Should().BeFalse();
    }

    [Fact]
    public void A_revoked_token_is_not_active_and_revoking_again_changes_nothing()
    {
        var (token, _) = Token.Issue(1, Now, TimeSpan.FromMinutes(10));

        token.Revoke(Now.AddMinutes(1)).Should().BeTrue();
        token.Revoke(Now.AddMinutes(2)).Should().BeFalse();
        token.RevokedAt.Should().Be(Now.AddMinutes(1));
        token.IsActiveAt(Now.AddMinutes(1)).Should().BeFalse();
    }
}

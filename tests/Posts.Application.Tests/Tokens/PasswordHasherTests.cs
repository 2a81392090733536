using FluentAssertions;
using Microsoft.Extensions.Options;
using Posts.Application.Common.Abstractions;
using Posts.Application.Tests.Support;
using Posts.Infrastructure.Security;

namespace Posts.Application.Tests.Tokens;

/// <summary>The one place the production hashing cost is exercised (the rest of the suite runs cheap).</summary>
public sealed class PasswordHasherTests
{
    [Fact]
    public void The_production_hash_is_PBKDF2_HMAC_SHA512_at_210000_iterations_and_verifies()
    {
        var hasher = new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions()));

        var hash = hasher.Hash("correct horse battery");

        PasswordHashes.IterationsOf(hash).Should().Be(210_000);
        PasswordHashes.PrfOf(hash).Should().Be(2, "2 is HMAC-SHA512 in Identity's v3 format");
        hasher.Verify(hash, "correct horse battery").Should().Be(PasswordVerification.Success);
        hasher.Verify(hash, "correct horse batterY").Should().Be(PasswordVerification.Failed);
    }

    [Fact]
    public void A_hash_with_fewer_iterations_verifies_but_asks_for_a_rehash()
    {
        var old = new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions { Iterations = 100_000 }));
        var current = new IdentityPasswordHasher(Options.Create(new PasswordHashingOptions()));

        current.Verify(old.Hash("correct horse battery"), "correct horse battery").Should().Be(PasswordVerification.SuccessRehashNeeded);
    }
}

using FluentAssertions;
using Posts.Domain;

namespace Posts.Domain.Tests;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_stores_the_username_in_lower_case()
    {
        var user = User.Create("  Alice_01 ", "Alice", "hash", isAdmin: false, Now);

        user.Username.Should().Be("alice_01");
        user.IsDisabled.Should().BeFalse();
        user.CreatedAt.Should().Be(Now);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a-very-long-username-of-33-chars-x")]
    [InlineData("al ice")]
    [InlineData("alice!")]
    [InlineData("")]
    public void Create_rejects_a_username_outside_the_rule(string username)
    {
        var create = () => User.Create(username, "Name", "hash", false, Now);

        create.Should().Throw<ArgumentException>().WithParameterName(nameof(username));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_rejects_an_empty_display_name(string displayName)
    {
        var create = () => User.Create("alice", displayName, "hash", false, Now);

        create.Should().Throw<ArgumentException>().WithParameterName(nameof(displayName));
    }

    [Fact]
    public void Create_rejects_a_display_name_over_64_characters() =>
        ((Action)(() => User.Create("alice", new string('x', User.DisplayNameMaxLength + 1), "hash", false, Now)))
            .Should().Throw<ArgumentException>();

    [Theory]
    [InlineData("correct horse", "alice", true)]
    [InlineData("short", "alice", false)]
    [InlineData("alice_is_long", "alice_is_long", false)]
    [InlineData("ALICE_IS_LONG", "alice_is_long", false)]
    public void Password_policy_wants_12_to_128_characters_other_than_the_username(string password, string username, bool satisfies) =>
        User.SatisfiesPasswordPolicy(password, username).Should().Be(satisfies);

    [Fact]
    public void Password_policy_rejects_129_characters() =>
        User.SatisfiesPasswordPolicy(new string('p', User.PasswordMaxLength + 1), "alice").Should().BeFalse();

    [Fact]
    public void Disable_and_enable_report_whether_they_changed_anything()
    {
        var user = User.Create("alice", "Alice", "hash", false, Now);

        user.Disable().Should().BeTrue();
        user.Disable().Should().BeFalse();
        user.IsDisabled.Should().BeTrue();
        user.Enable().Should().BeTrue();
        user.Enable().Should().BeFalse();
        user.IsDisabled.Should().BeFalse();
    }
}

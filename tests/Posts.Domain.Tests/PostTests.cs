using FluentAssertions;
using Posts.Domain;

namespace Posts.Domain.Tests;

public sealed class PostTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_post_starts_at_version_1()
    {
        var post = Post.Create(7, "Hello", "World", Now);

        post.Version.Should().Be(1);
        post.CreatedAt.Should().Be(Now);
        post.UpdatedAt.Should().Be(Now);
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("  ", "body")]
    [InlineData("title", "")]
    public void Create_rejects_an_empty_title_or_body(string title, string body) =>
        ((Action)(() => Post.Create(7, title, body, Now))).Should().Throw<ArgumentException>();

    [Fact]
    public void Create_enforces_the_length_limits()
    {
        ((Action)(() => Post.Create(7, new string('t', Post.TitleMaxLength + 1), "b", Now))).Should().Throw<ArgumentException>();
        ((Action)(() => Post.Create(7, "t", new string('b', Post.BodyMaxLength + 1), Now))).Should().Throw<ArgumentException>();
        Post.Create(7, new string('t', Post.TitleMaxLength), new string('b', Post.BodyMaxLength), Now).Should().NotBeNull();
    }

    [Fact]
    public void Update_bumps_the_version_by_one_per_change_and_leaves_absent_fields_alone()
    {
        var post = Post.Create(7, "Hello", "World", Now);

        post.Update("Hi", null, Now.AddMinutes(1)).Should().BeTrue();
        post.Update(null, "Earth", Now.AddMinutes(2)).Should().BeTrue();

        post.Version.Should().Be(3);
        post.Title.Should().Be("Hi");
        post.Body.Should().Be("Earth");
        post.UpdatedAt.Should().Be(Now.AddMinutes(2));
        post.CreatedAt.Should().Be(Now);
    }

    [Fact]
    public void Update_with_the_same_values_changes_nothing()
    {
        var post = Post.Create(7, "Hello", "World", Now);

        post.Update("Hello", "World", Now.AddMinutes(1)).Should().BeFalse();

        post.Version.Should().Be(1);
        post.UpdatedAt.Should().Be(Now);
    }

    [Fact]
    public void Update_rejects_an_invalid_title_and_keeps_the_post_as_it_was()
    {
        var post = Post.Create(7, "Hello", "World", Now);

        ((Action)(() => post.Update("", "New body", Now))).Should().Throw<ArgumentException>();

        post.Body.Should().Be("World");
        post.Version.Should().Be(1);
    }

    [Fact]
    public void Comments_enforce_their_length_and_track_updates()
    {
        ((Action)(() => Comment.Create(1, 7, new string('c', Comment.BodyMaxLength + 1), Now))).Should().Throw<ArgumentException>();
        var comment = Comment.Create(1, 7, "Nice", Now);

        comment.Update("Nice", Now.AddMinutes(1)).Should().BeFalse();
        comment.Update("Very nice", Now.AddMinutes(2)).Should().BeTrue();

        comment.Body.Should().Be("Very nice");
        comment.UpdatedAt.Should().Be(Now.AddMinutes(2));
        comment.IsAuthoredBy(7).Should().BeTrue();
    }
}

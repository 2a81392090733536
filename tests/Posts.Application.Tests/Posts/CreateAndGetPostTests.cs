using System.Text.Json;
using FluentAssertions;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Comments;
using Posts.Application.Comments.CreateComment;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Posts;

public sealed class CreateAndGetPostTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task CreatePost_starts_at_version_1_and_writes_a_posts_created_event_with_the_post()
    {
        var author = await app.CreateUserAsync();

        var post = (await app.SendAsync<PostDto>(new CreatePostCommand("Hello", "World"), author.Caller)).ShouldSucceed();

        post.Id.Should().BePositive();
        post.AuthorId.Should().Be(author.Id);
        post.Version.Should().Be(1);
        post.CommentCount.Should().Be(0);
        post.CreatedAt.Should().Be(app.Clock.GetUtcNow());
        var created = (await app.EventsAsync()).Single(e => e.Type == EventTypes.PostCreated && e.PostId == post.Id);
        created.UserId.Should().Be(author.Id);
        using var payload = JsonDocument.Parse(created.Payload);
        payload.RootElement.GetProperty("title").GetString().Should().Be("Hello");
        payload.RootElement.GetProperty("id").GetInt64().Should().Be(post.Id);
    }

    [Theory]
    [InlineData("", "body", "title")]
    [InlineData("   ", "body", "title")]
    [InlineData("title", "", "body")]
    public async Task CreatePost_validates_title_and_body(string title, string body, string field)
    {
        var author = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new CreatePostCommand(title, body), author.Caller)).ShouldFailValidationOn(field);
    }

    [Fact]
    public async Task CreatePost_enforces_the_length_limits()
    {
        var author = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new CreatePostCommand(new string('t', 201), new string('b', 20_001)), author.Caller))
            .ShouldFailValidationOn("title", "body");
    }

    [Fact]
    public async Task CreatePost_needs_a_signed_in_user() =>
        (await app.SendAsync<PostDto>(new CreatePostCommand("Hello", "World"), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);

    [Fact]
    public async Task CreatePost_is_forbidden_to_the_system_identity_which_is_no_author() =>
        (await app.SendAsync<PostDto>(new CreatePostCommand("Hello", "World"), TestCaller.System)).ShouldFailWith(ErrorCodes.Forbidden);

    [Fact]
    public async Task GetPost_returns_the_post_with_its_comment_count_and_embeds()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var post = (await app.SendAsync<PostDto>(new CreatePostCommand("Hello", "World"), author.Caller)).ShouldSucceed();
        for (var i = 1; i <= 22; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, $"comment {i}"), reader.Caller)).ShouldSucceed();
        }

        var plain = (await app.SendAsync<PostDto>(new GetPostQuery(post.Id), reader.Caller)).ShouldSucceed();
        var embedded = (await app.SendAsync<PostDto>(new GetPostQuery(post.Id, ["author", "comments"]), reader.Caller)).ShouldSucceed();

        plain.CommentCount.Should().Be(22);
        plain.Author.Should().BeNull();
        plain.Comments.Should().BeNull();
        embedded.Author!.Username.Should().Be(author.Username);
        embedded.Comments!.Select(c => c.Body).Should().Equal(Enumerable.Range(3, 20).Select(i => $"comment {i}"),
            "the 20 newest comments, oldest first");
    }

    [Fact]
    public async Task GetPost_returns_not_found_for_a_missing_post()
    {
        var reader = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new GetPostQuery(long.MaxValue), reader.Caller)).ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task A_missing_id_is_a_validation_error_not_a_missing_post()
    {
        var reader = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new GetPostQuery(0), reader.Caller)).ShouldFailValidationOn("id");
        (await app.SendAsync<Mediator.Unit>(new global::Posts.Application.Posts.DeletePost.DeletePostCommand(0), reader.Caller)).ShouldFailValidationOn("id");
        (await app.SendAsync<CommentDto>(new CreateCommentCommand(0, "Hi"), reader.Caller)).ShouldFailValidationOn("postId");
    }

    [Fact]
    public async Task GetPost_rejects_an_unknown_embed()
    {
        var reader = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new GetPostQuery(1, ["author", "likes"]), reader.Caller)).ShouldFailValidationOn("embed");
    }
}

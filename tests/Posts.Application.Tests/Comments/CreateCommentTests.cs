using FluentAssertions;
using Posts.Application.Comments;
using Posts.Application.Comments.CreateComment;
using Posts.Application.Comments.ListComments;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Comments;

public sealed class CreateCommentTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task CreateComment_returns_the_comment_and_stores_it()
    {
        var author = await app.CreateUserAsync();
        var commenter = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(author);

        var comment = (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, "Nice post"), commenter.Caller)).ShouldSucceed();

        comment.Id.Should().BePositive();
        comment.PostId.Should().Be(post.Id);
        comment.AuthorId.Should().Be(commenter.Id);
        comment.Body.Should().Be("Nice post");
        comment.CreatedAt.Should().BeCloseTo(app.Clock.GetUtcNow(), TimeSpan.FromMicroseconds(1));
        comment.UpdatedAt.Should().Be(comment.CreatedAt);
        var stored = await app.StoredCommentAsync(comment.Id);
        stored.Should().NotBeNull();
        stored!.Body.Should().Be("Nice post");
        stored.AuthorId.Should().Be(commenter.Id);
        stored.PostId.Should().Be(post.Id);
    }

    [Fact]
    public async Task CreateComment_writes_a_comments_created_event_with_the_comment_as_payload()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        var comment = (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, "Eventful"), user.Caller)).ShouldSucceed();

        var e = (await app.CommentEventsAsync(comment.Id, EventTypes.CommentCreated)).Should().ContainSingle().Subject;
        e.PostId.Should().Be(post.Id);
        e.UserId.Should().Be(user.Id);
        var payload = CommentSteps.PayloadOf(e);
        payload.GetProperty("id").GetInt64().Should().Be(comment.Id);
        payload.GetProperty("postId").GetInt64().Should().Be(post.Id);
        payload.GetProperty("authorId").GetInt64().Should().Be(user.Id);
        payload.GetProperty("body").GetString().Should().Be("Eventful");
        payload.GetProperty("createdAt").GetString().Should().EndWith("Z");
    }

    [Fact]
    public async Task CreateComment_returns_the_same_timestamps_as_a_later_read()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        // A clock with sub-microsecond ticks, as the system clock has; PostgreSQL keeps microseconds.
        app.Clock.Advance(TimeSpan.FromTicks(17 - (app.Clock.GetUtcNow().UtcTicks % 10)));

        var created = (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, "Timely"), user.Caller)).ShouldSucceed();

        var listed = (await app.SendAsync<Page<CommentDto>>(new ListCommentsQuery(post.Id), user.Caller)).ShouldSucceed();
        listed.Data.Should().ContainSingle().Which.Should().Be(created);
    }

    [Fact]
    public async Task CreateComment_accepts_a_body_of_5000_characters()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        var comment = (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, new string('x', 5000)), user.Caller)).ShouldSucceed();

        comment.Body.Should().HaveLength(5000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task CreateComment_fails_validation_on_body_when_it_is_empty(string? body)
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, body!), user.Caller)).ShouldFailValidationOn("body");
    }

    [Fact]
    public async Task CreateComment_fails_validation_on_body_of_5001_characters()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, new string('x', 5001)), user.Caller)).ShouldFailValidationOn("body");

        (await app.EventsAsync()).Should().NotContain(e => e.PostId == post.Id && e.Type == EventTypes.CommentCreated);
    }

    [Fact]
    public async Task CreateComment_returns_not_found_for_a_missing_post()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<CommentDto>(new CreateCommentCommand(long.MaxValue, "Hello?"), user.Caller)).ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task CreateComment_returns_forbidden_for_the_cli_system_caller()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, "From the CLI"), TestCaller.System)).ShouldFailWith(ErrorCodes.Forbidden);

        (await app.EventsAsync()).Should().NotContain(e => e.PostId == post.Id && e.Type == EventTypes.CommentCreated);
    }

    [Fact]
    public async Task CreateComment_returns_unauthenticated_for_an_anonymous_caller()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await app.SendAsync<CommentDto>(new CreateCommentCommand(post.Id, "Who am I"), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);
    }
}

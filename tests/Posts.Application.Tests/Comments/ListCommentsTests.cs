using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Comments;
using Posts.Application.Comments.ListComments;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Application.Tests.Support;

namespace Posts.Application.Tests.Comments;

public sealed class ListCommentsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private Task<Result<Page<CommentDto>>> List(ListCommentsQuery query, TestUser caller) =>
        app.SendAsync<Page<CommentDto>>(query, caller.Caller);

    [Fact]
    public async Task ListComments_returns_the_comments_oldest_first()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var first = await app.CommentAsync(user, post.Id, "first");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await app.CommentAsync(user, post.Id, "second");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var third = await app.CommentAsync(user, post.Id, "third");
        // The newest id made the oldest: the order is by created-at, not by id.
        await app.QueryAsync(db => db.Comments.Where(c => c.Id == third.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, first.CreatedAt.AddMinutes(-5))));

        var page = (await List(new ListCommentsQuery(post.Id), user)).ShouldSucceed();

        page.Data.Select(c => c.Id).Should().Equal(third.Id, first.Id, second.Id);
        page.Data.Select(c => c.Body).Should().Equal("third", "first", "second");
        page.Data.Should().OnlyContain(c => c.PostId == post.Id && c.AuthorId == user.Id);
    }

    [Fact]
    public async Task ListComments_lists_only_the_comments_of_the_given_post()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var other = await app.CreatePostAsync(user);
        var mine = await app.CommentAsync(user, post.Id);
        await app.CommentAsync(user, other.Id);

        var page = (await List(new ListCommentsQuery(post.Id), user)).ShouldSucceed();

        page.Data.Select(c => c.Id).Should().Equal(mine.Id);
        page.Meta.Total.Should().Be(1);
    }

    [Fact]
    public async Task ListComments_returns_page_meta_for_numbered_pages()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await app.CommentAsync(user, post.Id, $"comment {i}")).Id);
        }

        var first = (await List(new ListCommentsQuery(post.Id, Page: 1, Limit: 2), user)).ShouldSucceed();
        var last = (await List(new ListCommentsQuery(post.Id, Page: 2, Limit: 2), user)).ShouldSucceed();

        first.Data.Select(c => c.Id).Should().Equal(ids[0], ids[1]);
        first.Meta.Should().Be(new PageMeta(1, 2, 3, true, true, first.Meta.NextCursor));
        first.Meta.NextCursor.Should().NotBeNullOrEmpty();
        last.Data.Select(c => c.Id).Should().Equal(ids[2]);
        last.Meta.Should().Be(new PageMeta(2, 2, 3, true, false, null));
    }

    [Fact]
    public async Task ListComments_defaults_to_the_first_page_of_ten()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        var page = (await List(new ListCommentsQuery(post.Id), user)).ShouldSucceed();

        page.Data.Should().BeEmpty();
        page.Meta.Should().Be(new PageMeta(1, Paging.DefaultLimit, 0, true, false, null));
    }

    [Fact]
    public async Task ListComments_cursor_walk_reads_every_comment_exactly_once()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var expected = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            // Groups of three share a timestamp, so the walk must break ties by id.
            if (i % 3 == 0) app.Clock.Advance(TimeSpan.FromSeconds(1));
            expected.Add((await app.CommentAsync(user, post.Id, $"comment {i}")).Id);
        }

        var seen = new List<long>();
        var pageSizes = new List<int>();
        string? cursor = null;
        do
        {
            var page = (await List(new ListCommentsQuery(post.Id, Cursor: cursor, Limit: 10), user)).ShouldSucceed();
            if (cursor is not null) page.Meta.Page.Should().BeNull("a cursor page has no number");
            page.Meta.HasMore.Should().Be(page.Meta.NextCursor is not null);
            page.Meta.Total.Should().Be(25);
            seen.AddRange(page.Data.Select(c => c.Id));
            pageSizes.Add(page.Data.Count);
            cursor = page.Meta.NextCursor;
        }
        while (cursor is not null && pageSizes.Count < 10);

        pageSizes.Should().Equal(10, 10, 5);
        seen.Should().Equal(expected);
    }

    [Fact]
    public async Task ListComments_returns_not_found_for_a_missing_post()
    {
        var user = await app.CreateUserAsync();

        (await List(new ListCommentsQuery(long.MaxValue), user)).ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task ListComments_returns_unauthenticated_for_an_anonymous_caller()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await app.SendAsync<Page<CommentDto>>(new ListCommentsQuery(post.Id), TestCaller.Anonymous))
            .ShouldFailWith(ErrorCodes.Unauthenticated);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task ListComments_fails_validation_on_limit_out_of_range(int limit)
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await List(new ListCommentsQuery(post.Id, Limit: limit), user)).ShouldFailValidationOn("limit");
    }

    [Fact]
    public async Task ListComments_accepts_the_limits_1_and_100()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await List(new ListCommentsQuery(post.Id, Limit: 1), user)).ShouldSucceed().Meta.Limit.Should().Be(1);
        (await List(new ListCommentsQuery(post.Id, Limit: 100), user)).ShouldSucceed().Meta.Limit.Should().Be(100);
    }

    [Fact]
    public async Task ListComments_fails_validation_on_cursor_when_page_and_cursor_are_both_given()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);
        var cursor = new Cursor(app.Clock.GetUtcNow(), 1).Encode();

        var error = (await List(new ListCommentsQuery(post.Id, Page: 1, Cursor: cursor), user)).ShouldFailValidationOn("cursor");

        error.Details.Should().NotContainKey("page");
    }

    [Fact]
    public async Task ListComments_fails_validation_on_cursor_for_a_cursor_it_did_not_issue()
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await List(new ListCommentsQuery(post.Id, Cursor: "not-a-cursor"), user)).ShouldFailValidationOn("cursor");
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(101, 100)]
    public async Task ListComments_fails_validation_on_page_below_one_or_too_deep(int page, int limit)
    {
        var user = await app.CreateUserAsync();
        var post = await app.CreatePostAsync(user);

        (await List(new ListCommentsQuery(post.Id, Page: page, Limit: limit), user)).ShouldFailValidationOn("page");
    }
}

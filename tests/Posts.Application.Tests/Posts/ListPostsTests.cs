using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Tests.Support;

namespace Posts.Application.Tests.Posts;

/// <summary>Each test lists only its own author's posts (filter.author), so tests sharing the database stay apart.</summary>
public sealed class ListPostsTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(TestUser Author, List<PostDto> Posts)> PostsAsync(int count, Func<int, (string Title, string Body)>? text = null)
    {
        var author = await app.CreateUserAsync();
        var posts = new List<PostDto>();
        for (var i = 1; i <= count; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var (title, body) = text?.Invoke(i) ?? ($"Post {i}", $"Body {i}");
            posts.Add((await app.SendAsync<PostDto>(new CreatePostCommand(title, body), author.Caller)).ShouldSucceed());
        }

        return (author, posts);
    }

    private Task<Result<Page<PostDto>>> List(TestUser caller, ListPostsQuery query) => app.SendAsync<Page<PostDto>>(query, caller.Caller);

    private static PostFilter By(TestUser author, string? since = null, string? until = null, string? q = null) =>
        new(since, until, author.Username, q);

    [Fact]
    public async Task ListPosts_pages_newest_first_with_exact_meta()
    {
        var (author, posts) = await PostsAsync(12);

        var first = (await List(author, new ListPostsQuery(Filter: By(author)))).ShouldSucceed();
        var second = (await List(author, new ListPostsQuery(Page: 2, Filter: By(author)))).ShouldSucceed();

        first.Data.Select(p => p.Id).Should().Equal(posts.AsEnumerable().Reverse().Take(10).Select(p => p.Id));
        first.Meta.Should().BeEquivalentTo(new { Page = 1, Limit = 10, Total = 12L, TotalExact = true, HasMore = true });
        first.Meta.NextCursor.Should().NotBeNull();
        second.Data.Select(p => p.Id).Should().Equal(posts[1].Id, posts[0].Id);
        second.Meta.Should().BeEquivalentTo(new { Page = 2, Total = 12L, HasMore = false, NextCursor = (string?)null });
    }

    [Fact]
    public async Task ListPosts_by_cursor_reads_every_post_once_and_ends_with_a_null_cursor()
    {
        var (author, posts) = await PostsAsync(23);
        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;

        do
        {
            var page = (await List(author, new ListPostsQuery(Cursor: cursor, Limit: 5, Filter: By(author)))).ShouldSucceed();
            page.Meta.Page.Should().Be(cursor is null ? 1 : null, "a page read by cursor has no number");
            page.Meta.Total.Should().Be(23);
            seen.AddRange(page.Data.Select(p => p.Id));
            cursor = page.Meta.NextCursor;
            pages++;
        }
        while (cursor is not null);

        pages.Should().Be(5);
        seen.Should().Equal(posts.AsEnumerable().Reverse().Select(p => p.Id));
    }

    [Fact]
    public async Task ListPosts_cursor_keeps_its_place_when_newer_posts_arrive()
    {
        var (author, posts) = await PostsAsync(6);
        var first = (await List(author, new ListPostsQuery(Limit: 3, Filter: By(author)))).ShouldSucceed();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await app.SendAsync<PostDto>(new CreatePostCommand("Newer", "Arrived meanwhile"), author.Caller)).ShouldSucceed();

        var next = (await List(author, new ListPostsQuery(Cursor: first.Meta.NextCursor, Limit: 3, Filter: By(author)))).ShouldSucceed();

        next.Data.Select(p => p.Id).Should().Equal(posts[2].Id, posts[1].Id, posts[0].Id);
    }

    [Fact]
    public async Task ListPosts_filters_by_since_and_until_in_iso_and_the_articles_format()
    {
        var (author, posts) = await PostsAsync(5);
        var since = posts[1].CreatedAt.UtcDateTime;
        var until = posts[3].CreatedAt.UtcDateTime;

        var iso = (await List(author, new ListPostsQuery(Filter: By(author, since.ToString("O"), until.ToString("O"))))).ShouldSucceed();
        var article = (await List(author, new ListPostsQuery(Filter: By(author,
            since.AddMinutes(1).ToString("yyyy/MM/dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))))).ShouldSucceed();

        iso.Data.Select(p => p.Id).Should().Equal(posts[3].Id, posts[2].Id, posts[1].Id);
        article.Data.Should().NotContain(p => p.Id == posts[0].Id).And.Contain(p => p.Id == posts[4].Id);
    }

    [Fact]
    public async Task ListPosts_searches_title_and_body_case_insensitively_and_treats_wildcards_literally()
    {
        var (author, posts) = await PostsAsync(4, i => i switch
        {
            1 => ("Sockets in your API", "plain"),
            2 => ("Plain", "all about SOCKETS"),
            3 => ("100% done", "nothing"),
            _ => ("Other", "text"),
        });

        var sockets = (await List(author, new ListPostsQuery(Filter: By(author, q: "sockets")))).ShouldSucceed();
        var percent = (await List(author, new ListPostsQuery(Filter: By(author, q: "0%")))).ShouldSucceed();
        var underscore = (await List(author, new ListPostsQuery(Filter: By(author, q: "_")))).ShouldSucceed();

        sockets.Data.Select(p => p.Id).Should().BeEquivalentTo([posts[0].Id, posts[1].Id]);
        percent.Data.Select(p => p.Id).Should().Equal(posts[2].Id);
        underscore.Data.Should().BeEmpty();
    }

    [Fact]
    public async Task ListPosts_by_an_unknown_author_is_an_empty_page()
    {
        var reader = await app.CreateUserAsync();

        var page = (await List(reader, new ListPostsQuery(Filter: new PostFilter(Author: "nobody-at-all")))).ShouldSucceed();

        page.Data.Should().BeEmpty();
        page.Meta.Should().BeEquivalentTo(new { Total = 0L, TotalExact = true, HasMore = false });
    }

    [Fact]
    public async Task ListPosts_embeds_the_author()
    {
        var (author, _) = await PostsAsync(2);

        var page = (await List(author, new ListPostsQuery(Filter: By(author), Embed: ["author"]))).ShouldSucceed();

        page.Data.Should().OnlyContain(p => p.Author!.Username == author.Username && p.Comments == null);
    }

    [Fact]
    public async Task ListPosts_counts_exactly_up_to_the_cap_and_says_when_it_stopped()
    {
        var author = await app.CreateUserAsync();
        await app.QueryAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO posts (author_id, title, body, created_at, updated_at, version)
            SELECT {author.Id}, 'Bulk ' || n, 'Body', now() - n * interval '1 second', now(), 1 FROM generate_series(1, 10001) AS n
            """));

        var page = (await List(author, new ListPostsQuery(Page: 2, Filter: By(author)))).ShouldSucceed();

        page.Meta.Should().BeEquivalentTo(new { Total = (long)Paging.TotalCountCap, TotalExact = false, HasMore = true });
        page.Data.Should().HaveCount(10);
    }

    public static TheoryData<ListPostsQuery, string> Invalid => new()
    {
        { new ListPostsQuery(Limit: 0), "limit" },
        { new ListPostsQuery(Limit: 101), "limit" },
        { new ListPostsQuery(Page: 0), "page" },
        { new ListPostsQuery(Page: 101, Limit: 100), "page" },
        { new ListPostsQuery(Page: 1, Cursor: new Cursor(DateTimeOffset.UnixEpoch, 1).Encode()), "cursor" },
        { new ListPostsQuery(Cursor: "not-a-cursor"), "cursor" },
        { new ListPostsQuery(Filter: new PostFilter(Since: "29/12/2014")), "filter.since" },
        { new ListPostsQuery(Filter: new PostFilter(Until: "tomorrow")), "filter.until" },
        { new ListPostsQuery(Filter: new PostFilter(Author: "Not A Username!")), "filter.author" },
        { new ListPostsQuery(Filter: new PostFilter(Q: "")), "filter.q" },
        { new ListPostsQuery(Filter: new PostFilter(Q: new string('q', 201))), "filter.q" },
        { new ListPostsQuery(Embed: ["author", "votes"]), "embed" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task ListPosts_names_the_field_that_breaks_a_rule(ListPostsQuery query, string field)
    {
        var reader = await app.CreateUserAsync();

        (await List(reader, query)).ShouldFailValidationOn(field);
    }
}

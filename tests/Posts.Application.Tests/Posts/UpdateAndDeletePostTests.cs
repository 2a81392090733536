using FluentAssertions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.DeletePost;
using Posts.Application.Posts.UpdatePost;
using Posts.Application.Tests.Support;
using Posts.Domain;

namespace Posts.Application.Tests.Posts;

public sealed class UpdateAndDeletePostTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<(TestUser Author, PostDto Post)> PostAsync()
    {
        var author = await app.CreateUserAsync();
        var post = (await app.SendAsync<PostDto>(new CreatePostCommand("Hello", "World"), author.Caller)).ShouldSucceed();
        return (author, post);
    }

    [Fact]
    public async Task UpdatePost_changes_the_given_field_leaves_the_absent_one_and_bumps_the_version()
    {
        var (author, post) = await PostAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = (await app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Title: Optional.Of<string?>("Hi")), author.Caller))
            .ShouldSucceed();

        updated.Title.Should().Be("Hi");
        updated.Body.Should().Be("World");
        updated.Version.Should().Be(2);
        updated.UpdatedAt.Should().Be(app.Clock.GetUtcNow());
        updated.CreatedAt.Should().Be(post.CreatedAt);
        (await app.EventsAsync()).Should().ContainSingle(e => e.Type == EventTypes.PostUpdated && e.PostId == post.Id);
    }

    [Fact]
    public async Task UpdatePost_with_nothing_new_keeps_the_version_and_writes_no_event()
    {
        var (author, post) = await PostAsync();

        var same = (await app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Title: Optional.Of<string?>("Hello")), author.Caller))
            .ShouldSucceed();

        same.Version.Should().Be(1);
        (await app.EventsAsync()).Should().NotContain(e => e.Type == EventTypes.PostUpdated && e.PostId == post.Id);
    }

    [Fact]
    public async Task UpdatePost_rejects_null_for_a_required_field()
    {
        var (author, post) = await PostAsync();

        (await app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Title: Optional.Of<string?>(null)), author.Caller))
            .ShouldFailValidationOn("title");
    }

    [Fact]
    public async Task UpdatePost_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var (author, post) = await PostAsync();
        (await app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Body: Optional.Of<string?>("v2"), Version: 1), author.Caller))
            .ShouldSucceed().Version.Should().Be(2);

        var stale = await app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Body: Optional.Of<string?>("v3"), Version: 1), author.Caller);

        stale.ShouldFailWith(ErrorCodes.Conflict).Details!["currentVersion"].Should().Be(2);
        (await app.QueryAsync(db => db.Posts.Where(p => p.Id == post.Id).Select(p => p.Body).SingleAsync())).Should().Be("v2");
    }

    [Fact]
    public async Task Concurrent_updates_lose_nothing_and_the_losers_get_conflict()
    {
        var (author, post) = await PostAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            app.SendAsync<PostDto>(new UpdatePostCommand(post.Id, Body: Optional.Of<string?>($"edit {i}")), author.Caller)));

        var versions = results.Where(r => r.IsSuccess).Select(r => r.Value.Version).ToList();
        versions.Should().OnlyHaveUniqueItems("each successful update bumps the version once");
        // Updates that happen not to overlap all succeed; those that do overlap lose with conflict, never anything else.
        results.Where(r => !r.IsSuccess).Select(r => r.Error!.Code).Distinct().Should().BeSubsetOf([ErrorCodes.Conflict]);
        var final = await app.QueryAsync(db => db.Posts.Where(p => p.Id == post.Id).Select(p => p.Version).SingleAsync());
        final.Should().Be(1 + versions.Count);
    }

    [Fact]
    public async Task UpdatePost_is_forbidden_to_another_user_but_allowed_to_an_admin()
    {
        var (_, post) = await PostAsync();
        var other = await app.CreateUserAsync();
        var admin = await app.CreateUserAsync(admin: true);
        var change = new UpdatePostCommand(post.Id, Title: Optional.Of<string?>("Moderated"));

        (await app.SendAsync<PostDto>(change, other.Caller)).ShouldFailWith(ErrorCodes.Forbidden);
        (await app.SendAsync<PostDto>(change, admin.Caller)).ShouldSucceed().Title.Should().Be("Moderated");
    }

    [Fact]
    public async Task UpdatePost_returns_not_found_for_a_missing_post()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<PostDto>(new UpdatePostCommand(long.MaxValue, Title: Optional.Of<string?>("x")), user.Caller))
            .ShouldFailWith(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task DeletePost_removes_it_and_writes_a_posts_deleted_event_that_names_it()
    {
        var (author, post) = await PostAsync();

        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id), author.Caller)).ShouldSucceed();

        (await app.QueryAsync(db => db.Posts.AnyAsync(p => p.Id == post.Id))).Should().BeFalse();
        var deleted = (await app.EventsAsync()).Single(e => e.Type == EventTypes.PostDeleted && e.PostId == post.Id);
        using var payload = System.Text.Json.JsonDocument.Parse(deleted.Payload);
        payload.RootElement.GetProperty("id").GetInt64().Should().Be(post.Id);
    }

    [Fact]
    public async Task DeletePost_checks_the_version_when_given()
    {
        var (author, post) = await PostAsync();

        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id, Version: 7), author.Caller)).ShouldFailWith(ErrorCodes.Conflict);
        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id, Version: 1), author.Caller)).ShouldSucceed();
    }

    [Fact]
    public async Task DeletePost_is_forbidden_to_another_user_and_allowed_to_the_system_moderator()
    {
        var (_, post) = await PostAsync();
        var other = await app.CreateUserAsync();

        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id), other.Caller)).ShouldFailWith(ErrorCodes.Forbidden);
        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id), TestCaller.System)).ShouldSucceed();
        (await app.SendAsync<Unit>(new DeletePostCommand(post.Id), TestCaller.System)).ShouldFailWith(ErrorCodes.NotFound);
    }
}

using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Posts.Application.Common.Paging;
using Posts.Application.Common.Results;
using Posts.Application.Posts;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Tests.Support;
using Posts.Application.Users;
using Posts.Application.Users.ListUsers;

namespace Posts.Application.Tests.Pipeline;

/// <summary>The behaviours: authorization before validation, and failures as values, never exceptions.</summary>
public sealed class PipelineTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_anonymous_caller_is_refused_before_validation_runs() =>
        (await app.SendAsync<Page<PostDto>>(new ListPostsQuery(Limit: 0), TestCaller.Anonymous)).ShouldFailWith(ErrorCodes.Unauthenticated);

    [Fact]
    public async Task A_user_is_refused_an_administrators_request()
    {
        var user = await app.CreateUserAsync();

        (await app.SendAsync<IReadOnlyList<UserDetailsDto>>(new ListUsersQuery(), user.Caller))
            .ShouldFailWith(ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_unavailable_with_retry_after()
    {
        // Nothing listens on port 1: the connection is refused, as when PostgreSQL is down.
        await using var services = AppFixture.BuildServices("Host=127.0.0.1;Port=1;Database=posts;Username=postgres;Timeout=2",
            new FakeTimeProvider(), []);

        var result = await AppFixture.SendAsync<Page<PostDto>>(services, new ListPostsQuery(), TestCaller.System);

        result.ShouldFailWith(ErrorCodes.Unavailable).RetryAfterSeconds.Should().BeGreaterThan(0);
    }
}

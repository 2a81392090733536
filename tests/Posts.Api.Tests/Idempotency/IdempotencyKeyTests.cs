using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /posts</c> and <c>POST /posts/{id}/comments</c> (IETF httpapi-idempotency-key
/// draft): one key, one effect, per user, for 24 hours.
/// </summary>
public sealed class IdempotencyKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Replayed = "Idempotent-Replayed";

    [Fact]
    public async Task Retried_post_with_the_same_key_and_body_replays_the_first_response_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        var title = Unique("Once");
        using var client = user.Client();

        using var first = await client.SendAsync(CreatePost("key-1", title), ct);
        using var retry = await client.SendAsync(CreatePost("key-1", title), ct);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Contains(Replayed).Should().BeFalse();
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.GetValues(Replayed).Should().Equal("true");
        retry.Headers.Location.Should().Be(first.Headers.Location).And.NotBeNull();
        retry.Headers.ETag.Should().Be(first.Headers.ETag).And.NotBeNull();
        retry.Content.Headers.ContentType!.MediaType.Should().Be(first.Content.Headers.ContentType!.MediaType);
        (await retry.Content.ReadAsStringAsync(ct)).Should().Be(await first.Content.ReadAsStringAsync(ct));
        (await PostsTitledAsync(title)).Should().Be(1);
    }

    [Fact]
    public async Task Retried_comment_with_the_same_key_and_body_replays_the_first_response_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var postId = await CreatePostAsync(client);
        var body = Unique("Comment");

        using var first = await client.SendAsync(CreateComment("key-1", postId, body), ct);
        using var retry = await client.SendAsync(CreateComment("key-1", postId, body), ct);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Location!.ToString().Should().StartWith("/comments/");
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.GetValues(Replayed).Should().Equal("true");
        retry.Headers.Location.Should().Be(first.Headers.Location);
        (await retry.Content.ReadAsStringAsync(ct)).Should().Be(await first.Content.ReadAsStringAsync(ct));
        (await api.DbAsync(db => db.Comments.CountAsync(c => c.Body == body, ct))).Should().Be(1);
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_422_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var title = Unique("First");
        var other = Unique("Second");
        (await client.SendAsync(CreatePost("key-1", title), ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var reused = await client.SendAsync(CreatePost("key-1", other), ct);

        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        (await PostsTitledAsync(other)).Should().Be(0);
        (await PostsTitledAsync(title)).Should().Be(1);
    }

    [Fact]
    public async Task Same_key_on_comments_of_another_post_is_422()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var onePost = await CreatePostAsync(client);
        var anotherPost = await CreatePostAsync(client);
        var body = Unique("Comment");
        (await client.SendAsync(CreateComment("key-1", onePost, body), ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var reused = await client.SendAsync(CreateComment("key-1", anotherPost, body), ct);

        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        (await api.DbAsync(db => db.Comments.CountAsync(c => c.Body == body, ct))).Should().Be(1);
    }

    [Fact]
    public async Task Keys_are_per_user()
    {
        var ct = TestContext.Current.CancellationToken;
        var alice = await api.CreateUserAsync();
        var bob = await api.CreateUserAsync();
        using var aliceClient = alice.Client();
        using var bobClient = bob.Client();
        var aliceTitle = Unique("Alice");
        var bobTitle = Unique("Bob");

        using var aliceFirst = await aliceClient.SendAsync(CreatePost("shared-key", aliceTitle), ct);
        using var bobFirst = await bobClient.SendAsync(CreatePost("shared-key", bobTitle), ct);
        using var bobSameBody = await bobClient.SendAsync(CreatePost("other-key", aliceTitle), ct);
        using var aliceRetry = await aliceClient.SendAsync(CreatePost("shared-key", aliceTitle), ct);

        aliceFirst.StatusCode.Should().Be(HttpStatusCode.Created);
        bobFirst.StatusCode.Should().Be(HttpStatusCode.Created, "Bob's key is his own, whatever Alice used");
        bobFirst.Headers.Contains(Replayed).Should().BeFalse();
        bobFirst.Headers.Location.Should().NotBe(aliceFirst.Headers.Location);
        bobSameBody.Headers.Contains(Replayed).Should().BeFalse();
        aliceRetry.Headers.GetValues(Replayed).Should().Equal("true");
        aliceRetry.Headers.Location.Should().Be(aliceFirst.Headers.Location);
        (await PostsTitledAsync(aliceTitle)).Should().Be(2, "Alice's and Bob's");
        (await PostsTitledAsync(bobTitle)).Should().Be(1);
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_create_exactly_one_post()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var title = Unique("Concurrent");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await client.SendAsync(CreatePost("concurrent-key", title), ct);
            return (response.StatusCode, Replayed: response.Headers.Contains(Replayed), Location: response.Headers.Location,
                Body: await response.Content.ReadAsStringAsync(ct));
        }));

        (await PostsTitledAsync(title)).Should().Be(1);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        var inFlight = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        (created.Count + inFlight.Count).Should().Be(10, string.Join("\n", responses.Select(r => $"{r.StatusCode} {r.Body}")));
        created.Where(r => !r.Replayed).Should().ContainSingle("exactly one request ran");
        created.Select(r => r.Location).Distinct().Should().ContainSingle();
        created.Select(r => r.Body).Distinct().Should().ContainSingle();
        foreach (var conflict in inFlight)
        {
            using var problem = JsonDocument.Parse(conflict.Body);
            problem.RootElement.GetProperty("code").GetString().Should().Be("idempotency_in_flight");
        }
    }

    [Fact]
    public async Task First_request_that_failed_validation_is_replayed_as_the_same_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();

        using var first = await client.SendAsync(CreatePost("bad-key", ""), ct);
        using var retry = await client.SendAsync(CreatePost("bad-key", ""), ct);

        var problem = await first.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("title", out _).Should().BeTrue();
        await retry.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        retry.Headers.GetValues(Replayed).Should().Equal("true");
        (await retry.Content.ReadAsStringAsync(ct)).Should().Be(await first.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Key_expires_after_24_hours_and_then_creates_a_new_post()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        var title = Unique("Daily");
        using var client = user.Client();
        using var first = await client.SendAsync(CreatePost("daily-key", title), ct);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromHours(23));
        using var withinTheDay = await client.SendAsync(CreatePost("daily-key", title), ct);
        withinTheDay.Headers.GetValues(Replayed).Should().Equal("true");

        api.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var later = api.ClientWith(await api.SignInAsync(user.Username)); // the first token has expired too
        using var again = await later.SendAsync(CreatePost("daily-key", title), ct);

        again.StatusCode.Should().Be(HttpStatusCode.Created);
        again.Headers.Contains(Replayed).Should().BeFalse();
        again.Headers.Location.Should().NotBe(first.Headers.Location);
        (await PostsTitledAsync(title)).Should().Be(2);
    }

    [Fact]
    public async Task Key_of_more_than_255_characters_is_400_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await api.CreateUserAsync();
        using var client = user.Client();
        var title = Unique("Long key");

        using var tooLong = await client.SendAsync(CreatePost(new string('k', 256), title), ct);
        using var longest = await client.SendAsync(CreatePost(new string('k', 255), title), ct);

        var problem = await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue(problem.ToString());
        longest.StatusCode.Should().Be(HttpStatusCode.Created, "255 characters is the limit, not over it");
        (await PostsTitledAsync(title)).Should().Be(1);
    }

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";

    private static HttpRequestMessage CreatePost(string key, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(new { title, body = "Body" }) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage CreateComment(string key, long postId, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/posts/{postId}/comments") { Content = JsonContent.Create(new { body }) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<long> CreatePostAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/posts", new { title = "A post", body = "Body" }, TestContext.Current.CancellationToken);
        return (await created.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    private Task<int> PostsTitledAsync(string title) => api.DbAsync(db => db.Posts.CountAsync(p => p.Title == title));
}

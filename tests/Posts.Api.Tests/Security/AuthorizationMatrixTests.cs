using System.Net;
using System.Net.Http.Json;
using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Posts.Api.Tests.Support;

namespace Posts.Api.Tests.Security;

/// <summary>Who is calling, in the authorization matrix.</summary>
public enum Caller
{
    /// <summary>No Authorization header.</summary>
    NoToken,

    /// <summary>The author's token, after its 24 h lifetime (and the token cache's lifetime) have passed.</summary>
    Expired,

    /// <summary>The author's token, revoked with DELETE /tokens/current.</summary>
    Revoked,

    /// <summary>The author's token, cached, then the author disabled and the cache lifetime passed.</summary>
    Disabled,

    /// <summary>A signed-in user who wrote neither the post nor the comment.</summary>
    OtherUser,

    /// <summary>The user who wrote the post and the comment.</summary>
    Author,

    /// <summary>An administrator who wrote neither.</summary>
    Admin,
}

/// <summary>
/// Every protected route × every kind of caller (SPEC §3, §4). The refused tokens all belong to the author, so
/// a token that is wrongly accepted shows up as a success, not as a 401 for some other reason.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string NewPassword = "a brand new passphrase";

    /// <summary>Route → what a caller allowed to use it gets.</summary>
    private static readonly Dictionary<string, HttpStatusCode> Success = new()
    {
        ["DELETE /tokens/current"] = HttpStatusCode.NoContent,
        ["GET /me"] = HttpStatusCode.OK,
        ["PUT /me/password"] = HttpStatusCode.NoContent,
        ["GET /posts"] = HttpStatusCode.OK,
        ["POST /posts"] = HttpStatusCode.Created,
        ["GET /posts/{id}"] = HttpStatusCode.OK,
        ["PATCH /posts/{id}"] = HttpStatusCode.OK,
        ["DELETE /posts/{id}"] = HttpStatusCode.NoContent,
        ["GET /posts/{id}/comments"] = HttpStatusCode.OK,
        ["POST /posts/{id}/comments"] = HttpStatusCode.Created,
        ["PATCH /comments/{id}"] = HttpStatusCode.OK,
        ["DELETE /comments/{id}"] = HttpStatusCode.NoContent,
    };

    /// <summary>Routes only the author (or an admin) may use; anyone signed in may use the others.</summary>
    private static readonly HashSet<string> AuthorOnly = ["PATCH /posts/{id}", "DELETE /posts/{id}", "PATCH /comments/{id}", "DELETE /comments/{id}"];

    public static TheoryData<string, Caller, HttpStatusCode> Matrix
    {
        get
        {
            var rows = new TheoryData<string, Caller, HttpStatusCode>();
            foreach (var (route, success) in Success)
            {
                rows.Add(route, Caller.NoToken, HttpStatusCode.Unauthorized);
                rows.Add(route, Caller.Expired, HttpStatusCode.Unauthorized);
                rows.Add(route, Caller.Revoked, HttpStatusCode.Unauthorized);
                rows.Add(route, Caller.Disabled, HttpStatusCode.Unauthorized);
                rows.Add(route, Caller.OtherUser, AuthorOnly.Contains(route) ? HttpStatusCode.Forbidden : success);
                rows.Add(route, Caller.Author, success);
                rows.Add(route, Caller.Admin, success);
            }

            return rows;
        }
    }

    [Fact]
    public void The_matrix_covers_every_protected_route_with_every_caller() =>
        Matrix.Count.Should().Be(Success.Count * Enum.GetValues<Caller>().Length).And.Be(12 * 7);

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Route_answers_the_caller_as_the_spec_says(string route, Caller caller, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var author = await api.CreateUserAsync();
        var (postId, commentId) = await ArrangePostWithCommentAsync(author);
        var token = await TokenForAsync(caller, author);

        using var client = api.ClientWith(token);
        using var request = Request(route, postId, commentId);
        using var response = await client.SendAsync(request, ct);

        if (expected == HttpStatusCode.Unauthorized)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            var challenge = response.Headers.WwwAuthenticate.Should().ContainSingle().Subject;
            challenge.Scheme.Should().Be("Bearer");
            if (caller == Caller.NoToken) challenge.Parameter.Should().BeNull("no token was presented, so there is no error to name");
            else challenge.Parameter.Should().Contain("invalid_token");
        }
        else if (expected == HttpStatusCode.Forbidden)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            await ShouldBeUntouchedAsync(author, postId, commentId);
        }
        else
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.StatusCode.Should().Be(expected, text);
        }
    }

    private static async Task<(long PostId, long CommentId)> ArrangePostWithCommentAsync(ApiUser author)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = author.Client();
        var post = await (await client.PostAsJsonAsync("/posts", new { title = "Original", body = "Original body" }, ct)).ShouldBeJsonAsync(HttpStatusCode.Created);
        var postId = post.GetProperty("id").GetInt64();
        var comment = await (await client.PostAsJsonAsync($"/posts/{postId}/comments", new { body = "Original comment" }, ct)).ShouldBeJsonAsync(HttpStatusCode.Created);
        return (postId, comment.GetProperty("id").GetInt64());
    }

    private async Task<string?> TokenForAsync(Caller caller, ApiUser author)
    {
        var ct = TestContext.Current.CancellationToken;
        switch (caller)
        {
            case Caller.NoToken:
                return null;
            case Caller.Expired:
            {
                var token = await api.SignInAsync(author.Username);
                await ShouldWorkAsync(token); // now it is in the token cache, too
                api.Clock.Advance(TimeSpan.FromHours(24) + CacheLifetime + TimeSpan.FromSeconds(1));
                return token;
            }

            case Caller.Revoked:
            {
                var token = await api.SignInAsync(author.Username);
                await ShouldWorkAsync(token);
                using var client = api.ClientWith(token);
                (await client.DeleteAsync("/tokens/current", ct)).StatusCode.Should().Be(HttpStatusCode.NoContent);
                return token;
            }

            case Caller.Disabled:
            {
                await ShouldWorkAsync(author.Token);
                await api.DbAsync(async db =>
                {
                    var user = await db.Users.SingleAsync(u => u.Username == author.Username, ct);
                    user.Disable().Should().BeTrue();
                    return await db.SaveChangesAsync(ct);
                });
                api.Clock.Advance(CacheLifetime + TimeSpan.FromSeconds(1));
                return author.Token;
            }

            case Caller.OtherUser:
                return (await api.CreateUserAsync()).Token;
            case Caller.Author:
                return author.Token;
            case Caller.Admin:
                return (await api.CreateUserAsync(admin: true)).Token;
            default:
                throw new ArgumentOutOfRangeException(nameof(caller), caller, null);
        }
    }

    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private async Task ShouldWorkAsync(string token)
    {
        using var client = api.ClientWith(token);
        (await client.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A refused write changed nothing: the post and the comment read as they were written.</summary>
    private static async Task ShouldBeUntouchedAsync(ApiUser author, long postId, long commentId)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = author.Client();
        var post = await (await client.GetAsync($"/posts/{postId}", ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        post.GetProperty("title").GetString().Should().Be("Original");
        post.GetProperty("version").GetInt32().Should().Be(1);
        var comments = await (await client.GetAsync($"/posts/{postId}/comments", ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var comment = comments.GetProperty("data").EnumerateArray().Should().ContainSingle().Subject;
        comment.GetProperty("id").GetInt64().Should().Be(commentId);
        comment.GetProperty("body").GetString().Should().Be("Original comment");
    }

    private static HttpRequestMessage Request(string route, long postId, long commentId)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        var method = new HttpMethod(route[..space]);
        var path = route[(space + 1)..]
            .Replace("/posts/{id}", $"/posts/{postId}", StringComparison.Ordinal)
            .Replace("/comments/{id}", $"/comments/{commentId}", StringComparison.Ordinal);
        var request = new HttpRequestMessage(method, path);
        request.Content = route switch
        {
            "PUT /me/password" => JsonContent.Create(new { currentPassword = ApiFactory.DefaultPassword, newPassword = NewPassword }),
            "POST /posts" => JsonContent.Create(new { title = "New", body = "New body" }),
            "POST /posts/{id}/comments" => JsonContent.Create(new { body = "Another comment" }),
            "PATCH /posts/{id}" => MergePatch("""{"title":"Changed"}"""),
            "PATCH /comments/{id}" => MergePatch("""{"body":"Changed comment"}"""),
            _ => null,
        };
        return request;
    }

    private static StringContent MergePatch(string json) => new(json, Encoding.UTF8, "application/merge-patch+json");
}

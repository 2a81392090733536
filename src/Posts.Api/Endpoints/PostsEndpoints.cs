using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Posts.Api.Http;
using Posts.Application.Common.Json;
using Posts.Application.Common.Paging;
using Posts.Application.Posts;
using Posts.Application.Posts.CreatePost;
using Posts.Application.Posts.DeletePost;
using Posts.Application.Posts.GetPost;
using Posts.Application.Posts.ListPosts;
using Posts.Application.Posts.UpdatePost;

namespace Posts.Api.Endpoints;

internal static class PostsEndpoints
{
    public const string MergePatch = "application/merge-patch+json";

    public static IEndpointRouteBuilder MapPostsEndpoints(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/posts").WithTags("Posts").RequiresBearer();
        posts.MapGet("/", ListPosts).WithName("ListPosts").WithSummary("Posts, newest first, by page or cursor")
            .Produces<Page<PostDto>>().ProducesProblems(400, 401, 503);
        posts.MapPost("/", CreatePost).WithName("CreatePost").WithSummary("Create a post (Idempotency-Key honoured)")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<PostDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 409, 413, 415, 422, 503);
        posts.MapGet("/{id:long}", GetPost).WithName("GetPost").WithSummary("One post; its ETag is its version")
            .Produces<PostDto>().ProducesProblems(400, 401, 404, 503);
        posts.MapPatch("/{id:long}", UpdatePost).WithName("UpdatePost")
            .WithSummary("Change a post's title or body (JSON merge patch); If-Match makes it conditional")
            .Accepts<UpdatePostBody>(MergePatch, "application/json")
            .Produces<PostDto>().ProducesProblems(400, 401, 403, 404, 409, 412, 413, 415, 503);
        posts.MapDelete("/{id:long}", DeletePost).WithName("DeletePost").WithSummary("Delete a post and its comments; If-Match makes it conditional")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 409, 412, 503);
        return app;
    }

    internal sealed record CreatePostBody(string Title, string Body) : IRequestBody;

    /// <summary>A merge patch: absent fields stay as they are. <c>version</c> is not settable: it goes in If-Match.</summary>
    internal sealed record UpdatePostBody(Optional<string?> Title, Optional<string?> Body, Optional<JsonElement> Version) : IRequestBody;

    /// <summary>
    /// The query of <c>GET /posts</c>, as text: the adapter reports a malformed number by its name.
    /// The names are given so that the document lists them as clients send them (binding ignores case either way).
    /// </summary>
    internal sealed record ListPostsParameters(
        [FromQuery(Name = "page")] string? Page,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "limit")] string? Limit,
        [FromQuery(Name = "since")] string? Since,
        [FromQuery(Name = "until")] string? Until,
        [FromQuery(Name = "author")] string? Author,
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "embed")] string? Embed);

    private static async Task<IResult> ListPosts([AsParameters] ListPostsParameters query, ISender sender, HttpContext http, CancellationToken ct)
    {
        var numbers = HttpValues.PageNumbers(query.Page, query.Limit);
        if (!numbers.IsSuccess) return numbers.Error.ToProblem(http);

        var filter = new PostFilter(query.Since, query.Until, query.Author, query.Q);
        return (await sender.Send(new ListPostsQuery(numbers.Value.Page, query.Cursor, numbers.Value.Limit, filter, HttpValues.List(query.Embed)), ct))
            .ToHttp(http, result =>
            {
                HttpValues.AddPageLinks(http, result.Meta);
                return TypedResults.Ok(result);
            });
    }

    private static async Task<IResult> CreatePost(CreatePostBody body, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new CreatePostCommand(body.Title, body.Body), ct)).ToHttp(http, post =>
        {
            http.Response.Headers.ETag = HttpValues.ETag(post.Version);
            return TypedResults.Created(HttpValues.Location("/posts", post.Id).ToString(), post);
        });

    private static async Task<IResult> GetPost(long id, string? embed, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new GetPostQuery(id, HttpValues.List(embed)), ct)).ToHttp(http, post => WithETag(http, post));

    private static async Task<IResult> UpdatePost(long id, UpdatePostBody body, ISender sender, HttpContext http, CancellationToken ct)
    {
        if (body.Version.IsPresent) return Problems.Invalid(http, "version", "Is not settable; send the version you read in If-Match.");
        var version = HttpValues.IfMatch(http.Request, out var valid);
        if (!valid) return Problems.Invalid(http, "If-Match", "Must be an entity tag this API issued, such as \"3\".");

        return (await sender.Send(new UpdatePostCommand(id, body.Title, body.Body, version), ct))
            .ToHttp(http, post => WithETag(http, post), conflictStatus: version is null ? null : StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> DeletePost(long id, ISender sender, HttpContext http, CancellationToken ct)
    {
        var version = HttpValues.IfMatch(http.Request, out var valid);
        if (!valid) return Problems.Invalid(http, "If-Match", "Must be an entity tag this API issued, such as \"3\".");

        return (await sender.Send(new DeletePostCommand(id, version), ct))
            .ToHttp(http, _ => TypedResults.NoContent(), conflictStatus: version is null ? null : StatusCodes.Status412PreconditionFailed);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<PostDto> WithETag(HttpContext http, PostDto post)
    {
        http.Response.Headers.ETag = HttpValues.ETag(post.Version);
        return TypedResults.Ok(post);
    }
}

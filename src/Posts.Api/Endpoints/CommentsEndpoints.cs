using Mediator;
using Posts.Api.Http;
using Posts.Application.Comments;
using Posts.Application.Comments.CreateComment;
using Posts.Application.Comments.DeleteComment;
using Posts.Application.Comments.ListComments;
using Posts.Application.Comments.UpdateComment;
using Posts.Application.Common.Json;
using Posts.Application.Common.Paging;

namespace Posts.Api.Endpoints;

internal static class CommentsEndpoints
{
    public static IEndpointRouteBuilder MapCommentsEndpoints(this IEndpointRouteBuilder app)
    {
        var ofPost = app.MapGroup("/posts/{postId:long}/comments").WithTags("Comments").RequiresBearer();
        ofPost.MapGet("/", ListComments).WithName("ListComments").WithSummary("A post's comments, oldest first")
            .Produces<Page<CommentDto>>().ProducesProblems(400, 401, 404, 503);
        ofPost.MapPost("/", CreateComment).WithName("CreateComment").WithSummary("Comment on a post (Idempotency-Key honoured)")
            .AddEndpointFilter<IdempotencyFilter>()
            .Produces<CommentDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 404, 409, 413, 415, 422, 503);

        var comments = app.MapGroup("/comments").WithTags("Comments").RequiresBearer();
        comments.MapPatch("/{id:long}", UpdateComment).WithName("UpdateComment").WithSummary("Change a comment (JSON merge patch)")
            .Accepts<UpdateCommentBody>(PostsEndpoints.MergePatch, "application/json")
            .Produces<CommentDto>().ProducesProblems(400, 401, 403, 404, 413, 415, 503);
        comments.MapDelete("/{id:long}", DeleteComment).WithName("DeleteComment").WithSummary("Delete a comment")
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 503);
        return app;
    }

    internal sealed record CreateCommentBody(string Body) : IRequestBody;

    internal sealed record UpdateCommentBody(Optional<string?> Body) : IRequestBody;

    private static async Task<IResult> ListComments(long postId, string? page, string? cursor, string? limit, ISender sender, HttpContext http, CancellationToken ct)
    {
        var numbers = HttpValues.PageNumbers(page, limit);
        if (!numbers.IsSuccess) return numbers.Error.ToProblem(http);

        return (await sender.Send(new ListCommentsQuery(postId, numbers.Value.Page, cursor, numbers.Value.Limit), ct)).ToHttp(http, result =>
        {
            HttpValues.AddPageLinks(http, result.Meta);
            return TypedResults.Ok(result);
        });
    }

    private static async Task<IResult> CreateComment(long postId, CreateCommentBody body, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new CreateCommentCommand(postId, body.Body), ct))
        .ToHttp(http, comment => TypedResults.Created(HttpValues.Location("/comments", comment.Id).ToString(), comment));

    private static async Task<IResult> UpdateComment(long id, UpdateCommentBody body, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new UpdateCommentCommand(id, body.Body), ct)).ToHttp(http, comment => TypedResults.Ok(comment));

    private static async Task<IResult> DeleteComment(long id, ISender sender, HttpContext http, CancellationToken ct) =>
        (await sender.Send(new DeleteCommentCommand(id), ct)).ToHttp(http, _ => TypedResults.NoContent());
}

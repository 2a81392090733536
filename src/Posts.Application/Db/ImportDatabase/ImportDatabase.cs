using FluentValidation;
using Mediator;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Behaviours;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Db.ImportDatabase;

/// <summary>
/// Writes one batch of exported rows with their ids, in one transaction. Rows already there (by id, or a user by
/// username) are skipped, so importing the same file again changes nothing. A batch that wrote posts or comments
/// writes one <c>posts.imported</c> event.
/// </summary>
public sealed record ImportDatabaseCommand(BulkRows Rows) : ICommand<Result<PostsImportedPayload>>, IRequiresAdmin;

internal sealed class ImportDatabaseValidator : AbstractValidator<ImportDatabaseCommand>
{
    private const int PasswordHashMaxLength = 256;

    public ImportDatabaseValidator()
    {
        RuleFor(x => x.Rows.Count).InclusiveBetween(1, BulkRows.MaxRows)
            .OverridePropertyName("rows").WithMessage($"A batch is 1-{BulkRows.MaxRows} rows.");
        RuleForEach(x => x.Rows.Users).ChildRules(user =>
        {
            user.RuleFor(u => u.Id).ValidId();
            user.RuleFor(u => u.Username).Must(u => User.IsValidUsername(u) && u == User.NormalizeUsername(u))
                .WithMessage($"Must be {User.UsernameMinLength}-{User.UsernameMaxLength} characters of a-z, 0-9, '_', '.' and '-'.");
            user.RuleFor(u => u.DisplayName).Must(User.IsValidDisplayName).WithMessage($"Must be 1-{User.DisplayNameMaxLength} characters.");
            user.RuleFor(u => u.PasswordHash).MaximumLength(PasswordHashMaxLength).WithMessage($"Must be at most {PasswordHashMaxLength} characters.");
        });
        RuleForEach(x => x.Rows.Posts).ChildRules(post =>
        {
            post.RuleFor(p => p.Id).ValidId();
            post.RuleFor(p => p.AuthorId).ValidId();
            post.RuleFor(p => p.Title).Must(Post.IsValidTitle).WithMessage($"Must be 1-{Post.TitleMaxLength} characters, not only white space.");
            post.RuleFor(p => p.Body).Must(Post.IsValidBody).WithMessage($"Must be 1-{Post.BodyMaxLength} characters, not only white space.");
            post.RuleFor(p => p.Version).GreaterThanOrEqualTo(1);
        });
        RuleForEach(x => x.Rows.Comments).ChildRules(comment =>
        {
            comment.RuleFor(c => c.Id).ValidId();
            comment.RuleFor(c => c.PostId).ValidId();
            comment.RuleFor(c => c.AuthorId).ValidId();
            comment.RuleFor(c => c.Body).Must(Comment.IsValidBody).WithMessage($"Must be 1-{Comment.BodyMaxLength} characters, not only white space.");
        });
    }
}

internal sealed class ImportDatabaseHandler(IPostsDbContext db, IBulkStore bulk, TimeProvider clock)
    : ICommandHandler<ImportDatabaseCommand, Result<PostsImportedPayload>>
{
    public async ValueTask<Result<PostsImportedPayload>> Handle(ImportDatabaseCommand command, CancellationToken ct)
    {
        var rows = command.Rows with { Users = command.Rows.Users.Select(u => u with { PasswordHash = u.PasswordHash ?? User.NoPasswordHash }).ToList() };
        try
        {
            return await db.InTransactionAsync<PostsImportedPayload>(async () =>
            {
                var written = await bulk.WriteAsync(rows, skipExisting: true, ct);
                var payload = PostsImportedPayload.Of("import", written, rows.Posts);
                if (written.Posts + written.Comments > 0)
                {
                    db.Events.Add(payload.ToEvent(clock.Now()));
                    await db.SaveChangesAsync(ct);
                }

                return payload;
            }, ct);
        }
        catch (Exception e) when (e.IsForeignKeyViolation())
        {
            return Error.Conflict("A post or comment refers to a user or post that is neither in the database nor earlier in the import");
        }
    }
}

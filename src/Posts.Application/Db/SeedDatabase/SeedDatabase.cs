using Bogus;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Db.SeedDatabase;

/// <summary>
/// Writes one batch of demo data: users (without a password), posts by them and by recent users, comments on this
/// batch's posts (or on recent posts when the batch has none). One transaction, one <c>posts.imported</c> event.
/// </summary>
public sealed record SeedDatabaseCommand(int Users, int Posts, int Comments) : ICommand<Result<PostsImportedPayload>>, IRequiresAdmin;

internal sealed class SeedDatabaseValidator : AbstractValidator<SeedDatabaseCommand>
{
    public SeedDatabaseValidator()
    {
        RuleFor(x => x.Users).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Posts).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Comments).GreaterThanOrEqualTo(0);
        RuleFor(x => x.Users + x.Posts + x.Comments).InclusiveBetween(1, BulkRows.MaxRows)
            .OverridePropertyName("batch").WithMessage($"A batch is 1-{BulkRows.MaxRows} rows.");
    }
}

internal sealed class SeedDatabaseHandler(IPostsDbContext db, IBulkStore bulk, TimeProvider clock)
    : ICommandHandler<SeedDatabaseCommand, Result<PostsImportedPayload>>
{
    /// <summary>How many existing users (posts) new posts (comments) may go to, newest first.</summary>
    private const int Recent = 1_000;

    private static readonly TimeSpan Span = TimeSpan.FromDays(365);

    public async ValueTask<Result<PostsImportedPayload>> Handle(SeedDatabaseCommand command, CancellationToken ct)
    {
        try
        {
            return await SeedAsync(command, ct);
        }
        catch (Exception e) when (e.IsUniqueViolation())
        {
            return Error.Conflict("A generated username is taken already; run the seed again");
        }
    }

    private async Task<Result<PostsImportedPayload>> SeedAsync(SeedDatabaseCommand command, CancellationToken ct) =>
        await db.InTransactionAsync<PostsImportedPayload>(async () =>
        {
            var now = clock.Now();
            var faker = new Faker();
            var users = (await bulk.NextIdsAsync(BulkTable.Users, command.Users, ct)).Select(id => FakeUser(faker, id, now)).ToList();

            // This batch's users write its posts and comments; a batch without users takes recent ones.
            var authors = users.Count > 0 || command.Posts + command.Comments == 0 ? users.Select(u => u.Id).ToList()
                : await db.Users.Where(u => !u.IsDisabled).OrderByDescending(u => u.Id).Select(u => u.Id).Take(Recent).ToListAsync(ct);
            if (command.Posts + command.Comments > 0 && authors.Count == 0) return Error.Validation("users", "There is nobody to write the posts and comments: seed users too.");

            var posts = (await bulk.NextIdsAsync(BulkTable.Posts, command.Posts, ct)).Select(id => FakePost(faker, id, faker.PickRandom(authors), now)).ToList();

            var commented = posts.Select(p => (p.Id, p.CreatedAt)).ToList();
            if (command.Comments > 0 && commented.Count == 0)
            {
                commented = (await db.Posts.OrderByDescending(p => p.Id).Select(p => new { p.Id, p.CreatedAt }).Take(Recent).ToListAsync(ct))
                    .Select(p => (p.Id, p.CreatedAt)).ToList();
            }

            if (command.Comments > 0 && commented.Count == 0) return Error.Validation("posts", "There are no posts to comment on: seed posts too.");

            var comments = (await bulk.NextIdsAsync(BulkTable.Comments, command.Comments, ct))
                .Select(id => FakeComment(faker, id, faker.PickRandom(commented), faker.PickRandom(authors), now)).ToList();

            var written = await bulk.WriteAsync(new BulkRows(users, posts, comments), skipExisting: false, ct);
            var payload = PostsImportedPayload.Of("seed", written, posts);
            db.Events.Add(payload.ToEvent(now));
            await db.SaveChangesAsync(ct);
            return Result<PostsImportedPayload>.Success(payload);
        }, ct);

    private static UserRow FakeUser(Faker faker, long id, DateTimeOffset now)
    {
        var first = faker.Name.FirstName();
        var last = faker.Name.LastName();
        // The id makes the username unique; the name part is cut to leave room for it.
        var suffix = "." + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = new string(faker.Internet.UserName(first, last).ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-').ToArray());
        name = name[..Math.Min(name.Length, User.UsernameMaxLength - suffix.Length)];
        return new UserRow(id, name + suffix, $"{first} {last}", IsAdmin: false, IsDisabled: false, Past(faker, now), User.NoPasswordHash);
    }

    private static PostRow FakePost(Faker faker, long id, long authorId, DateTimeOffset now)
    {
        var title = faker.Lorem.Sentence(faker.Random.Int(3, 9)).TrimEnd('.');
        var body = faker.Lorem.Paragraphs(faker.Random.Int(1, 4), "\n\n");
        var created = Past(faker, now);
        return new PostRow(id, authorId, title[..Math.Min(title.Length, Post.TitleMaxLength)], body, created, created, Version: 1);
    }

    private static CommentRow FakeComment(Faker faker, long id, (long Id, DateTimeOffset CreatedAt) post, long authorId, DateTimeOffset now)
    {
        var created = Between(faker, post.CreatedAt, now);
        return new CommentRow(id, post.Id, authorId, faker.Lorem.Sentences(faker.Random.Int(1, 3), " "), created, created);
    }

    private static DateTimeOffset Past(Faker faker, DateTimeOffset now) => Between(faker, now - Span, now);

    /// <summary>A random time in [from, to], to the microsecond like every stored time.</summary>
    private static DateTimeOffset Between(Faker faker, DateTimeOffset from, DateTimeOffset to) =>
        from.AddTicks(faker.Random.Long(0, Math.Max(0, (to - from).Ticks) / TimeSpan.TicksPerMicrosecond) * TimeSpan.TicksPerMicrosecond);
}

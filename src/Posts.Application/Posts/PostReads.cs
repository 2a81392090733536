using Mapster;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Comments;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Paging;
using Posts.Application.Users;
using Posts.Domain;

namespace Posts.Application.Posts;

/// <summary>What reading posts shares: the keyset order, the embed rule, and filling embeds in one query each.</summary>
internal static class PostReads
{
    /// <summary>Newest first: created-at desc, id desc.</summary>
    public static readonly KeysetOrder<Post, PostDto> NewestFirst = new(
        q => q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        (q, c) => q.Where(p => p.CreatedAt < c.At || (p.CreatedAt == c.At && p.Id < c.Id)),
        p => new Cursor(p.CreatedAt, p.Id));

    public static bool AreValidEmbeds(IReadOnlyList<string>? embed) => embed is null || embed.All(PostEmbeds.All.Contains);

    public static async Task<IReadOnlyList<PostDto>> EmbedAsync(
        this IPostsDbContext db, IReadOnlyList<PostDto> posts, IReadOnlyList<string>? embed, TypeAdapterConfig mapping, CancellationToken ct)
    {
        if (embed is not { Count: > 0 } || posts.Count == 0) return posts;

        Dictionary<long, UserDto>? authors = null;
        if (embed.Contains(PostEmbeds.Author))
        {
            var authorIds = posts.Select(p => p.AuthorId).Distinct().ToList();
            authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id))
                .ProjectToType<UserDto>(mapping).ToDictionaryAsync(u => u.Id, ct);
        }

        Dictionary<long, List<CommentDto>>? comments = null;
        if (embed.Contains(PostEmbeds.Comments))
        {
            var postIds = posts.Select(p => p.Id).ToList();
            var newest = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.Id))
                .Select(p => new
                {
                    p.Id,
                    // A comment's columns are exactly a CommentDto's, so the entity is read and mapped in memory.
                    Comments = p.Comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                        .Take(PostEmbeds.EmbeddedComments).ToList(),
                })
                .ToListAsync(ct);
            comments = newest.ToDictionary(p => p.Id, p => Enumerable.Reverse(p.Comments).Select(c => c.Adapt<CommentDto>(mapping)).ToList());
        }

        return posts.Select(p => p with
        {
            Author = authors?.GetValueOrDefault(p.AuthorId) ?? p.Author,
            Comments = comments is null ? null : comments.GetValueOrDefault(p.Id) ?? [],
        }).ToList();
    }
}

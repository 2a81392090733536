using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence;

/// <summary><c>q</c> as a case-insensitive substring of title or body, served by the trigram GIN indexes.</summary>
internal sealed class TrigramTextSearch : ITextSearch
{
    public IQueryable<Post> Matching(IQueryable<Post> posts, string text)
    {
        var pattern = "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "%";
        return posts.Where(p => EF.Functions.ILike(p.Title, pattern, @"\") || EF.Functions.ILike(p.Body, pattern, @"\"));
    }
}

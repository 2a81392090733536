using Posts.Domain;

namespace Posts.Application.Common.Abstractions;

/// <summary>Text search on posts (<c>q</c>): provider-specific, so Infrastructure supplies it (trigram-indexed ILIKE).</summary>
public interface ITextSearch
{
    IQueryable<Post> Matching(IQueryable<Post> posts, string text);
}

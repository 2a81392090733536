using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence.Configurations;

internal sealed class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> builder)
    {
        builder.Property(p => p.Id).UseIdentityAlwaysColumn();
        builder.Property(p => p.Title).HasMaxLength(Post.TitleMaxLength);
        builder.Property(p => p.Body).HasMaxLength(Post.BodyMaxLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Comments).WithOne().HasForeignKey(c => c.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Comments).UsePropertyAccessMode(PropertyAccessMode.Field);

        // ListPosts: newest first (also serves since/until and the keyset cursor), by author newest first,
        // and q: trigram GIN indexes make ILIKE '%text%' an index scan (ADR-006).
        builder.HasIndex(p => new { p.CreatedAt, p.Id }).IsDescending(true, true);
        builder.HasIndex(p => new { p.AuthorId, p.CreatedAt, p.Id }).IsDescending(false, true, true);
        builder.HasIndex(p => p.Title).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_posts_title_trgm");
        builder.HasIndex(p => p.Body).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_posts_body_trgm");
    }
}

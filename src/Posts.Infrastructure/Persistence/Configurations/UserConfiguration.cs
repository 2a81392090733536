using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.Id).UseIdentityAlwaysColumn();
        // Stored lower-case (the domain normalises), so a plain unique index is case-insensitive uniqueness.
        builder.Property(u => u.Username).HasMaxLength(User.UsernameMaxLength);
        builder.HasIndex(u => u.Username).IsUnique();
        builder.Property(u => u.DisplayName).HasMaxLength(User.DisplayNameMaxLength);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
        builder.ToTable(t => t.HasCheckConstraint("ck_users_username_lower", "username = lower(username)"));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence.Configurations;

internal sealed class LoginAttemptConfiguration : IEntityTypeConfiguration<LoginAttempt>
{
    public void Configure(EntityTypeBuilder<LoginAttempt> builder)
    {
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Username).HasMaxLength(User.UsernameMaxLength);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.HasIndex(a => new { a.Username, a.AttemptedAt });
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Posts.Domain;

namespace Posts.Infrastructure.Persistence.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        // No foreign keys: events outlive what they describe (a deleted post's event still names it).
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(32);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        builder.HasIndex(e => e.CreatedAt);
    }
}

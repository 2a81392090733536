using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Posts.Infrastructure.Persistence;

/// <summary>For <c>dotnet ef migrations add</c>: builds the model without a host or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostsDbContext>
{
    public PostsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostsDbContext>();
        options.UsePostgres("Host=localhost;Database=posts");
        return new PostsDbContext(options.Options);
    }
}

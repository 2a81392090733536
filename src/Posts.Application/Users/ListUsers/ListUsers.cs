using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;

namespace Posts.Application.Users.ListUsers;

/// <summary>Every user, by username, as an administrator sees them.</summary>
public sealed record ListUsersQuery : IQuery<Result<IReadOnlyList<UserDetailsDto>>>, IRequiresAdmin;

internal sealed class ListUsersHandler(IPostsDbContext db, TypeAdapterConfig mapping)
    : IQueryHandler<ListUsersQuery, Result<IReadOnlyList<UserDetailsDto>>>
{
    public async ValueTask<Result<IReadOnlyList<UserDetailsDto>>> Handle(ListUsersQuery query, CancellationToken ct) =>
        await db.Users.AsNoTracking().OrderBy(u => u.Username).ProjectToType<UserDetailsDto>(mapping).ToListAsync(ct);
}

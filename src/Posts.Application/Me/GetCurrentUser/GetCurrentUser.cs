using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Application.Users;

namespace Posts.Application.Me.GetCurrentUser;

public sealed record GetCurrentUserQuery : IQuery<Result<UserDto>>, IRequiresUser;

internal sealed class GetCurrentUserHandler(IPostsDbContext db, ICurrentUser caller, TypeAdapterConfig mapping)
    : IQueryHandler<GetCurrentUserQuery, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(GetCurrentUserQuery query, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == caller.UserId)
            .ProjectToType<UserDto>(mapping).FirstOrDefaultAsync(ct);
        return user is null ? Error.NotFound("User") : user;
    }
}

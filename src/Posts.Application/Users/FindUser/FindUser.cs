using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Users.FindUser;

/// <summary>A user by username, for adapters that filter by author (the WebSocket host's <c>posts.subscribe {author}</c>); not in the catalogue.</summary>
public sealed record FindUserQuery(string Username) : IQuery<Result<UserDto>>, IRequiresUser;

internal sealed class FindUserHandler(IPostsDbContext db, TypeAdapterConfig mapping) : IQueryHandler<FindUserQuery, Result<UserDto>>
{
    public async ValueTask<Result<UserDto>> Handle(FindUserQuery query, CancellationToken ct)
    {
        var username = User.NormalizeUsername(query.Username ?? "");
        var user = await db.Users.AsNoTracking().Where(u => u.Username == username).ProjectToType<UserDto>(mapping).FirstOrDefaultAsync(ct);
        return user is null ? Error.NotFound("User") : user;
    }
}

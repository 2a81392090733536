using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Domain;

namespace Posts.Application.Users;

/// <summary>An administrator's request about one user, named by username.</summary>
public interface IUserTarget
{
    string Username { get; }
}

internal sealed class UserTargetValidator : AbstractValidator<IUserTarget>
{
    public UserTargetValidator() => RuleFor(x => x.Username).ValidUsername();
}

internal static class UserLookup
{
    public static Task<User?> FindByUsernameAsync(this IPostsDbContext db, string username, CancellationToken ct)
    {
        var normalized = User.NormalizeUsername(username);
        return db.Users.FirstOrDefaultAsync(u => u.Username == normalized, ct);
    }
}

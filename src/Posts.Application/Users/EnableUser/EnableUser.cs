using FluentValidation;
using Mediator;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;

namespace Posts.Application.Users.EnableUser;

/// <summary>Enables a disabled user. Their unexpired, unrevoked tokens authenticate again.</summary>
public sealed record EnableUserCommand(string Username) : ICommand<Result<Unit>>, IRequiresAdmin, IUserTarget;

internal sealed class EnableUserValidator : AbstractValidator<EnableUserCommand>
{
    public EnableUserValidator() => Include(new UserTargetValidator());
}

internal sealed class EnableUserHandler(IPostsDbContext db) : ICommandHandler<EnableUserCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(EnableUserCommand command, CancellationToken ct)
    {
        var user = await db.FindByUsernameAsync(command.Username, ct);
        if (user is null) return Error.NotFound("User");
        if (user.Enable()) await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}

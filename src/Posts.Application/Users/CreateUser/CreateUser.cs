using FluentValidation;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Posts.Application.Common.Abstractions;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Users.CreateUser;

/// <summary>An administrator adds a user. The display name defaults to the username.</summary>
public sealed record CreateUserCommand(string Username, string Password, string? DisplayName = null, bool IsAdmin = false)
    : ICommand<Result<UserDetailsDto>>, IRequiresAdmin
{
    public override string ToString() => $"CreateUserCommand {{ Username = {Username}, Password = ***, DisplayName = {DisplayName}, IsAdmin = {IsAdmin} }}";
}

internal sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator()
    {
        RuleFor(x => x.Username).ValidUsername();
        RuleFor(x => x.Password).ValidPassword(x => x.Username);
        RuleFor(x => x.DisplayName).Must(User.IsValidDisplayName).When(x => x.DisplayName is not null)
            .WithMessage($"Must be 1-{User.DisplayNameMaxLength} characters.");
    }
}

internal sealed class CreateUserHandler(IPostsDbContext db, IPasswordHasher hasher, TypeAdapterConfig mapping, TimeProvider clock)
    : ICommandHandler<CreateUserCommand, Result<UserDetailsDto>>
{
    public async ValueTask<Result<UserDetailsDto>> Handle(CreateUserCommand command, CancellationToken ct)
    {
        var username = User.NormalizeUsername(command.Username);
        if (await db.Users.AnyAsync(u => u.Username == username, ct)) return UsernameTaken(username);

        var user = User.Create(username, command.DisplayName ?? username, hasher.Hash(command.Password), command.IsAdmin, clock.Now());
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return UsernameTaken(username);
        }

        return user.Adapt<UserDetailsDto>(mapping);
    }

    private static Error UsernameTaken(string username) => Error.Conflict($"The username '{username}' is taken");
}

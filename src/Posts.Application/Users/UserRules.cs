using FluentValidation;
using Posts.Domain;

namespace Posts.Application.Users;

/// <summary>The user rules validators share, with the limits the domain declares.</summary>
internal static class UserRules
{
    public static IRuleBuilderOptions<T, string> ValidUsername<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Is required.")
            .Must(u => u is not null && User.IsValidUsername(User.NormalizeUsername(u)))
            .WithMessage($"Must be {User.UsernameMinLength}-{User.UsernameMaxLength} characters of a-z, 0-9, '_', '.' and '-'.");

    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule, Func<T, string?> username) =>
        rule.NotEmpty().WithMessage("Is required.")
            .Length(User.PasswordMinLength, User.PasswordMaxLength)
            .WithMessage($"Must be {User.PasswordMinLength}-{User.PasswordMaxLength} characters.")
            .Must((x, p) => username(x) is not { } u || !string.Equals(p, u.Trim(), StringComparison.OrdinalIgnoreCase))
            .WithMessage("Must not be the username.");
}

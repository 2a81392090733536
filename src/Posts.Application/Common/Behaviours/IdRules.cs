using FluentValidation;

namespace Posts.Application.Common.Behaviours;

internal static class IdRules
{
    /// <summary>An id the client must send (a missing one reads as 0): <c>validation_failed</c>, not <c>not_found</c>.</summary>
    public static IRuleBuilderOptions<T, long> ValidId<T>(this IRuleBuilder<T, long> rule) =>
        rule.GreaterThan(0).WithMessage("Is required: a positive id.");
}

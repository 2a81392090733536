using FluentValidation;
using Posts.Application.Common.Results;
using Posts.Domain;

namespace Posts.Application.Posts;

internal static class PostRules
{
    public static IRuleBuilderOptions<T, string?> ValidTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Post.IsValidTitle).WithMessage($"Must be 1-{Post.TitleMaxLength} characters, not only white space.");

    public static IRuleBuilderOptions<T, string?> ValidBody<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(Post.IsValidBody).WithMessage($"Must be 1-{Post.BodyMaxLength} characters, not only white space.");
}

internal static class PostErrors
{
    public static Error StaleVersion(int current) =>
        new(ErrorCodes.Conflict, "The post has changed since that version", new Dictionary<string, object> { ["currentVersion"] = current });

    public static Error ChangedConcurrently() => Error.Conflict("The post was changed by someone else; read it again");
}

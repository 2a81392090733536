namespace Posts.Application.Common.Behaviours;

internal static class FieldPath
{
    /// <summary><c>Filter.Since</c> → <c>filter.since</c>; <c>Embed[1]</c> → <c>embed[1]</c>.</summary>
    public static string ToCamelCase(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
}

namespace Posts.Deployment.Tests;

/// <summary>Paths of the checkout the tests run from, found by walking up to <c>Posts.sln</c>.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root (the folder holding <c>Posts.sln</c>).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path relative to the repository root, with '/' separators.</summary>
    public static string PathOf(string relative) =>
        Path.GetFullPath(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>
    /// The Compose specification's JSON schema: <c>POSTS_COMPOSE_SCHEMA</c> when set, else
    /// <c>../shared/schemas/compose-spec.json</c> beside the checkout (where CI lays <c>shared/</c>).
    /// </summary>
    public static string ComposeSchemaPath =>
        Environment.GetEnvironmentVariable("POSTS_COMPOSE_SCHEMA") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : PathOf("../shared/schemas/compose-spec.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Posts.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No Posts.sln above {AppContext.BaseDirectory}.");
    }
}

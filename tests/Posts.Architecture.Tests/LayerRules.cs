namespace Posts.Architecture.Tests;

/// <summary>One row of the layer table: <see cref="Layer"/> must not depend on any of <see cref="Forbidden"/>.</summary>
public sealed record LayerRule(string Layer, string[] Forbidden)
{
    public override string ToString() => $"{Layer} ↛ {string.Join(", ", Forbidden)}";
}

/// <summary>
/// Domain → nothing; Application → Domain; Infrastructure → Application; the three adapters →
/// Application + Infrastructure, never each other.
/// </summary>
public static class LayerRules
{
    private const string Domain = "Posts.Domain";
    private const string Application = "Posts.Application";
    private const string Infrastructure = "Posts.Infrastructure";
    private const string Api = "Posts.Api";
    private const string WebSockets = "Posts.WebSockets";
    private const string Cli = "Posts.Cli";

    public static readonly LayerRule[] All =
    [
        new(Domain, [Application, Infrastructure, Api, WebSockets, Cli]),
        new(Application, [Infrastructure, Api, WebSockets, Cli]),
        new(Infrastructure, [Api, WebSockets, Cli]),
        new(Api, [WebSockets, Cli]),
        new(WebSockets, [Api, Cli]),
        new(Cli, [Api, WebSockets]),
    ];

    public static TheoryData<LayerRule> Rows => new(All);

    /// <summary>The violations of <paramref name="rule"/> in <paramref name="graph"/>; empty when it holds.</summary>
    internal static IReadOnlyList<string> Violations(LayerRule rule, ProjectGraph graph) =>
        graph.Reachable(rule.Layer).Intersect(rule.Forbidden).Order().Select(f => $"{rule.Layer} references {f}").ToList();
}

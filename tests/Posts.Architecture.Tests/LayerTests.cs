using System.Reflection;
using FluentAssertions;
using NetArchTest.Rules;

namespace Posts.Architecture.Tests;

public sealed class LayerTests
{
    private static readonly ProjectGraph Graph = ProjectGraph.Load(Repository.Root);

    [Theory]
    [MemberData(nameof(LayerRules.Rows), MemberType = typeof(LayerRules))]
    public void Project_references_follow_the_layer_table(LayerRule rule) =>
        LayerRules.Violations(rule, Graph).Should().BeEmpty();

    [Theory]
    [MemberData(nameof(LayerRules.Rows), MemberType = typeof(LayerRules))]
    public void Types_follow_the_layer_table(LayerRule rule)
    {
        var assembly = Assembly.Load(rule.Layer);
        assembly.GetName().Name.Should().Be(rule.Layer, "the rule must check the assembly it names");

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(rule.Forbidden).GetResult();

        (result.FailingTypeNames ?? []).Should().BeEmpty();
    }

    [Fact]
    public void The_table_names_every_project_under_src()
    {
        var named = LayerRules.All.Select(r => r.Layer).ToHashSet();

        Graph.Projects.Should().BeEquivalentTo(named);
    }

    [Fact]
    public void Domain_references_no_package()
    {
        var csproj = File.ReadAllText(Repository.PathOf("src", "Posts.Domain", "Posts.Domain.csproj"));

        csproj.Should().NotContain("PackageReference");
    }
}

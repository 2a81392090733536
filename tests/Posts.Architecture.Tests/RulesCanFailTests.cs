using FluentAssertions;

namespace Posts.Architecture.Tests;

/// <summary>A rule that cannot fail is a defect: each is shown failing on a graph that breaks it.</summary>
public sealed class RulesCanFailTests
{
    [Theory]
    [MemberData(nameof(LayerRules.Rows), MemberType = typeof(LayerRules))]
    public void Each_rule_reports_a_reference_to_each_forbidden_layer(LayerRule rule)
    {
        foreach (var forbidden in rule.Forbidden)
        {
            var graph = new ProjectGraph(new Dictionary<string, IReadOnlyList<string>> { [rule.Layer] = [forbidden] });

            LayerRules.Violations(rule, graph).Should().ContainSingle().Which.Should().Contain(forbidden);
        }
    }

    [Fact]
    public void A_forbidden_reference_through_another_project_is_reported()
    {
        var graph = new ProjectGraph(new Dictionary<string, IReadOnlyList<string>>
        {
            ["Posts.Domain"] = ["Posts.Helpers"],
            ["Posts.Helpers"] = ["Posts.Infrastructure"],
        });

        LayerRules.Violations(LayerRules.All[0], graph).Should().Equal("Posts.Domain references Posts.Infrastructure");
    }

    [Fact]
    public void A_project_reference_is_read_from_the_csproj_text() =>
        ProjectGraph.ParseReferences("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="..\Posts.Infrastructure\Posts.Infrastructure.csproj" /></ItemGroup>
            </Project>
            """).Should().Equal("Posts.Infrastructure");

    [Fact]
    public void The_licence_guard_flags_each_banned_package()
    {
        LicenceGuard.Check("MediatR", "12.4.1").Should().NotBeNull();
        LicenceGuard.Check("MediatR.Contracts", "2.0.1").Should().NotBeNull();
        LicenceGuard.Check("AutoMapper", "15.0.0").Should().NotBeNull();
        LicenceGuard.Check("FluentAssertions", "8.0.0").Should().NotBeNull();

        LicenceGuard.Check("AutoMapper", "14.0.0").Should().BeNull();
        LicenceGuard.Check("FluentAssertions", "7.2.2").Should().BeNull();
        LicenceGuard.Check("Mediator.Abstractions", "3.0.2").Should().BeNull();
    }
}

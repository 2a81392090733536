using FluentAssertions;

namespace Posts.Architecture.Tests;

public sealed class LicenceTests
{
    [Fact]
    public void No_banned_package_is_pinned_or_restored_anywhere()
    {
        var packages = LicenceGuard.PackagesIn(Repository.Root).ToList();

        packages.Should().Contain(p => p.Package == "Mediator.Abstractions", "the guard must see the restored graphs it checks");
        packages.Select(p => LicenceGuard.Check(p.Package, p.Version) is { } why ? $"{p.Source}: {why}" : null)
            .Where(v => v is not null).Should().BeEmpty();
    }
}

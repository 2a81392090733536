using System.Text.Json;
using System.Xml.Linq;

namespace Posts.Architecture.Tests;

/// <summary>
/// Packages whose licence rules them out: MediatR in any version (13+ is commercial, 12 cannot be
/// restored here), AutoMapper 15+ and FluentAssertions 8+ (commercial).
/// </summary>
internal static class LicenceGuard
{
    /// <returns>Why the package is banned, or null when it is allowed.</returns>
    public static string? Check(string package, string version)
    {
        var major = int.TryParse(version.Split('.', '-')[0], out var m) ? m : 0;
        if (package.Equals("MediatR", StringComparison.OrdinalIgnoreCase) || package.StartsWith("MediatR.", StringComparison.OrdinalIgnoreCase))
            return $"{package} {version}: MediatR is not used in any version (see ADR-001)";
        if (package.Equals("AutoMapper", StringComparison.OrdinalIgnoreCase) && major >= 15)
            return $"{package} {version}: AutoMapper 15+ is commercially licensed";
        if (package.Equals("FluentAssertions", StringComparison.OrdinalIgnoreCase) && major >= 8)
            return $"{package} {version}: FluentAssertions 8+ is commercially licensed";
        return null;
    }

    /// <summary>Packages named in Directory.Packages.props and in every project's restored graph (transitive ones too).</summary>
    public static IEnumerable<(string Source, string Package, string Version)> PackagesIn(string root)
    {
        var props = XDocument.Load(Path.Combine(root, "Directory.Packages.props"));
        foreach (var version in props.Descendants().Where(e => e.Name.LocalName == "PackageVersion"))
            yield return ("Directory.Packages.props", version.Attribute("Include")!.Value, version.Attribute("Version")!.Value);

        foreach (var assets in Directory.EnumerateFiles(root, "project.assets.json", SearchOption.AllDirectories))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(assets));
            foreach (var library in json.RootElement.GetProperty("libraries").EnumerateObject())
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                yield return (Path.GetRelativePath(root, assets), library.Name[..slash], library.Name[(slash + 1)..]);
            }
        }
    }
}

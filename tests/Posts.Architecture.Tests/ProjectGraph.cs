using System.Xml.Linq;

namespace Posts.Architecture.Tests;

/// <summary>The ProjectReference graph read from the .csproj files: what a project may use, even before it uses it.</summary>
internal sealed class ProjectGraph(IReadOnlyDictionary<string, IReadOnlyList<string>> references)
{
    public static ProjectGraph Load(string root)
    {
        var projects = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => (IReadOnlyList<string>)ReferencesOf(p));
        return new ProjectGraph(projects);
    }

    public static IReadOnlyList<string> ReferencesOf(string csprojPath) => ParseReferences(File.ReadAllText(csprojPath));

    public static IReadOnlyList<string> ParseReferences(string csprojXml) =>
        XDocument.Parse(csprojXml).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

    public IEnumerable<string> Projects => references.Keys;

    /// <summary>Every project <paramref name="project"/> reaches, directly or through others.</summary>
    public IReadOnlySet<string> Reachable(string project)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>([project]);
        while (stack.TryPop(out var current))
        {
            foreach (var next in references.GetValueOrDefault(current) ?? [])
            {
                if (seen.Add(next)) stack.Push(next);
            }
        }

        return seen;
    }
}

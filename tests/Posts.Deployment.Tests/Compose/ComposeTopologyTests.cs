using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;

namespace Posts.Deployment.Tests.Compose;

/// <summary>
/// What the schema cannot say about docker-compose.yml (SPEC §8): health checks, the one-shot
/// migration, pinned images, files that must exist, and the proxy in front of the WebSocket hosts.
/// </summary>
public sealed partial class ComposeTopologyTests
{
    private const string WebSocketsDockerfile = "src/Posts.WebSockets/Dockerfile";

    private static readonly string[] RootUsers = ["root", "0", "0:0"];

    private static readonly Lazy<JsonObject> LazyCompose = new(() =>
        YamlToJson.Convert(File.ReadAllText(Repository.PathOf("docker-compose.yml"))) as JsonObject
        ?? throw new FormatException("docker-compose.yml is not a mapping."));

    private static JsonObject Compose => LazyCompose.Value;

    private static IEnumerable<KeyValuePair<string, JsonObject>> Services =>
        Compose["services"]!.AsObject().Select(s => KeyValuePair.Create(s.Key, s.Value!.AsObject()));

    private static JsonObject Service(string name) =>
        Compose["services"]?[name]?.AsObject() ?? throw new KeyNotFoundException($"No service '{name}'.");

    /// <summary>Services that others wait for with <c>service_completed_successfully</c>.</summary>
    private static HashSet<string> OneShots =>
    [
        .. Services.SelectMany(s => DependsOn(s.Value))
            .Where(d => d.Condition == "service_completed_successfully")
            .Select(d => d.Service),
    ];

    private static IEnumerable<(string Service, string Condition)> DependsOn(JsonObject service) =>
        service["depends_on"] switch
        {
            null => [],
            JsonArray list => list.Select(d => (d!.GetValue<string>(), "service_started")),
            JsonObject map => map.Select(d => (d.Key, d.Value?["condition"]?.GetValue<string>() ?? "service_started")),
            var other => throw new FormatException($"depends_on: {other}"),
        };

    private static string? DockerfileOf(JsonObject service) => service["build"] switch
    {
        null => null,
        JsonValue context => Path.Combine(context.GetValue<string>(), "Dockerfile"),
        JsonObject build => Path.Combine(
            build["context"]?.GetValue<string>() ?? ".", build["dockerfile"]?.GetValue<string>() ?? "Dockerfile"),
        var other => throw new FormatException($"build: {other}"),
    };

    private static string EnvironmentOf(JsonObject service, string name) => service["environment"] switch
    {
        JsonObject map => map[name]?.ToString() ?? string.Empty,
        JsonArray list => list.Select(e => e!.GetValue<string>())
            .FirstOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? string.Empty,
        _ => string.Empty,
    };

    [Fact]
    public void Every_service_has_a_health_check_unless_it_is_the_one_shot_migration()
    {
        OneShots.Should().BeEquivalentTo(["migrate"], "the migration is the only one-shot service");
        Service("migrate")["command"]!.AsArray().Select(a => a!.GetValue<string>())
            .Should().Equal("db", "migrate");

        foreach (var (name, service) in Services.Where(s => !OneShots.Contains(s.Key)))
        {
            var check = service["healthcheck"] as JsonObject;
            check.Should().NotBeNull($"service '{name}' needs a healthcheck");
            check!["test"].Should().NotBeNull($"service '{name}' healthcheck needs a test");
            check["disable"]?.GetValue<bool>().Should().NotBe(true, $"service '{name}' healthcheck must stay enabled");
        }
    }

    [Fact]
    public void Hosts_start_after_a_successful_migration_and_a_healthy_database()
    {
        var hosts = Services.Where(s => DockerfileOf(s.Value) is "./src/Posts.Api/Dockerfile" or "./" + WebSocketsDockerfile)
            .ToList();
        hosts.Select(h => h.Key).Should().Contain("api").And.HaveCountGreaterThanOrEqualTo(3);

        foreach (var (name, service) in hosts)
        {
            DependsOn(service).Should().Contain(("migrate", "service_completed_successfully"), name)
                .And.Contain(("db", "service_healthy"), name);
            EnvironmentOf(service, "ConnectionStrings__Posts").Should().Contain("Host=db", name);
            EnvironmentOf(service, "ASPNETCORE_URLS").Should().Be("http://+:8080",
                $"{name} binds localhost unless urls are set");
        }

        EnvironmentOf(Service("migrate"), "ConnectionStrings__Posts").Should().Contain("Host=db");
        DependsOn(Service("migrate")).Should().Contain(("db", "service_healthy"));
    }

    [Fact]
    public void Dependencies_name_existing_services()
    {
        var names = Services.Select(s => s.Key).ToHashSet();
        foreach (var (name, service) in Services)
        {
            foreach (var (dependency, condition) in DependsOn(service))
            {
                names.Should().Contain(dependency, $"'{name}' depends on it");
                if (condition == "service_healthy")
                    Service(dependency)["healthcheck"].Should().NotBeNull($"'{name}' waits for '{dependency}' to be healthy");
            }
        }
    }

    [Fact]
    public void Every_referenced_dockerfile_exists_and_builds_from_the_repository_root()
    {
        var built = Services.Where(s => s.Value["build"] is not null).ToList();
        built.Should().NotBeEmpty();

        foreach (var (name, service) in built)
        {
            var context = service["build"]!["context"]?.GetValue<string>();
            context.Should().Be(".", $"'{name}' builds from the repository root so Directory.*.props are in the context");
            File.Exists(Repository.PathOf(DockerfileOf(service)!)).Should().BeTrue($"'{name}' builds {DockerfileOf(service)}");
        }
    }

    [Fact]
    public void Images_are_pinned_never_latest()
    {
        var images = Services.Select(s => (s.Key, Image: s.Value["image"]?.GetValue<string>())).ToList();
        images.Should().OnlyContain(i => i.Image != null, "every service names its image (built ones get a local tag)");

        foreach (var (name, image) in images)
            IsPinned(image!).Should().BeTrue($"'{name}' uses image '{image}', which must carry a tag other than latest");
    }

    [Fact]
    public void Dockerfiles_are_multi_stage_non_root_and_start_their_own_project()
    {
        var dockerfiles = Services.Select(s => DockerfileOf(s.Value)).OfType<string>().Distinct().ToList();
        dockerfiles.Should().HaveCount(3);

        foreach (var dockerfile in dockerfiles)
        {
            var lines = File.ReadAllLines(Repository.PathOf(dockerfile)).Select(l => l.Trim()).ToList();
            var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)).ToList();
            froms.Should().HaveCountGreaterThanOrEqualTo(2, $"{dockerfile} builds with the SDK and runs on the runtime");
            froms[0].Should().Contain("/dotnet/sdk:", dockerfile);
            froms[^1].Should().MatchRegex("/dotnet/(aspnet|runtime):", dockerfile);
            foreach (var from in froms)
                IsPinned(from.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).Should().BeTrue(from);

            var finalStage = lines.Skip(lines.LastIndexOf(froms[^1])).ToList();
            var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.OrdinalIgnoreCase));
            user.Should().NotBeNull($"{dockerfile} must not run as root");
            RootUsers.Should().NotContain(user![5..].Trim(), $"{dockerfile} must not run as root");

            var entrypoint = finalStage.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.OrdinalIgnoreCase));
            var project = Path.GetFileName(Path.GetDirectoryName(dockerfile))!;
            entrypoint.Should().Be($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]");
            lines.Should().Contain(l => l.Contains($"dotnet publish src/{project}/{project}.csproj", StringComparison.Ordinal));
            File.Exists(Repository.PathOf($"src/{project}/{project}.csproj")).Should().BeTrue();

            foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase) && !l.Contains("--from", StringComparison.Ordinal)))
            {
                var sources = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
                foreach (var source in sources)
                {
                    Path.Exists(Repository.PathOf(source)).Should().BeTrue($"{dockerfile}: {copy}");
                    DockerIgnored(source).Should().BeNull($"{dockerfile} copies {source}, so .dockerignore must keep it in the context");
                }
            }
        }
    }

    [Fact]
    public void Bind_mounted_files_exist()
    {
        foreach (var (name, service) in Services)
        {
            foreach (var volume in (service["volumes"] as JsonArray ?? []).OfType<JsonValue>().Select(v => v.GetValue<string>()))
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.') || source.StartsWith('/'))
                    Path.Exists(Repository.PathOf(source)).Should().BeTrue($"'{name}' mounts {source}");
            }
        }
    }

    [Fact]
    public void The_proxy_forwards_websocket_upgrades_to_every_websocket_host()
    {
        var hosts = Services.Where(s => DockerfileOf(s.Value) == "./" + WebSocketsDockerfile).Select(s => s.Key).ToList();
        hosts.Should().HaveCountGreaterThanOrEqualTo(2, "SPEC §8 asks for two WebSocket hosts");

        var proxy = Service("proxy");
        proxy["image"]!.GetValue<string>().Should().StartWith("nginx:");
        foreach (var host in hosts)
            DependsOn(proxy).Should().Contain((host, "service_healthy"));

        var mount = (proxy["volumes"] as JsonArray)!.Select(v => v!.GetValue<string>())
            .Single(v => v.Contains("/etc/nginx/", StringComparison.Ordinal));
        var conf = File.ReadAllText(Repository.PathOf(mount.Split(':')[0]));

        conf.Should().MatchRegex(@"proxy_http_version\s+1\.1;");
        conf.Should().MatchRegex(@"proxy_set_header\s+Upgrade\s+\$http_upgrade;");
        conf.Should().MatchRegex(@"proxy_set_header\s+Connection\s+\$connection_upgrade;");
        var readTimeout = ReadTimeout().Match(conf);
        readTimeout.Success.Should().BeTrue("idle sockets need a long proxy_read_timeout");
        var seconds = int.Parse(readTimeout.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            * (readTimeout.Groups[2].Value switch { "h" => 3600, "m" => 60, _ => 1 });
        seconds.Should().BeGreaterThan(60, "the hosts ping only every 30 s, and a quiet socket must stay open");

        var upstreams = UpstreamServer().Matches(conf).Select(m => m.Groups[1].Value).ToList();
        upstreams.Should().BeEquivalentTo(hosts.Select(h => $"{h}:8080"));

        var published = proxy["ports"]!.AsArray().Select(p => p!.GetValue<string>()).Single();
        conf.Should().MatchRegex($@"listen\s+{Regex.Escape(published.Split(':')[^1])};");
    }

    /// <summary>The .dockerignore pattern that leaves <paramref name="path"/> out of the build context, if any.</summary>
    private static string? DockerIgnored(string path)
    {
        path = path.TrimEnd('/');
        string? excludedBy = null;
        foreach (var line in File.ReadAllLines(Repository.PathOf(".dockerignore")).Select(l => l.Trim()))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var negated = line.StartsWith('!');
            var pattern = (negated ? line[1..] : line).TrimStart('/').TrimEnd('/');
            var regex = "^" + Regex.Escape(pattern)
                .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
                .Replace(@"\*\*", ".*", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "(/.*)?$";
            if (Regex.IsMatch(path, regex))
                excludedBy = negated ? null : line;
        }

        return excludedBy;
    }

    private static bool IsPinned(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
            return true;
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon > 0 && name[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }

    [GeneratedRegex(@"proxy_read_timeout\s+(\d+)([smh]?);")]
    private static partial Regex ReadTimeout();

    [GeneratedRegex(@"^\s*server\s+([\w.-]+:\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Posts.Deployment.Tests.Compose;

/// <summary>Validates Compose documents against the Compose specification's JSON schema.</summary>
internal sealed class ComposeSchema
{
    private readonly JsonSchema _schema;

    private ComposeSchema(JsonSchema schema) => _schema = schema;

    /// <summary>
    /// Loads the schema, or skips the calling test with a reason when the file is absent (a
    /// checkout without <c>../shared</c> beside it).
    /// </summary>
    public static ComposeSchema LoadOrSkip()
    {
        var path = Repository.ComposeSchemaPath;
        Assert.SkipUnless(File.Exists(path),
            $"Compose JSON schema not found at {path} (expected ../shared/schemas/compose-spec.json beside the "
            + "checkout, or POSTS_COMPOSE_SCHEMA); docker-compose.yml was not validated against it.");

        // The file names its dialect "https://json-schema.org/draft-07/schema", which is draft-07 but
        // not the URI JsonSchema.Net knows it by (http, with '#'): say draft-07 in the canonical form.
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var declared = document["$schema"]?.GetValue<string>();
        if (declared is not null && !declared.Contains("draft-07", StringComparison.Ordinal))
            throw new NotSupportedException($"{path} declares {declared}; the validator expects draft-07.");
        document["$schema"] = "http://json-schema.org/draft-07/schema#";

        // A registry of its own: the schema's $id would clash in the global one on a second load.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 };
        return new ComposeSchema(JsonSchema.FromText(document.ToJsonString(), options));
    }

    /// <summary>The schema errors of a YAML document, as "instance location: message" lines; empty when valid.</summary>
    public IReadOnlyList<string> Errors(string yaml)
    {
        var json = YamlToJson.Convert(yaml) ?? throw new FormatException("The document is empty.");
        using var document = JsonDocument.Parse(json.ToJsonString());
        var results = _schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({e.Key})"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["(invalid, with no error detail)"];
    }

    /// <summary>For tests: parse YAML to the JSON the schema sees.</summary>
    public static JsonNode? ToJson(string yaml) => YamlToJson.Convert(yaml);
}

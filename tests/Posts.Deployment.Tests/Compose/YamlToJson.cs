using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Posts.Deployment.Tests.Compose;

/// <summary>
/// Turns a YAML document into JSON the way Compose reads it: plain scalars resolve by the YAML 1.2
/// core schema (<c>5</c> is a number, <c>true</c> a boolean, <c>~</c>/<c>null</c> null) while quoted
/// and block scalars stay strings; aliases are expanded and <c>&lt;&lt;</c> merge keys are merged
/// (keys written beside the merge win). Without this, <c>image: 5</c> would pass as the string "5".
/// </summary>
internal static class YamlToJson
{
    /// <summary>Parses the single document in <paramref name="yaml"/>.</summary>
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
            stream.Load(reader);

        if (stream.Documents.Count != 1)
            throw new FormatException($"Expected one YAML document, found {stream.Documents.Count}.");
        return ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode scalar => Scalar(scalar),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlMappingNode mapping => Mapping(mapping),
        _ => throw new FormatException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        var merged = new List<JsonObject>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } keyScalar)
                throw new FormatException($"Only scalar keys are supported (at {keyNode.Start}).");

            if (key == "<<" && keyScalar.Style == ScalarStyle.Plain)
            {
                // Merge keys take one mapping or a list of them; earlier ones win over later ones.
                var sources = valueNode is YamlSequenceNode list ? list.Children : [valueNode];
                merged.AddRange(sources.Select(s => ToJson(s) as JsonObject
                    ?? throw new FormatException($"A merge key needs mappings (at {s.Start}).")));
                continue;
            }

            if (result.ContainsKey(key))
                throw new FormatException($"Duplicate key '{key}' at {keyNode.Start}.");
            result[key] = ToJson(valueNode);
        }

        foreach (var source in merged)
        {
            foreach (var (key, value) in source)
            {
                if (!result.ContainsKey(key))
                    result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
            return JsonValue.Create(text);
        if (scalar.Tag.IsEmpty is false && scalar.Tag.Value == "tag:yaml.org,2002:str")
            return JsonValue.Create(text);

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (text.StartsWith("0x", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            return JsonValue.Create(hex);
        if (text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }
}

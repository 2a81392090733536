using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Posts.Application.Common.Json;

/// <summary>
/// The JSON of every wire (HTTP bodies, WebSocket envelopes, event payloads, CLI <c>--json</c>):
/// camelCase and times in UTC with <c>Z</c> (<see cref="Optional{T}"/> carries its own converter).
/// </summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Frozen(Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web), indented: false));

    /// <summary>Applies the wire conventions to options an adapter owns (e.g. ASP.NET Core's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options, bool indented)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.WriteIndented = indented;
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }

    private static JsonSerializerOptions Frozen(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes <c>2026-11-25T17:00:00.123456Z</c>; reads any ISO 8601 offset.</summary>
    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}

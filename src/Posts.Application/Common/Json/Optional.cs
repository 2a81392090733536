using System.Text.Json;
using System.Text.Json.Serialization;

namespace Posts.Application.Common.Json;

/// <summary>
/// A field of an update: absent (leave unchanged) or present with a value, which may be <c>null</c>.
/// The request types carry it so the HTTP merge patch and the WebSocket message share one rule (SPEC §3 "Updates").
/// </summary>
[JsonConverter(typeof(OptionalJsonConverterFactory))]
public readonly record struct Optional<T>
{
    public Optional(T? value)
    {
        Value = value;
        IsPresent = true;
    }

    public bool IsPresent { get; }
    public T? Value { get; }

#pragma warning disable CA2225 // Optional.Of is the named alternative
    public static implicit operator Optional<T>(T? value) => new(value);
#pragma warning restore CA2225

    /// <summary>The value when present, else <paramref name="fallback"/>.</summary>
    public T? Or(T? fallback) => IsPresent ? Value : fallback;

    public override string ToString() => IsPresent ? $"Present({Value})" : "Absent";
}

public static class Optional
{
    public static Optional<T> Of<T>(T? value) => new(value);
}

/// <summary>System.Text.Json only calls a converter for properties that are in the document, so absent stays absent.</summary>
public sealed class OptionalJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Optional<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class OptionalJsonConverter<T> : JsonConverter<Optional<T>>
    {
        public override bool HandleNull => true;

        // Through the inner converter, not a nested Deserialize, which would restart the JSON path at "$":
        // a wrong type ({"title": 1}) is then reported on "title".
        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null
                ? new Optional<T>(default)
                : new Optional<T>(((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options));

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options)
        {
            if (value.IsPresent) JsonSerializer.Serialize(writer, value.Value, options);
            else writer.WriteNullValue();
        }
    }
}

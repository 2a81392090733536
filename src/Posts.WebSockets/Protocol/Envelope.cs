using System.Text.Json;
using System.Text.Json.Serialization;
using Posts.Application.Common.Json;
using Posts.Application.Common.Results;

namespace Posts.WebSockets.Protocol;

/// <summary>A request as read off the socket: <c>{"type": ..., "data": {...}, "id": ...}</c>.</summary>
internal sealed record Incoming(string Type, JsonElement Data, JsonElement? Id);

/// <summary>Every message the host sends (SPEC §5): replies, errors and pushes share this envelope.</summary>
internal sealed record Envelope(
    string Type,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Meta = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorBody? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Event = null)
{
    public const string Ok = "ok";
    public const string Failed = "error";

    /// <summary>The <c>type</c> of an error whose request's type could not be read.</summary>
    public const string UnreadableType = "error";

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, WireJson.Options);

    public static Envelope Success(string type, object? data, object? meta, JsonElement? id) => new(type, Ok, data, meta, Id: id);

    public static Envelope Fail(string type, Error error, JsonElement? id) =>
        new(type, Failed, Error: new ErrorBody(error.Code, error.Message, error.Details), Id: id);

    public static Envelope Fail(string type, string code, string message, JsonElement? id) =>
        new(type, Failed, Error: new ErrorBody(code, message, null), Id: id);
}

internal sealed record ErrorBody(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Details);

/// <summary>The WebSocket adapter's own error codes (SPEC §3).</summary>
internal static class ProtocolErrors
{
    public const string InvalidMessage = "invalid_message";
    public const string UnknownType = "unknown_type";
}

internal static class EnvelopeReader
{
    /// <summary>
    /// Reads a request, or says why it cannot be read: not JSON, not an object, no string <c>type</c>,
    /// <c>data</c> not an object, <c>id</c> neither string nor number. The type is kept when it could be read.
    /// </summary>
    public static Incoming? Read(ReadOnlyMemory<byte> utf8, out Envelope? problem)
    {
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            problem = Envelope.Fail(Envelope.UnreadableType, ProtocolErrors.InvalidMessage, "The message is not JSON.", null);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = Envelope.Fail(Envelope.UnreadableType, ProtocolErrors.InvalidMessage, "The message must be a JSON object.", null);
                return null;
            }

            JsonElement? id = root.TryGetProperty("id", out var rawId) ? rawId.Clone() : null;
            if (id is { ValueKind: not (JsonValueKind.String or JsonValueKind.Number) })
            {
                problem = Envelope.Fail(Envelope.UnreadableType, ProtocolErrors.InvalidMessage, "'id' must be a string or a number.", null);
                return null;
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { Length: > 0 and <= 64 } name)
            {
                problem = Envelope.Fail(Envelope.UnreadableType, ProtocolErrors.InvalidMessage, "The message needs a 'type' (a string).", id);
                return null;
            }

            var data = root.TryGetProperty("data", out var rawData) ? rawData : default;
            if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            {
                data = EmptyObject;
            }
            else if (data.ValueKind != JsonValueKind.Object)
            {
                problem = Envelope.Fail(name, ProtocolErrors.InvalidMessage, "'data' must be an object.", id);
                return null;
            }

            return new Incoming(name, data.Clone(), id);
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}

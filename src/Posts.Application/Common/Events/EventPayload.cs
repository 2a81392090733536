using System.Text.Json;

namespace Posts.Application.Common.Events;

/// <summary>Event payloads are the JSON a live subscriber receives as <c>data</c>: camelCase, as on every wire.</summary>
internal static class EventPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Of<T>(T data) => JsonSerializer.Serialize(data, Options);
}

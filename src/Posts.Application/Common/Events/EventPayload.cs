using System.Text.Json;
using Posts.Application.Common.Json;

namespace Posts.Application.Common.Events;

/// <summary>Event payloads are the JSON a live subscriber receives as <c>data</c>, in the wire conventions.</summary>
internal static class EventPayload
{
    public static string Of<T>(T data) => JsonSerializer.Serialize(data, WireJson.Options);
}

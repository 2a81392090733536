using Posts.Application.Common.Events;
using Posts.Domain;

namespace Posts.WebSockets.Connections;

/// <summary>
/// One socket's <c>posts.subscribe</c>: its filter and the last event id it was given. While it replays from
/// <c>after</c> it reads pages itself; once caught up with the hub it takes the hub's batches (live).
/// </summary>
internal sealed class Subscription(long? postId, long? authorId, long lastDelivered)
{
    public long? PostId { get; } = postId;
    public long? AuthorId { get; } = authorId;
    public long LastDelivered { get; set; } = lastDelivered;
    public bool Live { get; set; }
    public bool Cancelled { get; set; }

    public static bool IsPostEvent(string type) => type.StartsWith("posts.", StringComparison.Ordinal) || type.StartsWith("comments.", StringComparison.Ordinal);

    public bool Wants(EventRecord e) =>
        IsPostEvent(e.Type) && (PostId is null || e.PostId == PostId) && (AuthorId is null || e.UserId == AuthorId);

    public static byte[] Push(EventRecord e) =>
        System.Text.Encoding.UTF8.GetBytes($$"""{"type":"{{e.Type}}","status":"ok","event":{{e.Id}},"data":{{e.Payload}}}""");
}

/// <summary>The data of <c>posts.subscribe</c>.</summary>
internal sealed record SubscribeData(long? After = null, long? PostId = null, string? Author = null);

/// <summary>The data of <c>posts.unsubscribe</c>.</summary>
internal sealed record UnsubscribeData;

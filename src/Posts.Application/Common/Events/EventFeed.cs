namespace Posts.Application.Common.Events;

/// <summary>One row of the events table as the fan-out delivers it; <see cref="Payload"/> is the JSON a subscriber gets as <c>data</c>.</summary>
public sealed record EventRecord(long Id, string Type, long? PostId, long? CommentId, long? UserId, string Payload, DateTimeOffset CreatedAt);

/// <summary>
/// Reads the events table in id order without ever skipping an id that may still commit (SPEC §6). Writers hold a
/// shared advisory lock while they insert events; <see cref="HorizonAsync"/> takes it exclusively for an instant, so
/// every id at or below the horizon it returns is final — committed, or never to be.
/// </summary>
public interface IEventFeed
{
    /// <summary>The highest id below which nothing more can appear.</summary>
    Task<long> HorizonAsync(CancellationToken ct);

    /// <summary>Events with <paramref name="after"/> &lt; id ≤ <paramref name="upTo"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EventRecord>> ReadAsync(long after, long upTo, int limit, CancellationToken ct);

    /// <summary>The oldest id still kept (retention), or null when the table is empty.</summary>
    Task<long?> OldestAsync(CancellationToken ct);

    /// <summary>Waits for the next "something was committed" hint (LISTEN), or until <paramref name="timeout"/>; a lost hint only delays.</summary>
    Task WaitForHintAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>Deletes events older than <paramref name="before"/>.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct);
}

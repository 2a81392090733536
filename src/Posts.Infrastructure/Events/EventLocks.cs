namespace Posts.Infrastructure.Events;

internal static class EventLocks
{
    /// <summary>The advisory lock key of the events table: writers share it, the horizon read takes it alone.</summary>
    public const long Key = 0x506F737473457673; // "PostsEvs"

    public const string Channel = "posts_events";
}

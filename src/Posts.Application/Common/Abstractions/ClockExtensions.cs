namespace Posts.Application.Common.Abstractions;

public static class ClockExtensions
{
    /// <summary>
    /// Now, to the microsecond: PostgreSQL keeps timestamps to the microsecond, so a value returned
    /// straight after a write equals the same value read back later (and keyset cursors stay exact).
    /// </summary>
    public static DateTimeOffset Now(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }
}

using FluentAssertions;
using Posts.Infrastructure.Events;
using Xunit;

namespace Posts.Infrastructure.Tests.Events;

/// <summary>Which commands get the events' lock in the same round trip (ADR-008): the event's insert alone, nothing else.</summary>
public sealed class EventWriteInterceptorTests
{
    [Theory]
    [InlineData("INSERT INTO events (comment_id, created_at, payload)\nVALUES (@p0, @p1, @p2)\nRETURNING id;\n", true)]
    [InlineData("INSERT INTO \"events\" (type) VALUES (@p0) RETURNING id;", true)]
    [InlineData("INSERT INTO events (type) VALUES (@p0) RETURNING id", true)]
    [InlineData("DELETE FROM posts\nWHERE id = @p0;\nINSERT INTO events (type) VALUES (@p1) RETURNING id;\n", false)]
    [InlineData("INSERT INTO events (type) VALUES (@p0) RETURNING id;\nUPDATE users SET x = @p1 WHERE id = @p2;\n", false)]
    [InlineData("INSERT INTO events (type) VALUES (@p0);", false)]
    [InlineData("INSERT INTO events_archive (type) VALUES (@p0) RETURNING id;", false)]
    [InlineData("INSERT INTO posts (title) VALUES (@p0) RETURNING id;", false)]
    public void Only_the_events_insert_alone_is_prefixed(string sql, bool prefixed) =>
        EventWriteInterceptor.IsLoneEventInsert(sql).Should().Be(prefixed);

    [Fact]
    public void The_block_takes_the_lock_before_it_sets_the_bound_and_sets_none_without_one()
    {
        var bounded = EventWriteInterceptor.LockBlock(TimeSpan.FromSeconds(2));
        bounded.IndexOf("pg_advisory_xact_lock_shared", StringComparison.Ordinal)
            .Should().BeLessThan(bounded.IndexOf("statement_timeout', '2000', true", StringComparison.Ordinal));
        bounded.Should().Contain("idle_in_transaction_session_timeout', '2000', true");
        EventWriteInterceptor.LockBlock(TimeSpan.Zero).Should().NotContain("set_config");
    }
}

using System.Text.Json;
using FluentAssertions;
using Posts.Application.Comments;
using Posts.Application.Common.Json;

namespace Posts.Application.Tests.Common;

public sealed class WireJsonTests
{
    public sealed record Patch(Optional<string?> Body = default, Optional<int?> Count = default);

    private static Patch Read(string json) => JsonSerializer.Deserialize<Patch>(json, WireJson.Options)!;

    [Fact]
    public void Optional_is_absent_when_the_property_is_missing()
    {
        var patch = Read("{}");

        patch.Body.IsPresent.Should().BeFalse();
        patch.Count.IsPresent.Should().BeFalse();
    }

    [Fact]
    public void Optional_is_present_with_null_when_the_property_is_null()
    {
        var patch = Read("""{"body": null}""");

        patch.Body.IsPresent.Should().BeTrue();
        patch.Body.Value.Should().BeNull();
        patch.Count.IsPresent.Should().BeFalse();
    }

    [Fact]
    public void Optional_is_present_with_the_value_when_the_property_has_one()
    {
        var patch = Read("""{"body": "new text", "count": 3}""");

        patch.Body.Should().Be(Optional.Of<string?>("new text"));
        patch.Count.IsPresent.Should().BeTrue();
        patch.Count.Value.Should().Be(3);
    }

    [Fact]
    public void Optional_or_falls_back_only_when_absent()
    {
        default(Optional<string?>).Or("fallback").Should().Be("fallback");
        Optional.Of<string?>(null).Or("fallback").Should().BeNull();
    }

    [Fact]
    public void WireJson_writes_timestamps_in_utc_with_z()
    {
        var at = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.FromHours(1));

        JsonSerializer.Serialize(new { At = at }, WireJson.Options).Should().Be("""{"at":"2026-11-25T17:00:00Z"}""");
        JsonSerializer.Serialize(new { At = at.AddTicks(1_234_560) }, WireJson.Options).Should().Be("""{"at":"2026-11-25T17:00:00.123456Z"}""");
    }

    [Fact]
    public void WireJson_reads_a_timestamp_with_an_offset_as_the_same_instant()
    {
        var read = JsonSerializer.Deserialize<DateTimeOffset>("\"2026-11-25T18:00:00+01:00\"", WireJson.Options);

        read.Should().Be(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void WireJson_writes_camel_case_property_names()
    {
        var comment = new CommentDto
        {
            Id = 9, PostId = 123, AuthorId = 8, Body = "Nice",
            CreatedAt = new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 11, 25, 17, 5, 0, TimeSpan.Zero),
        };

        JsonSerializer.Serialize(comment, WireJson.Options).Should().Be(
            """{"id":9,"postId":123,"authorId":8,"body":"Nice","createdAt":"2026-11-25T17:00:00Z","updatedAt":"2026-11-25T17:05:00Z"}""");
    }
}

using FluentAssertions;
using Posts.Application.Common.Paging;

namespace Posts.Application.Tests.Common;

public sealed class TimestampsTests
{
    private static readonly DateTimeOffset HalfPastTwo = new(2014, 12, 29, 14, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2014-12-29T14:30:00Z")]
    [InlineData("2014-12-29T15:30:00+01:00")]
    [InlineData("2014-12-29T09:30:00-05:00")]
    [InlineData("2014-12-29T14:30:00")]
    [InlineData("2014-12-29T14:30Z")]
    [InlineData("2014-12-29 14:30:00Z")]
    [InlineData("2014/12/29 14:30")]
    [InlineData(" 2014/12/29 14:30 ")]
    public void TryParse_reads_the_time_as_utc(string text)
    {
        Timestamps.TryParse(text, out var value).Should().BeTrue();

        value.Should().Be(HalfPastTwo);
        value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void TryParse_keeps_fractions_of_a_second() =>
        Timestamps.ParseOrNull("2014-12-29T14:30:00.1234567Z").Should().Be(HalfPastTwo.AddTicks(1_234_567));

    [Fact]
    public void TryParse_reads_the_articles_form_with_seconds_and_a_bare_date()
    {
        Timestamps.ParseOrNull("2014/12/29 14:30:15").Should().Be(HalfPastTwo.AddSeconds(15));
        Timestamps.ParseOrNull("2014-12-29").Should().Be(new DateTimeOffset(2014, 12, 29, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("12/29/2014")]
    [InlineData("12/29/2014 14:30")]
    [InlineData("29.12.2014")]
    [InlineData("2014-13-01T00:00:00Z")]
    [InlineData("2014-12-29T25:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void TryParse_rejects_what_is_not_a_time_it_knows(string? text)
    {
        Timestamps.TryParse(text, out _).Should().BeFalse();
        Timestamps.ParseOrNull(text).Should().BeNull();
    }
}

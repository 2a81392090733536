using System.Buffers.Text;
using System.Text;
using FluentAssertions;
using Posts.Application.Common.Paging;

namespace Posts.Application.Tests.Common;

public sealed class CursorTests
{
    private static readonly Cursor Sample = new(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), 123);

    [Fact]
    public void Cursor_round_trips_through_its_encoding()
    {
        Cursor.TryDecode(Sample.Encode(), out var decoded).Should().BeTrue();

        decoded.Should().Be(Sample);
        decoded.At.UtcTicks.Should().Be(Sample.At.UtcTicks);
    }

    [Fact]
    public void Cursor_decodes_a_time_given_with_an_offset_as_the_same_instant_in_utc()
    {
        var cursor = new Cursor(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.FromHours(1)), 7);

        Cursor.TryDecode(cursor.Encode(), out var decoded).Should().BeTrue();

        decoded.At.Should().Be(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero));
        decoded.At.Offset.Should().Be(TimeSpan.Zero);
        decoded.Id.Should().Be(7);
    }

    [Fact]
    public void Cursor_encodes_to_url_safe_text() =>
        Sample.Encode().Should().MatchRegex("^[A-Za-z0-9_-]+$");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage!")]
    [InlineData("not a cursor")]
    [InlineData("e30")] // {}: no id
    [InlineData("WzEsMl0")] // [1,2]
    [InlineData("bnVsbA")] // null
    public void Cursor_rejects_text_it_did_not_issue(string? text)
    {
        Cursor.TryDecode(text, out var cursor).Should().BeFalse();
        cursor.Should().Be(default(Cursor));
    }

    [Fact]
    public void Cursor_rejects_tampered_base64()
    {
        var encoded = Sample.Encode();
        var tampered = (encoded[0] == 'A' ? 'B' : 'A') + encoded[1..];

        Cursor.TryDecode(tampered, out _).Should().BeFalse();
        Cursor.TryDecode(encoded[..^2], out _).Should().BeFalse("a truncated cursor is no cursor");
        Cursor.TryDecode(encoded + "!", out _).Should().BeFalse();
    }

    [Fact]
    public void Cursor_rejects_well_formed_json_with_a_non_positive_id() =>
        Cursor.TryDecode(Encode("""{"T":638000000000000000,"I":0}"""), out _).Should().BeFalse();

    [Fact]
    public void Cursor_rejects_text_longer_than_200_characters() =>
        Cursor.TryDecode(new string('A', 201), out _).Should().BeFalse();

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}

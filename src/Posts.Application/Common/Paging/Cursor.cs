using System.Buffers.Text;
using System.Text.Json;

namespace Posts.Application.Common.Paging;

/// <summary>A keyset position (timestamp, id) encoded as opaque base64url JSON.</summary>
public readonly record struct Cursor(DateTimeOffset At, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire(At.UtcTicks, Id)));

    public static bool TryDecode(string? text, out Cursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 200) return false;
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(text));
            if (wire is null || wire.T < DateTimeOffset.MinValue.UtcTicks || wire.T > DateTimeOffset.MaxValue.UtcTicks || wire.I <= 0) return false;
            cursor = new Cursor(new DateTimeOffset(wire.T, TimeSpan.Zero), wire.I);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private sealed record Wire(long T, long I);
}

using System.Buffers.Binary;

namespace Posts.Application.Tests.Support;

/// <summary>Reads Identity's v3 hash format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.</summary>
public static class PasswordHashes
{
    public static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        if (bytes[0] != 0x01) throw new FormatException("Not an Identity v3 hash.");
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }

    /// <summary>1 = HMAC-SHA256, 2 = HMAC-SHA512.</summary>
    public static int PrfOf(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(1, 4));
}

namespace FakeAI.Bench.Records;

/// <summary>
/// Request and correlation ids in aiperf's format (random UUID version 4 strings). <see cref="Guid.NewGuid"/> asks the
/// kernel for cryptographic randomness on every call (2 % of the client's CPU at 10,000 requests/s); these ids need to
/// be unique, not unpredictable, so they come from the shared non-cryptographic generator.
/// </summary>
internal static class RequestIds
{
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);

        // Guid's byte order is little-endian for its first three fields: byte 7 holds the version nibble, byte 8 the variant.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}

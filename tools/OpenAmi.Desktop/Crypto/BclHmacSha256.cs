using System.Security.Cryptography;
using OpenAmi.Commands;

namespace OpenAmi.Desktop.Crypto;

/// <summary>The core's HMAC port on the BCL's HMAC-SHA256.</summary>
public sealed class BclHmacSha256 : IHmacSha256
{
    public void Compute(byte[] key, byte[] data, int offset, int count, byte[] mac)
    {
        HMACSHA256.HashData(key, data.AsSpan(offset, count), mac);
    }
}

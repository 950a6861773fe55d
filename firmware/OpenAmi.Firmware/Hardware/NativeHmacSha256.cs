using System;
using System.Security.Cryptography;
using OpenAmi.Commands;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// HMAC-SHA256 by the native engine (nanoFramework.System.Security.Cryptography) behind the core's
    /// <see cref="IHmacSha256"/>, for signing and checking commands.
    /// </summary>
    /// <remarks>
    /// It calls the static HashData, never an HMACSHA256 instance: in 1.0.43 the constructor keeps the caller's key
    /// array itself and Dispose() zeroes it, which would wipe the gateway's command key after the first command.
    /// </remarks>
    public sealed class NativeHmacSha256 : IHmacSha256
    {
        public void Compute(byte[] key, byte[] data, int offset, int count, byte[] mac)
        {
            byte[] source = data;
            if (offset != 0 || count != data.Length)
            {
                source = new byte[count];
                Array.Copy(data, offset, source, 0, count);
            }

            byte[] hash = HMACSHA256.HashData(key, source);
            Array.Copy(hash, 0, mac, 0, 32);
        }
    }
}

namespace OpenAmi.Commands
{
    /// <summary>
    /// HMAC-SHA256, the one primitive command security needs. The ESP32 has it in
    /// nanoFramework.System.Security.Cryptography (HMACSHA256); desktop .NET in the BCL.
    /// </summary>
    public interface IHmacSha256
    {
        /// <summary>Writes HMAC-SHA256(key, data[offset, offset+count)) into the 32 bytes of <paramref name="mac"/>.</summary>
        void Compute(byte[] key, byte[] data, int offset, int count, byte[] mac);
    }
}

namespace OpenAmi.Crypto
{
    /// <summary>
    /// AES-GCM decryption with a key fixed at construction: the port encrypted meters (Luxembourg, Austria, HAN) are
    /// opened through. The core's <see cref="AesGcm"/> builds it on a block cipher for the device; the desktop backs it
    /// with the BCL's native AES-GCM.
    /// </summary>
    public interface IGcmCipher
    {
        /// <summary>
        /// Checks <paramref name="tag"/> over the AAD and the ciphertext in <paramref name="data"/>; only when it
        /// matches, decrypts the ciphertext in place and returns true. A forged frame is never decrypted.
        /// </summary>
        bool DecryptInPlace(
            byte[] iv, int ivOffset,
            byte[] aad, int aadOffset, int aadLength,
            byte[] data, int offset, int length,
            byte[] tag, int tagOffset, int tagLength);
    }
}

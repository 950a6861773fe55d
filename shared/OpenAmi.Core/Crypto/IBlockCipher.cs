namespace OpenAmi.Crypto
{
    /// <summary>
    /// One AES-128 block encryption with a key fixed at construction. The device offers only AES-ECB, so GCM is
    /// built on this port in the core; the desktop adapter may use the BCL's AES.
    /// </summary>
    public interface IBlockCipher
    {
        /// <summary>Encrypts the 16 bytes of <paramref name="input"/> into the 16 bytes of <paramref name="output"/>.</summary>
        void EncryptBlock(byte[] input, byte[] output);
    }
}

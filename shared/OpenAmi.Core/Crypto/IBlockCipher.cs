namespace OpenAmi.Crypto
{
    /// <summary>
    /// AES-128 encryption of whole blocks with a key fixed at construction (ECB). The device offers only AES-ECB, so
    /// GCM is built on this port in the core; the desktop adapter may use the BCL's AES.
    /// </summary>
    public interface IBlockCipher
    {
        /// <summary>Encrypts the 16 bytes of <paramref name="input"/> into the 16 bytes of <paramref name="output"/>.</summary>
        void EncryptBlock(byte[] input, byte[] output);

        /// <summary>
        /// Encrypts bytes [offset, offset+length) of <paramref name="data"/> in place, block by block;
        /// <paramref name="length"/> is a multiple of 16. One call for many blocks: a native engine is entered once.
        /// </summary>
        void EncryptBlocks(byte[] data, int offset, int length);
    }
}

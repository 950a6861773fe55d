namespace OpenAmi.Crypto
{
    /// <summary>
    /// A block cipher that can encrypt counter blocks and XOR the result straight into the data: CTR mode without a
    /// keystream pass of its own. The managed AES offers it (on the interpreter the separate pass costs a few
    /// milliseconds a frame); a native engine, which only encrypts, does not need to.
    /// </summary>
    public interface IKeystreamCipher
    {
        /// <summary>
        /// Encrypts the 16-byte blocks of <paramref name="blocks"/>, [0, 16 × <paramref name="count"/>), and XORs the
        /// result into <paramref name="data"/> from <paramref name="offset"/> on, <paramref name="length"/> bytes at most.
        /// <paramref name="blocks"/> itself is left as it was.
        /// </summary>
        void XorEncrypted(byte[] blocks, int count, byte[] data, int offset, int length);
    }
}

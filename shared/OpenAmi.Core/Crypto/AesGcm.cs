namespace OpenAmi.Crypto
{
    /// <summary>
    /// AES-GCM with a 96-bit IV over a block cipher port (NIST SP 800-38D). Decryption verifies the tag
    /// before it touches a byte of ciphertext, then decrypts in place, so a forged frame is never parsed.
    /// All work buffers are allocated once.
    /// </summary>
    /// <remarks>
    /// The CTR keystream is made <see cref="KeystreamBlocks"/> blocks at a time: counter blocks are laid out in one
    /// buffer and encrypted by one call, so a native AES engine is entered a few times per frame, not once a block.
    /// </remarks>
    public sealed class AesGcm : IGcmCipher
    {
        /// <summary>Counter blocks encrypted per call to the block cipher.</summary>
        public const int KeystreamBlocks = 16;

        private readonly IBlockCipher _cipher;
        private readonly IKeystreamCipher _fused;
        private readonly GHash _ghash;
        private readonly byte[] _counter = new byte[16];
        private readonly byte[] _keystream = new byte[KeystreamBlocks * 16];
        private readonly byte[] _hash = new byte[16];

        /// <summary>Wraps a block cipher already keyed with the AES key.</summary>
        public AesGcm(IBlockCipher cipher)
        {
            _cipher = cipher;
            _fused = cipher as IKeystreamCipher;
            byte[] h = new byte[16];
            cipher.EncryptBlock(new byte[16], h);
            _ghash = new GHash(h);
        }

        /// <summary>
        /// Checks <paramref name="tag"/> over the AAD and the ciphertext in <paramref name="data"/>; only when it
        /// matches, decrypts the ciphertext in place and returns true. The comparison takes the same time wherever
        /// the first wrong byte is.
        /// </summary>
        public bool DecryptInPlace(
            byte[] iv, int ivOffset,
            byte[] aad, int aadOffset, int aadLength,
            byte[] data, int offset, int length,
            byte[] tag, int tagOffset, int tagLength)
        {
            if (tagLength < 4 || tagLength > 16)
            {
                return false;
            }

            ComputeTagBlock(iv, ivOffset, aad, aadOffset, aadLength, data, offset, length);

            int difference = 0;
            for (int i = 0; i < tagLength; i++)
            {
                difference |= _hash[i] ^ tag[tagOffset + i];
            }

            if (difference != 0)
            {
                return false;
            }

            ApplyKeystream(iv, ivOffset, data, offset, length);
            return true;
        }

        /// <summary>
        /// Encrypts <paramref name="data"/> in place and writes the tag. The gateway only decrypts; this side exists
        /// so tests and the simulator can make frames with the same code they check.
        /// </summary>
        public void EncryptInPlace(
            byte[] iv, int ivOffset,
            byte[] aad, int aadOffset, int aadLength,
            byte[] data, int offset, int length,
            byte[] tag, int tagOffset, int tagLength)
        {
            ApplyKeystream(iv, ivOffset, data, offset, length);
            ComputeTagBlock(iv, ivOffset, aad, aadOffset, aadLength, data, offset, length);
            for (int i = 0; i < tagLength; i++)
            {
                tag[tagOffset + i] = _hash[i];
            }
        }

        // Leaves E(K, J0) xor GHASH(A, C) in _hash.
        private void ComputeTagBlock(byte[] iv, int ivOffset, byte[] aad, int aadOffset, int aadLength, byte[] data, int offset, int length)
        {
            GHash ghash = _ghash;
            ghash.Reset();
            if (aadLength > 0)
            {
                ghash.Update(aad, aadOffset, aadLength);
            }

            ghash.Update(data, offset, length);
            ghash.UpdateLengths(aadLength, length);
            ghash.Final(_hash);

            SetCounter(iv, ivOffset, 1);
            _cipher.EncryptBlocks(_counter, 0, 16);
            for (int i = 0; i < 16; i++)
            {
                _hash[i] ^= _counter[i];
            }
        }

        // CTR mode from inc32(J0): counter block 2 onwards.
        private void ApplyKeystream(byte[] iv, int ivOffset, byte[] data, int offset, int length)
        {
            byte[] keystream = _keystream;
            int block = 2;
            int end = offset + length;
            for (int pos = offset; pos < end; pos += keystream.Length)
            {
                int take = end - pos < keystream.Length ? end - pos : keystream.Length;
                int blocks = (take + 15) / 16;
                for (int b = 0; b < blocks; b++)
                {
                    int at = b * 16;
                    System.Array.Copy(iv, ivOffset, keystream, at, 12);
                    int counter = block++;
                    keystream[at + 12] = (byte)(counter >> 24);
                    keystream[at + 13] = (byte)(counter >> 16);
                    keystream[at + 14] = (byte)(counter >> 8);
                    keystream[at + 15] = (byte)counter;
                }

                if (_fused != null)
                {
                    _fused.XorEncrypted(keystream, blocks, data, pos, take);
                    continue;
                }

                _cipher.EncryptBlocks(keystream, 0, blocks * 16);
                int p = pos;
                for (int i = 0; i < take; i++)
                {
                    data[p] = (byte)(data[p] ^ keystream[i]);
                    p++;
                }
            }
        }

        private void SetCounter(byte[] iv, int ivOffset, int block)
        {
            System.Array.Copy(iv, ivOffset, _counter, 0, 12);
            _counter[12] = (byte)(block >> 24);
            _counter[13] = (byte)(block >> 16);
            _counter[14] = (byte)(block >> 8);
            _counter[15] = (byte)block;
        }
    }
}

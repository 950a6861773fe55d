namespace OpenAmi.Crypto
{
    /// <summary>
    /// GHASH, the GF(2^128) authenticator of GCM (NIST SP 800-38D), using Shoup's 8-bit tables: 16 table steps
    /// per block instead of 128 bit steps, which matters on an IL interpreter.
    /// </summary>
    /// <remarks>
    /// The tables cost 4 KB per key (two 256-entry halves of H times each byte value), held only by ports whose meter
    /// encrypts; the 4-bit variant would take half the heap and twice the time, and the time is what the budget of
    /// an encrypted telegram cannot spare on the interpreter.
    /// </remarks>
    public sealed class GHash
    {
        // What shifting a byte r out of the low end adds to the top 16 bits (x^8 reduction by R = 0xE1 || 0^120).
        // Built with the first key, not at boot (nanoCLR runs every static constructor when it loads the assembly, and
        // most meters do not encrypt).
        private static ushort[] _last8;

        // H times a byte, as the sum of H times its high nibble (in place) and H times its low nibble: four 16-entry
        // tables (the 128-bit products split in high and low words) instead of two of 256 entries, 0.6 KB not 4 KB.
        private readonly ulong[] _highOfTop = new ulong[16];
        private readonly ulong[] _lowOfTop = new ulong[16];
        private readonly ulong[] _highOfBottom = new ulong[16];
        private readonly ulong[] _lowOfBottom = new ulong[16];
        private ulong _stateHigh;
        private ulong _stateLow;

        /// <summary>Prepares the multiplication tables for hash key <paramref name="h"/> (16 bytes, E(K, 0^128)).</summary>
        public GHash(byte[] h)
        {
            if (_last8 == null)
            {
                _last8 = BuildLast8();
            }

            // Products of H with the single bits of a byte: bit 7 (the lowest degree, x^0) is H itself, each lower
            // bit one more multiplication by x (a right shift with reduction).
            ulong[] bitHigh = new ulong[8];
            ulong[] bitLow = new ulong[8];
            ulong vh = ReadUInt64(h, 0);
            ulong vl = ReadUInt64(h, 8);
            for (int bit = 7; bit >= 0; bit--)
            {
                bitHigh[bit] = vh;
                bitLow[bit] = vl;
                ulong carry = (vl & 1) != 0 ? 0xe100000000000000UL : 0UL;
                vl = (vh << 63) | (vl >> 1);
                vh = (vh >> 1) ^ carry;
            }

            for (int n = 0; n < 16; n++)
            {
                for (int bit = 0; bit < 4; bit++)
                {
                    if ((n & (1 << bit)) != 0)
                    {
                        _highOfTop[n] ^= bitHigh[bit + 4];
                        _lowOfTop[n] ^= bitLow[bit + 4];
                        _highOfBottom[n] ^= bitHigh[bit];
                        _lowOfBottom[n] ^= bitLow[bit];
                    }
                }
            }
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            _stateHigh = 0;
            _stateLow = 0;
        }

        /// <summary>Absorbs data, zero-padding the last partial block as GCM requires for AAD and ciphertext.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int whole = offset + (count & ~15);
            while (offset < whole)
            {
                // The block's two words, read in line (a call per word would cost more than the reading).
                int o = offset;
                _stateHigh ^= ((ulong)data[o] << 56) | ((ulong)data[o + 1] << 48) | ((ulong)data[o + 2] << 40) | ((ulong)data[o + 3] << 32)
                    | ((ulong)data[o + 4] << 24) | ((ulong)data[o + 5] << 16) | ((ulong)data[o + 6] << 8) | data[o + 7];
                _stateLow ^= ((ulong)data[o + 8] << 56) | ((ulong)data[o + 9] << 48) | ((ulong)data[o + 10] << 40) | ((ulong)data[o + 11] << 32)
                    | ((ulong)data[o + 12] << 24) | ((ulong)data[o + 13] << 16) | ((ulong)data[o + 14] << 8) | data[o + 15];
                Multiply();
                offset += 16;
            }

            if (offset < end)
            {
                ulong high = 0;
                ulong low = 0;
                for (int i = 0; offset + i < end; i++)
                {
                    ulong value = data[offset + i];
                    if (i < 8)
                    {
                        high |= value << (56 - (8 * i));
                    }
                    else
                    {
                        low |= value << (56 - (8 * (i - 8)));
                    }
                }

                _stateHigh ^= high;
                _stateLow ^= low;
                Multiply();
            }
        }

        /// <summary>Absorbs the final length block: bit lengths of the AAD and of the ciphertext.</summary>
        public void UpdateLengths(long aadBytes, long cipherBytes)
        {
            _stateHigh ^= (ulong)(aadBytes * 8);
            _stateLow ^= (ulong)(cipherBytes * 8);
            Multiply();
        }

        /// <summary>Writes the 16-byte hash value.</summary>
        public void Final(byte[] output)
        {
            WriteUInt64(_stateHigh, output, 0);
            WriteUInt64(_stateLow, output, 8);
        }

        // state = state · H, Horner over the state's 16 bytes from the last to the first: the low word's 8, then the
        // high word's 8, written out (no loop counter to keep on the interpreter).
        private void Multiply()
        {
            ulong[] th = _highOfTop;
            ulong[] tl = _lowOfTop;
            ulong[] bh = _highOfBottom;
            ulong[] bl = _lowOfBottom;
            ushort[] last8 = _last8;
            ulong x = _stateLow;
            int b = (int)(x & 0xFF);
            ulong zh = th[b >> 4] ^ bh[b & 15];
            ulong zl = tl[b >> 4] ^ bl[b & 15];
            int rem;
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 8) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 16) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 24) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 32) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 40) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 48) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 56) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            x = _stateHigh;
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)(x & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 8) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 16) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 24) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 32) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 40) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 48) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            rem = (int)(zl & 0xFF);
            zl = (zh << 56) | (zl >> 8);
            b = (int)((x >> 56) & 0xFF);
            zh = (zh >> 8) ^ ((ulong)last8[rem] << 48) ^ th[b >> 4] ^ bh[b & 15];
            zl ^= tl[b >> 4] ^ bl[b & 15];
            _stateHigh = zh;
            _stateLow = zl;
        }

        private static ushort[] BuildLast8()
        {
            ushort[] table = new ushort[256];
            for (int r = 0; r < 256; r++)
            {
                ulong h = 0;
                ulong l = (ulong)r;
                for (int bit = 0; bit < 8; bit++)
                {
                    bool carry = (l & 1) != 0;
                    l = (h << 63) | (l >> 1);
                    h >>= 1;
                    if (carry)
                    {
                        h ^= 0xe100000000000000UL;
                    }
                }

                table[r] = (ushort)(h >> 48); // eight shifts reach only the top 16 bits
            }

            return table;
        }

        private static ulong ReadUInt64(byte[] data, int offset)
        {
            return ((ulong)data[offset] << 56) | ((ulong)data[offset + 1] << 48) | ((ulong)data[offset + 2] << 40)
                | ((ulong)data[offset + 3] << 32) | ((ulong)data[offset + 4] << 24) | ((ulong)data[offset + 5] << 16)
                | ((ulong)data[offset + 6] << 8) | data[offset + 7];
        }

        private static void WriteUInt64(ulong value, byte[] output, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                output[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

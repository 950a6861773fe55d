namespace OpenAmi.Crypto
{
    /// <summary>
    /// GHASH, the GF(2^128) authenticator of GCM (NIST SP 800-38D), using Shoup's 4-bit tables: 32 table steps
    /// per block instead of 128 bit steps, which matters on an IL interpreter.
    /// </summary>
    public sealed class GHash
    {
        // x^4 reduction remainders for the 4-bit shifts, already in the top 16 bits where they are XORed.
        private static readonly ulong[] Last4 =
        {
            0x0000UL << 48, 0x1c20UL << 48, 0x3840UL << 48, 0x2460UL << 48, 0x7080UL << 48, 0x6ca0UL << 48, 0x48c0UL << 48, 0x54e0UL << 48,
            0xe100UL << 48, 0xfd20UL << 48, 0xd940UL << 48, 0xc560UL << 48, 0x9180UL << 48, 0x8da0UL << 48, 0xa9c0UL << 48, 0xb5e0UL << 48,
        };

        private readonly ulong[] _high = new ulong[16];
        private readonly ulong[] _low = new ulong[16];
        private ulong _stateHigh;
        private ulong _stateLow;

        /// <summary>Prepares the multiplication tables for hash key <paramref name="h"/> (16 bytes, E(K, 0^128)).</summary>
        public GHash(byte[] h)
        {
            ulong vh = ReadUInt64(h, 0);
            ulong vl = ReadUInt64(h, 8);
            _high[8] = vh;
            _low[8] = vl;
            for (int i = 4; i > 0; i >>= 1)
            {
                ulong carry = (vl & 1) != 0 ? 0xe100000000000000UL : 0UL;
                vl = (vh << 63) | (vl >> 1);
                vh = (vh >> 1) ^ carry;
                _high[i] = vh;
                _low[i] = vl;
            }

            for (int i = 2; i <= 8; i <<= 1)
            {
                for (int j = 1; j < i; j++)
                {
                    _high[i + j] = _high[i] ^ _high[j];
                    _low[i + j] = _low[i] ^ _low[j];
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
                _stateHigh ^= ReadUInt64(data, offset);
                _stateLow ^= ReadUInt64(data, offset + 8);
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

        // state = state · H, Horner over the state's 32 nibbles from the last to the first: the low word's 16, then
        // the high word's 16, each loop shifting its word instead of indexing nibbles (fewer IL operations).
        private void Multiply()
        {
            ulong[] high = _high;
            ulong[] low = _low;
            ulong[] last4 = Last4;
            ulong x = _stateLow;
            int nibble = (int)(x & 0xF);
            ulong zh = high[nibble];
            ulong zl = low[nibble];
            for (int n = 1; n < 16; n++)
            {
                x >>= 4;
                nibble = (int)(x & 0xF);
                int rem = (int)(zl & 0xF);
                zl = (zh << 60) | (zl >> 4);
                zh = (zh >> 4) ^ last4[rem] ^ high[nibble];
                zl ^= low[nibble];
            }

            x = _stateHigh;
            for (int n = 0; n < 16; n++)
            {
                nibble = (int)(x & 0xF);
                x >>= 4;
                int rem = (int)(zl & 0xF);
                zl = (zh << 60) | (zl >> 4);
                zh = (zh >> 4) ^ last4[rem] ^ high[nibble];
                zl ^= low[nibble];
            }

            _stateHigh = zh;
            _stateLow = zl;
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

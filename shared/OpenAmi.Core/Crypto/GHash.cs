namespace OpenAmi.Crypto
{
    /// <summary>
    /// GHASH, the GF(2^128) authenticator of GCM (NIST SP 800-38D), using Shoup's 4-bit tables: 32 table steps
    /// per block instead of 128 bit steps, which matters on an IL interpreter.
    /// </summary>
    public sealed class GHash
    {
        // x^4 reduction remainders for the 4-bit shifts, pre-shifted into the top 16 bits.
        private static readonly ulong[] Last4 =
        {
            0x0000, 0x1c20, 0x3840, 0x2460, 0x7080, 0x6ca0, 0x48c0, 0x54e0,
            0xe100, 0xfd20, 0xd940, 0xc560, 0x9180, 0x8da0, 0xa9c0, 0xb5e0,
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
            while (offset < end)
            {
                int take = end - offset < 16 ? end - offset : 16;
                ulong high = _stateHigh;
                ulong low = _stateLow;
                for (int i = 0; i < take; i++)
                {
                    ulong value = data[offset + i];
                    if (i < 8)
                    {
                        high ^= value << (56 - (8 * i));
                    }
                    else
                    {
                        low ^= value << (56 - (8 * (i - 8)));
                    }
                }

                _stateHigh = high;
                _stateLow = low;
                Multiply();
                offset += take;
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

        // state = state · H, processing the state's 32 nibbles from the last to the first.
        private void Multiply()
        {
            ulong xh = _stateHigh;
            ulong xl = _stateLow;
            int nibble = (int)(xl & 0xF);
            ulong zh = _high[nibble];
            ulong zl = _low[nibble];

            for (int n = 1; n < 32; n++)
            {
                // Nibble n counted from the end: the low word holds nibbles 0-15, the high word 16-31.
                nibble = n < 16 ? (int)((xl >> (4 * n)) & 0xF) : (int)((xh >> (4 * (n - 16))) & 0xF);
                int rem = (int)(zl & 0xF);
                zl = (zh << 60) | (zl >> 4);
                zh = (zh >> 4) ^ (Last4[rem] << 48);
                zh ^= _high[nibble];
                zl ^= _low[nibble];
            }

            _stateHigh = zh;
            _stateLow = zl;
        }

        private static ulong ReadUInt64(byte[] data, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | data[offset + i];
            }

            return value;
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

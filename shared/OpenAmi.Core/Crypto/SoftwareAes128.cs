namespace OpenAmi.Crypto
{
    /// <summary>
    /// A plain FIPS-197 AES-128 encryptor. The ESP32 firmware uses it for Luxembourg (GCM) meters, so it does not
    /// depend on the nanoFramework crypto package, and the tests run it on nanoCLR, whose host has no AES. Checked
    /// against the FIPS-197 vector and against the BCL. One block costs a few hundred table lookups; a 1.5 KB
    /// encrypted telegram every 10 s is about 100 blocks.
    /// </summary>
    public sealed class SoftwareAes128 : IBlockCipher
    {
        private static readonly byte[] SBox = BuildSBox();
        private readonly byte[] _roundKeys = new byte[176];
        private readonly byte[] _state = new byte[16];

        public SoftwareAes128(byte[] key)
        {
            System.Array.Copy(key, 0, _roundKeys, 0, 16);
            byte rcon = 1;
            for (int i = 16; i < 176; i += 4)
            {
                byte t0 = _roundKeys[i - 4];
                byte t1 = _roundKeys[i - 3];
                byte t2 = _roundKeys[i - 2];
                byte t3 = _roundKeys[i - 1];
                if (i % 16 == 0)
                {
                    byte first = t0;
                    t0 = (byte)(SBox[t1] ^ rcon);
                    t1 = SBox[t2];
                    t2 = SBox[t3];
                    t3 = SBox[first];
                    rcon = XTime(rcon);
                }

                _roundKeys[i] = (byte)(_roundKeys[i - 16] ^ t0);
                _roundKeys[i + 1] = (byte)(_roundKeys[i - 15] ^ t1);
                _roundKeys[i + 2] = (byte)(_roundKeys[i - 14] ^ t2);
                _roundKeys[i + 3] = (byte)(_roundKeys[i - 13] ^ t3);
            }
        }

        public void EncryptBlock(byte[] input, byte[] output)
        {
            byte[] s = _state;
            for (int i = 0; i < 16; i++)
            {
                s[i] = (byte)(input[i] ^ _roundKeys[i]);
            }

            for (int round = 1; round <= 10; round++)
            {
                for (int i = 0; i < 16; i++)
                {
                    s[i] = SBox[s[i]];
                }

                // ShiftRows on the column-major state.
                byte t = s[1];
                s[1] = s[5]; s[5] = s[9]; s[9] = s[13]; s[13] = t;
                t = s[2]; s[2] = s[10]; s[10] = t;
                t = s[6]; s[6] = s[14]; s[14] = t;
                t = s[15];
                s[15] = s[11]; s[11] = s[7]; s[7] = s[3]; s[3] = t;

                if (round < 10)
                {
                    for (int c = 0; c < 16; c += 4)
                    {
                        byte a0 = s[c];
                        byte a1 = s[c + 1];
                        byte a2 = s[c + 2];
                        byte a3 = s[c + 3];
                        byte all = (byte)(a0 ^ a1 ^ a2 ^ a3);
                        s[c] ^= (byte)(all ^ XTime((byte)(a0 ^ a1)));
                        s[c + 1] ^= (byte)(all ^ XTime((byte)(a1 ^ a2)));
                        s[c + 2] ^= (byte)(all ^ XTime((byte)(a2 ^ a3)));
                        s[c + 3] ^= (byte)(all ^ XTime((byte)(a3 ^ a0)));
                    }
                }

                int k = round * 16;
                for (int i = 0; i < 16; i++)
                {
                    s[i] ^= _roundKeys[k + i];
                }
            }

            System.Array.Copy(s, 0, output, 0, 16);
        }

        private static byte XTime(byte b)
        {
            return (byte)((b << 1) ^ ((b & 0x80) != 0 ? 0x1B : 0));
        }

        // The S-box from its definition: multiplicative inverse in GF(2^8), then the affine map.
        private static byte[] BuildSBox()
        {
            byte[] box = new byte[256];
            int p = 1;
            int q = 1;
            do
            {
                p = p ^ ((p << 1) & 0xFF) ^ ((p & 0x80) != 0 ? 0x1B : 0);
                q ^= q << 1;
                q ^= q << 2;
                q ^= q << 4;
                q &= 0xFF;
                if ((q & 0x80) != 0)
                {
                    q ^= 0x09;
                }

                int x = q ^ Rotl(q, 1) ^ Rotl(q, 2) ^ Rotl(q, 3) ^ Rotl(q, 4);
                box[p] = (byte)(x ^ 0x63);
            }
            while (p != 1);

            box[0] = 0x63;
            return box;
        }

        private static int Rotl(int x, int shift)
        {
            return ((x << shift) | (x >> (8 - shift))) & 0xFF;
        }
    }
}

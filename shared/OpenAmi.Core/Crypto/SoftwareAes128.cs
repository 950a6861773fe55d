namespace OpenAmi.Crypto
{
    /// <summary>
    /// FIPS-197 AES-128 encryption in managed code, for images built without the device's crypto package and for
    /// the nanoCLR tests, whose host has no AES. Checked against the FIPS-197 vector and against the BCL.
    /// </summary>
    /// <remarks>
    /// Table-driven ("T-tables"): each round is 16 table lookups and XORs on four 32-bit columns, about a tenth of the
    /// IL operations of the byte-wise cipher, which is what an interpreter pays for. The four 1 KB tables are built
    /// on first use, so an image that uses the native AES never holds them.
    /// </remarks>
    public sealed class SoftwareAes128 : IBlockCipher
    {
        private static byte[] _sbox;
        private static uint[] _te0;
        private static uint[] _te1;
        private static uint[] _te2;
        private static uint[] _te3;

        private readonly uint[] _roundKeys = new uint[44];

        public SoftwareAes128(byte[] key)
        {
            if (_te0 == null)
            {
                BuildTables();
            }

            byte[] sbox = _sbox;
            uint[] rk = _roundKeys;
            for (int i = 0; i < 4; i++)
            {
                rk[i] = ReadWord(key, 4 * i);
            }

            uint rcon = 0x01000000;
            for (int i = 4; i < 44; i++)
            {
                uint t = rk[i - 1];
                if (i % 4 == 0)
                {
                    t = ((uint)sbox[(t >> 16) & 0xFF] << 24) | ((uint)sbox[(t >> 8) & 0xFF] << 16)
                        | ((uint)sbox[t & 0xFF] << 8) | sbox[t >> 24];
                    t ^= rcon;
                    rcon = (rcon & 0x80000000) != 0 ? (rcon << 1) ^ 0x1B000000 : rcon << 1;
                }

                rk[i] = rk[i - 4] ^ t;
            }
        }

        public void EncryptBlock(byte[] input, byte[] output)
        {
            if (input != output)
            {
                System.Array.Copy(input, 0, output, 0, 16);
            }

            EncryptBlocks(output, 0, 16);
        }

        public void EncryptBlocks(byte[] data, int offset, int length)
        {
            uint[] rk = _roundKeys;
            uint[] t0 = _te0;
            uint[] t1 = _te1;
            uint[] t2 = _te2;
            uint[] t3 = _te3;
            byte[] sbox = _sbox;
            int end = offset + length;
            for (int at = offset; at < end; at += 16)
            {
                uint s0 = ReadWord(data, at) ^ rk[0];
                uint s1 = ReadWord(data, at + 4) ^ rk[1];
                uint s2 = ReadWord(data, at + 8) ^ rk[2];
                uint s3 = ReadWord(data, at + 12) ^ rk[3];
                // Nine full rounds written out: no loop counter or round-key index to keep on the interpreter.
                uint u0, u1, u2, u3;
                u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[4];
                u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[5];
                u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[6];
                u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[7];
                s0 = t0[u0 >> 24] ^ t1[(u1 >> 16) & 0xFF] ^ t2[(u2 >> 8) & 0xFF] ^ t3[u3 & 0xFF] ^ rk[8];
                s1 = t0[u1 >> 24] ^ t1[(u2 >> 16) & 0xFF] ^ t2[(u3 >> 8) & 0xFF] ^ t3[u0 & 0xFF] ^ rk[9];
                s2 = t0[u2 >> 24] ^ t1[(u3 >> 16) & 0xFF] ^ t2[(u0 >> 8) & 0xFF] ^ t3[u1 & 0xFF] ^ rk[10];
                s3 = t0[u3 >> 24] ^ t1[(u0 >> 16) & 0xFF] ^ t2[(u1 >> 8) & 0xFF] ^ t3[u2 & 0xFF] ^ rk[11];
                u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[12];
                u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[13];
                u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[14];
                u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[15];
                s0 = t0[u0 >> 24] ^ t1[(u1 >> 16) & 0xFF] ^ t2[(u2 >> 8) & 0xFF] ^ t3[u3 & 0xFF] ^ rk[16];
                s1 = t0[u1 >> 24] ^ t1[(u2 >> 16) & 0xFF] ^ t2[(u3 >> 8) & 0xFF] ^ t3[u0 & 0xFF] ^ rk[17];
                s2 = t0[u2 >> 24] ^ t1[(u3 >> 16) & 0xFF] ^ t2[(u0 >> 8) & 0xFF] ^ t3[u1 & 0xFF] ^ rk[18];
                s3 = t0[u3 >> 24] ^ t1[(u0 >> 16) & 0xFF] ^ t2[(u1 >> 8) & 0xFF] ^ t3[u2 & 0xFF] ^ rk[19];
                u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[20];
                u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[21];
                u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[22];
                u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[23];
                s0 = t0[u0 >> 24] ^ t1[(u1 >> 16) & 0xFF] ^ t2[(u2 >> 8) & 0xFF] ^ t3[u3 & 0xFF] ^ rk[24];
                s1 = t0[u1 >> 24] ^ t1[(u2 >> 16) & 0xFF] ^ t2[(u3 >> 8) & 0xFF] ^ t3[u0 & 0xFF] ^ rk[25];
                s2 = t0[u2 >> 24] ^ t1[(u3 >> 16) & 0xFF] ^ t2[(u0 >> 8) & 0xFF] ^ t3[u1 & 0xFF] ^ rk[26];
                s3 = t0[u3 >> 24] ^ t1[(u0 >> 16) & 0xFF] ^ t2[(u1 >> 8) & 0xFF] ^ t3[u2 & 0xFF] ^ rk[27];
                u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[28];
                u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[29];
                u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[30];
                u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[31];
                s0 = t0[u0 >> 24] ^ t1[(u1 >> 16) & 0xFF] ^ t2[(u2 >> 8) & 0xFF] ^ t3[u3 & 0xFF] ^ rk[32];
                s1 = t0[u1 >> 24] ^ t1[(u2 >> 16) & 0xFF] ^ t2[(u3 >> 8) & 0xFF] ^ t3[u0 & 0xFF] ^ rk[33];
                s2 = t0[u2 >> 24] ^ t1[(u3 >> 16) & 0xFF] ^ t2[(u0 >> 8) & 0xFF] ^ t3[u1 & 0xFF] ^ rk[34];
                s3 = t0[u3 >> 24] ^ t1[(u0 >> 16) & 0xFF] ^ t2[(u1 >> 8) & 0xFF] ^ t3[u2 & 0xFF] ^ rk[35];
                u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[36];
                u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[37];
                u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[38];
                u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[39];

                // The last round has no MixColumns: S-box bytes only.
                WriteWord(LastRound(sbox, u0, u1, u2, u3) ^ rk[40], data, at);
                WriteWord(LastRound(sbox, u1, u2, u3, u0) ^ rk[41], data, at + 4);
                WriteWord(LastRound(sbox, u2, u3, u0, u1) ^ rk[42], data, at + 8);
                WriteWord(LastRound(sbox, u3, u0, u1, u2) ^ rk[43], data, at + 12);
            }
        }

        private static uint LastRound(byte[] sbox, uint a, uint b, uint c, uint d)
        {
            return ((uint)sbox[a >> 24] << 24) | ((uint)sbox[(b >> 16) & 0xFF] << 16) | ((uint)sbox[(c >> 8) & 0xFF] << 8) | sbox[d & 0xFF];
        }

        private static uint ReadWord(byte[] data, int at)
        {
            return ((uint)data[at] << 24) | ((uint)data[at + 1] << 16) | ((uint)data[at + 2] << 8) | data[at + 3];
        }

        private static void WriteWord(uint value, byte[] data, int at)
        {
            data[at] = (byte)(value >> 24);
            data[at + 1] = (byte)(value >> 16);
            data[at + 2] = (byte)(value >> 8);
            data[at + 3] = (byte)value;
        }

        // The S-box from its definition (multiplicative inverse in GF(2^8), then the affine map), and the round
        // tables: column (2s, s, s, 3s) for each byte s of the S-box, and its three rotations.
        private static void BuildTables()
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
            uint[] te0 = new uint[256];
            uint[] te1 = new uint[256];
            uint[] te2 = new uint[256];
            uint[] te3 = new uint[256];
            for (int i = 0; i < 256; i++)
            {
                uint s = box[i];
                uint s2 = (uint)(((s << 1) ^ ((s & 0x80) != 0 ? 0x1B : 0)) & 0xFF);
                uint s3 = s2 ^ s;
                uint word = (s2 << 24) | (s << 16) | (s << 8) | s3;
                te0[i] = word;
                te1[i] = (word >> 8) | (word << 24);
                te2[i] = (word >> 16) | (word << 16);
                te3[i] = (word >> 24) | (word << 8);
            }

            _sbox = box;
            _te1 = te1;
            _te2 = te2;
            _te3 = te3;
            _te0 = te0; // last: it is the flag that the tables are ready
        }

        private static int Rotl(int x, int shift)
        {
            return ((x << shift) | (x >> (8 - shift))) & 0xFF;
        }
    }
}

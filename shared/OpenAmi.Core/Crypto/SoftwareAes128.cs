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
    public sealed class SoftwareAes128 : IBlockCipher, IKeystreamCipher
    {
        private static byte[] _sbox;
        private static uint[] _te0;
        private static uint[] _te1;
        private static uint[] _te2;
        private static uint[] _te3;

        private readonly uint[] _roundKeys = new uint[44];

        // The last round key as bytes, XORed straight into the output.
        private readonly byte[] _lastKey = new byte[16];

        // The keystream of a frame's last, partial block.
        private readonly byte[] _tail = new byte[16];

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

            for (int i = 0; i < 4; i++)
            {
                WriteWord(rk[40 + i], _lastKey, 4 * i);
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
                // Words and bytes are moved in line, not by calls: a call costs dozens of operations on the interpreter.
                uint s0 = (((uint)data[at] << 24) | ((uint)data[at + 1] << 16) | ((uint)data[at + 2] << 8) | data[at + 3]) ^ rk[0];
                uint s1 = (((uint)data[at + 4] << 24) | ((uint)data[at + 5] << 16) | ((uint)data[at + 6] << 8) | data[at + 7]) ^ rk[1];
                uint s2 = (((uint)data[at + 8] << 24) | ((uint)data[at + 9] << 16) | ((uint)data[at + 10] << 8) | data[at + 11]) ^ rk[2];
                uint s3 = (((uint)data[at + 12] << 24) | ((uint)data[at + 13] << 16) | ((uint)data[at + 14] << 8) | data[at + 15]) ^ rk[3];
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

                // The last round has no MixColumns: S-box bytes and the last round key's bytes.
                byte[] k = _lastKey;
                data[at] = (byte)(sbox[u0 >> 24] ^ k[0]);
                data[at + 1] = (byte)(sbox[(u1 >> 16) & 0xFF] ^ k[1]);
                data[at + 2] = (byte)(sbox[(u2 >> 8) & 0xFF] ^ k[2]);
                data[at + 3] = (byte)(sbox[u3 & 0xFF] ^ k[3]);
                data[at + 4] = (byte)(sbox[u1 >> 24] ^ k[4]);
                data[at + 5] = (byte)(sbox[(u2 >> 16) & 0xFF] ^ k[5]);
                data[at + 6] = (byte)(sbox[(u3 >> 8) & 0xFF] ^ k[6]);
                data[at + 7] = (byte)(sbox[u0 & 0xFF] ^ k[7]);
                data[at + 8] = (byte)(sbox[u2 >> 24] ^ k[8]);
                data[at + 9] = (byte)(sbox[(u3 >> 16) & 0xFF] ^ k[9]);
                data[at + 10] = (byte)(sbox[(u0 >> 8) & 0xFF] ^ k[10]);
                data[at + 11] = (byte)(sbox[u1 & 0xFF] ^ k[11]);
                data[at + 12] = (byte)(sbox[u3 >> 24] ^ k[12]);
                data[at + 13] = (byte)(sbox[(u0 >> 16) & 0xFF] ^ k[13]);
                data[at + 14] = (byte)(sbox[(u1 >> 8) & 0xFF] ^ k[14]);
                data[at + 15] = (byte)(sbox[u2 & 0xFF] ^ k[15]);
            }
        }

        public void XorEncrypted(byte[] blocks, int count, byte[] data, int offset, int length)
        {
            uint[] rk = _roundKeys;
            uint[] t0 = _te0;
            uint[] t1 = _te1;
            uint[] t2 = _te2;
            uint[] t3 = _te3;
            byte[] sbox = _sbox;
            int dataEnd = offset + length;
            int end = count * 16;
            for (int at = 0; at < end; at += 16)
            {
                // Words and bytes are moved in line, not by calls: a call costs dozens of operations on the interpreter.
                uint s0 = (((uint)blocks[at] << 24) | ((uint)blocks[at + 1] << 16) | ((uint)blocks[at + 2] << 8) | blocks[at + 3]) ^ rk[0];
                uint s1 = (((uint)blocks[at + 4] << 24) | ((uint)blocks[at + 5] << 16) | ((uint)blocks[at + 6] << 8) | blocks[at + 7]) ^ rk[1];
                uint s2 = (((uint)blocks[at + 8] << 24) | ((uint)blocks[at + 9] << 16) | ((uint)blocks[at + 10] << 8) | blocks[at + 11]) ^ rk[2];
                uint s3 = (((uint)blocks[at + 12] << 24) | ((uint)blocks[at + 13] << 16) | ((uint)blocks[at + 14] << 8) | blocks[at + 15]) ^ rk[3];
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

                // The last round has no MixColumns: S-box bytes and the last round key's bytes, XORed into the data.
                byte[] k = _lastKey;
                int o = offset + at;
                if (o + 16 <= dataEnd)
                {
                    data[o + 0] = (byte)(data[o + 0] ^ sbox[u0 >> 24] ^ k[0]);
                    data[o + 1] = (byte)(data[o + 1] ^ sbox[(u1 >> 16) & 0xFF] ^ k[1]);
                    data[o + 2] = (byte)(data[o + 2] ^ sbox[(u2 >> 8) & 0xFF] ^ k[2]);
                    data[o + 3] = (byte)(data[o + 3] ^ sbox[u3 & 0xFF] ^ k[3]);
                    data[o + 4] = (byte)(data[o + 4] ^ sbox[u1 >> 24] ^ k[4]);
                    data[o + 5] = (byte)(data[o + 5] ^ sbox[(u2 >> 16) & 0xFF] ^ k[5]);
                    data[o + 6] = (byte)(data[o + 6] ^ sbox[(u3 >> 8) & 0xFF] ^ k[6]);
                    data[o + 7] = (byte)(data[o + 7] ^ sbox[u0 & 0xFF] ^ k[7]);
                    data[o + 8] = (byte)(data[o + 8] ^ sbox[u2 >> 24] ^ k[8]);
                    data[o + 9] = (byte)(data[o + 9] ^ sbox[(u3 >> 16) & 0xFF] ^ k[9]);
                    data[o + 10] = (byte)(data[o + 10] ^ sbox[(u0 >> 8) & 0xFF] ^ k[10]);
                    data[o + 11] = (byte)(data[o + 11] ^ sbox[u1 & 0xFF] ^ k[11]);
                    data[o + 12] = (byte)(data[o + 12] ^ sbox[u3 >> 24] ^ k[12]);
                    data[o + 13] = (byte)(data[o + 13] ^ sbox[(u0 >> 16) & 0xFF] ^ k[13]);
                    data[o + 14] = (byte)(data[o + 14] ^ sbox[(u1 >> 8) & 0xFF] ^ k[14]);
                    data[o + 15] = (byte)(data[o + 15] ^ sbox[u2 & 0xFF] ^ k[15]);
                }
                else
                {
                    // The frame's last, partial block: only the bytes it has.
                    Tail(sbox, k, u0, u1, u2, u3, data, o, dataEnd - o);
                }
            }
        }

        // The last round's 16 bytes, XORed into the first n bytes at o: for a frame's final partial block.
        private void Tail(byte[] sbox, byte[] k, uint u0, uint u1, uint u2, uint u3, byte[] data, int o, int n)
        {
            byte[] block = _tail;
            block[0] = (byte)(sbox[u0 >> 24] ^ k[0]);
            block[1] = (byte)(sbox[(u1 >> 16) & 0xFF] ^ k[1]);
            block[2] = (byte)(sbox[(u2 >> 8) & 0xFF] ^ k[2]);
            block[3] = (byte)(sbox[u3 & 0xFF] ^ k[3]);
            block[4] = (byte)(sbox[u1 >> 24] ^ k[4]);
            block[5] = (byte)(sbox[(u2 >> 16) & 0xFF] ^ k[5]);
            block[6] = (byte)(sbox[(u3 >> 8) & 0xFF] ^ k[6]);
            block[7] = (byte)(sbox[u0 & 0xFF] ^ k[7]);
            block[8] = (byte)(sbox[u2 >> 24] ^ k[8]);
            block[9] = (byte)(sbox[(u3 >> 16) & 0xFF] ^ k[9]);
            block[10] = (byte)(sbox[(u0 >> 8) & 0xFF] ^ k[10]);
            block[11] = (byte)(sbox[u1 & 0xFF] ^ k[11]);
            block[12] = (byte)(sbox[u3 >> 24] ^ k[12]);
            block[13] = (byte)(sbox[(u0 >> 16) & 0xFF] ^ k[13]);
            block[14] = (byte)(sbox[(u1 >> 8) & 0xFF] ^ k[14]);
            block[15] = (byte)(sbox[u2 & 0xFF] ^ k[15]);
            for (int i = 0; i < n; i++)
            {
                data[o + i] = (byte)(data[o + i] ^ block[i]);
            }
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

using System;
using OpenAmi.Commands;
using OpenAmi.Crypto;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// Decides at start whether the native AES and HMAC can be used: an image built without the package's native
    /// side throws on the first call, and a wrong result must never decrypt a meter or sign an answer. Each engine
    /// must give the published answer of a standard test vector, else the core's managed one is used.
    /// </summary>
    public static class NativeCrypto
    {
        /// <summary>True when both native engines answer their test vectors; otherwise <paramref name="why"/> says what failed.</summary>
        public static bool Works(out string why)
        {
            try
            {
                // FIPS-197 appendix C.1: AES-128.
                IBlockCipher aes = new NativeAes128(Hex("000102030405060708090a0b0c0d0e0f"));
                byte[] block = Hex("00112233445566778899aabbccddeeff");
                byte[] output = new byte[16];
                aes.EncryptBlock(block, output);
                if (!Same(output, Hex("69c4e0d86a7b0430d8cdb78070b4c55a")))
                {
                    why = "AES-128 gave a wrong answer to FIPS-197 C.1";
                    return false;
                }

                // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
                IHmacSha256 hmac = new NativeHmacSha256();
                byte[] mac = new byte[32];
                byte[] key = Hex("4a656665");
                hmac.Compute(key, Hex("7768617420646f2079612077616e7420666f72206e6f7468696e673f"), 0, 28, mac);
                if (!Same(mac, Hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")) || key[0] != 0x4a)
                {
                    why = "HMAC-SHA256 gave a wrong answer to RFC 4231 case 2, or cleared its key";
                    return false;
                }
            }
            catch (Exception e)
            {
                why = "not in this firmware image (" + e.GetType().Name + ")";
                return false;
            }

            why = null;
            return true;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static byte[] Hex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Digit(hex[2 * i]) << 4) | Digit(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        private static int Digit(char c)
        {
            return c <= '9' ? c - '0' : c - 'a' + 10;
        }
    }
}

namespace OpenAmi.Tests.Portable
{
    /// <summary>Byte helpers for tests, inside the nanoFramework subset (no Encoding.ASCII there).</summary>
    public static class Bytes
    {
        /// <summary>Each char of an ASCII/Latin-1 string as one byte.</summary>
        public static byte[] Of(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        /// <summary>Hex digits to bytes; the string must hold an even number of hex digits.</summary>
        public static byte[] FromHex(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Digit(hex[2 * i]) << 4) | Digit(hex[(2 * i) + 1]));
            }

            return bytes;
        }

        /// <summary>Bytes as lower-case hex.</summary>
        public static string ToHex(byte[] bytes, int offset, int count)
        {
            const string Digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = Digits[bytes[offset + i] >> 4];
                chars[(2 * i) + 1] = Digits[bytes[offset + i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Bytes [offset, offset+count) as a string, one char per byte.</summary>
        public static string Text(byte[] bytes, int offset, int count)
        {
            return OpenAmi.Text.Ascii.GetString(bytes, offset, count);
        }

        /// <summary>Concatenates two arrays.</summary>
        public static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] result = new byte[a.Length + b.Length];
            System.Array.Copy(a, 0, result, 0, a.Length);
            System.Array.Copy(b, 0, result, a.Length, b.Length);
            return result;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c - 'A' + 10;
        }
    }
}

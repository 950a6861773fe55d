namespace OpenAmi.Commands
{
    /// <summary>Base64url without padding (RFC 4648 §5), as JWS uses it.</summary>
    public static class Base64Url
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        /// <summary>Encodes bytes [offset, offset+count) into <paramref name="output"/> at <paramref name="at"/>; returns the length written.</summary>
        public static int Encode(byte[] data, int offset, int count, byte[] output, int at)
        {
            int o = at;
            int end = offset + count;
            int i = offset;
            for (; i + 2 < end; i += 3)
            {
                int v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                output[o++] = (byte)Alphabet[(v >> 18) & 63];
                output[o++] = (byte)Alphabet[(v >> 12) & 63];
                output[o++] = (byte)Alphabet[(v >> 6) & 63];
                output[o++] = (byte)Alphabet[v & 63];
            }

            int rest = end - i;
            if (rest == 1)
            {
                int v = data[i] << 16;
                output[o++] = (byte)Alphabet[(v >> 18) & 63];
                output[o++] = (byte)Alphabet[(v >> 12) & 63];
            }
            else if (rest == 2)
            {
                int v = (data[i] << 16) | (data[i + 1] << 8);
                output[o++] = (byte)Alphabet[(v >> 18) & 63];
                output[o++] = (byte)Alphabet[(v >> 12) & 63];
                output[o++] = (byte)Alphabet[(v >> 6) & 63];
            }

            return o - at;
        }

        /// <summary>Length of the encoding of <paramref name="count"/> bytes.</summary>
        public static int EncodedLength(int count)
        {
            return ((count / 3) * 4) + (count % 3 == 0 ? 0 : (count % 3) + 1);
        }

        /// <summary>
        /// Decodes [offset, offset+count) of <paramref name="text"/> into <paramref name="output"/>; returns the byte count, or
        /// -1 for a character outside the alphabet, padding, an impossible length or too small an output.
        /// </summary>
        public static int Decode(byte[] text, int offset, int count, byte[] output, int at)
        {
            if (count % 4 == 1)
            {
                return -1;
            }

            int o = at;
            int bits = 0;
            int value = 0;
            for (int i = offset; i < offset + count; i++)
            {
                int d = Digit(text[i]);
                if (d < 0)
                {
                    return -1;
                }

                value = (value << 6) | d;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    if (o >= output.Length)
                    {
                        return -1;
                    }

                    output[o++] = (byte)(value >> bits);
                    value &= (1 << bits) - 1;
                }
            }

            return value == 0 ? o - at : -1; // leftover bits must be zero (canonical encoding)
        }

        private static int Digit(byte c)
        {
            if (c >= (byte)'A' && c <= (byte)'Z')
            {
                return c - 'A';
            }

            if (c >= (byte)'a' && c <= (byte)'z')
            {
                return c - 'a' + 26;
            }

            if (c >= (byte)'0' && c <= (byte)'9')
            {
                return c - '0' + 52;
            }

            return c == (byte)'-' ? 62 : (c == (byte)'_' ? 63 : -1);
        }
    }
}

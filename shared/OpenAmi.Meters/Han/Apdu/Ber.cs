namespace OpenAmi.Han.Apdu
{
    /// <summary>The BER-style lengths DLMS uses in APDU headers and A-XDR: one byte below 0x80, else 0x8n and n bytes.</summary>
    public static class Ber
    {
        /// <summary>
        /// Reads a length at <paramref name="pos"/> (advanced past it). Returns -1 when it runs past
        /// <paramref name="end"/> or does not fit in 24 bits; a caller still checks it against the bytes left.
        /// </summary>
        public static int ReadLength(byte[] data, ref int pos, int end)
        {
            if (pos >= end)
            {
                return -1;
            }

            int first = data[pos++];
            if (first < 0x80)
            {
                return first;
            }

            int bytes = first & 0x7F;
            if (bytes == 0 || bytes > 3 || end - pos < bytes)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < bytes; i++)
            {
                value = (value << 8) | data[pos++];
            }

            return value;
        }
    }
}

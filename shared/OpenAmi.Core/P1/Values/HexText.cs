namespace OpenAmi.P1.Values
{
    /// <summary>
    /// DSMR sends equipment ids and text messages as hex-encoded ASCII ("4530303334..." is "E0034...").
    /// Some meters and anonymised captures send plain text in the same field, so decoding is only a reading
    /// when every byte decodes to printable ASCII.
    /// </summary>
    public static class HexText
    {
        /// <summary>
        /// Decodes hex digits in [start, start+length) of <paramref name="source"/> into <paramref name="output"/>.
        /// Returns the number of decoded bytes, or -1 when the range is not an even run of hex digits, does not
        /// fit, or decodes to anything but printable ASCII.
        /// </summary>
        public static int TryDecodePrintable(byte[] source, int start, int length, byte[] output, int outputOffset)
        {
            if (length == 0 || (length & 1) != 0 || outputOffset + (length / 2) > output.Length)
            {
                return -1;
            }

            int o = outputOffset;
            int end = start + length;
            for (int i = start; i < end; i += 2)
            {
                int hi = Digit(source[i]);
                int lo = Digit(source[i + 1]);
                if (hi < 0 || lo < 0)
                {
                    return -1;
                }

                int value = (hi << 4) | lo;
                if (value < 0x20 || value > 0x7E)
                {
                    return -1;
                }

                output[o++] = (byte)value;
            }

            return o - outputOffset;
        }

        /// <summary>Value of one hex digit in either case, or -1.</summary>
        public static int Digit(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                return b - '0';
            }

            if (b >= (byte)'A' && b <= (byte)'F')
            {
                return b - 'A' + 10;
            }

            if (b >= (byte)'a' && b <= (byte)'f')
            {
                return b - 'a' + 10;
            }

            return -1;
        }
    }
}

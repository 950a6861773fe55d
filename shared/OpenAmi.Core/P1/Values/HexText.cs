namespace OpenAmi.P1.Values
{
    /// <summary>
    /// DSMR sends equipment ids and text messages as hex-encoded ASCII ("4530303334..." is "E0034...").
    /// Some meters and anonymised captures send plain text in the same field, so decoding is only a reading
    /// when every byte decodes to printable ASCII.
    /// </summary>
    public static class HexText
    {
        // Value of each byte as a hex digit, 0xFF for any other byte: one lookup instead of a call per digit.
        private static readonly byte[] Values = BuildValues();

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

            byte[] values = Values;
            int o = outputOffset;
            int end = start + length;
            for (int i = start; i < end; i += 2)
            {
                int hi = values[source[i]];
                int lo = values[source[i + 1]];
                int value = (hi << 4) | lo;
                if ((hi | lo) > 15 || value < 0x20 || value > 0x7E)
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

        private static byte[] BuildValues()
        {
            byte[] values = new byte[256];
            for (int b = 0; b < 256; b++)
            {
                int digit = Digit((byte)b);
                values[b] = digit < 0 ? (byte)0xFF : (byte)digit;
            }

            return values;
        }
    }
}

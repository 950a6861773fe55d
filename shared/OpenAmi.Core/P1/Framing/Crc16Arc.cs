namespace OpenAmi.P1.Framing
{
    /// <summary>
    /// CRC-16/ARC (poly 0xA001 reflected, init 0, no final xor), the checksum DSMR 4+ and eMUCS put after '!'.
    /// Table-driven because the device interprets IL: one lookup per byte costs about an eighth of a bit loop.
    /// </summary>
    public static class Crc16Arc
    {
        // Shared with the framer's inner loop, which inlines the lookup to spare a call per byte on the interpreter.
        internal static readonly ushort[] Table = BuildTable();

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int i = 0; i < 256; i++)
            {
                int crc = i;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
                }

                table[i] = (ushort)crc;
            }

            return table;
        }

        /// <summary>Folds one byte into a running CRC.</summary>
        public static int Update(int crc, byte value)
        {
            return (crc >> 8) ^ Table[(crc ^ value) & 0xFF];
        }

        /// <summary>CRC of a whole range, starting from zero.</summary>
        public static int Compute(byte[] data, int offset, int count)
        {
            ushort[] table = Table;
            int crc = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = (crc >> 8) ^ table[(crc ^ data[i]) & 0xFF];
            }

            return crc;
        }
    }
}

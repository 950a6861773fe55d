namespace OpenAmi.Han.Framing
{
    /// <summary>
    /// CRC-16/X-25 (RFC 1662: poly 0x1021 reflected as 0x8408, init 0xFFFF, final xor 0xFFFF), the HCS and FCS of
    /// DLMS HDLC frames. The FCS travels low byte first. Table-driven, like <c>Crc16Arc</c>, for the interpreter.
    /// </summary>
    public static class Crc16X25
    {
        /// <summary>The running value a frame starts from.</summary>
        public const int Initial = 0xFFFF;

        // Built on the first HDLC frame, not at boot: nanoCLR runs every static constructor when it loads the
        // assembly, and most gateways read P1 only (StaticTablesBudgetTests).
        private static ushort[] _table;

        internal static ushort[] Table
        {
            get
            {
                if (_table == null)
                {
                    _table = BuildTable();
                }

                return _table;
            }
        }

        private static ushort[] BuildTable()
        {
            ushort[] table = new ushort[256];
            for (int i = 0; i < 256; i++)
            {
                int crc = i;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
                }

                table[i] = (ushort)crc;
            }

            return table;
        }

        /// <summary>Folds one byte into a running value (start from <see cref="Initial"/>).</summary>
        public static int Update(int crc, byte value)
        {
            return (crc >> 8) ^ Table[(crc ^ value) & 0xFF];
        }

        /// <summary>The finished CRC of a running value: what the frame carries.</summary>
        public static int Finish(int crc)
        {
            return crc ^ 0xFFFF;
        }

        /// <summary>CRC of a whole range.</summary>
        public static int Compute(byte[] data, int offset, int count)
        {
            ushort[] table = Table;
            int crc = Initial;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = (crc >> 8) ^ table[(crc ^ data[i]) & 0xFF];
            }

            return crc ^ 0xFFFF;
        }
    }
}

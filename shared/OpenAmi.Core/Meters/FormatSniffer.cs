namespace OpenAmi.Meters
{
    /// <summary>
    /// Tells a stream's format from its first bytes: <c>7E A?</c> is HDLC, <c>68 L L 68</c> a wired M-Bus long
    /// frame, <c>DB 08</c> an encrypted P1 telegram, STX an IEC 62056-21 data block; a '/' identification line is
    /// P1 when the data after it has full OBIS codes (<c>1-0:1.8.0</c>) and IEC 62056-21 when it starts with STX
    /// or uses the short forms (<c>1.8.0</c>, <c>F.F</c>). P1 itself is IEC 62056-21 mode D, so a mode D push
    /// with full codes reads as P1, which is the same thing.
    /// </summary>
    public static class FormatSniffer
    {
        /// <summary>
        /// The format of the stream that starts with bytes [offset, offset+count), or <see cref="MeterFormat.Auto"/>
        /// when more bytes are needed to tell.
        /// </summary>
        public static int Detect(byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                byte b = data[i];
                if (b == 0x7E)
                {
                    if (i + 1 >= end)
                    {
                        return MeterFormat.Auto;
                    }

                    if ((data[i + 1] & 0xF0) == 0xA0)
                    {
                        return MeterFormat.Hdlc;
                    }
                }
                else if (b == 0x68)
                {
                    if (i + 3 >= end)
                    {
                        return MeterFormat.Auto;
                    }

                    if (data[i + 1] == data[i + 2] && data[i + 3] == 0x68)
                    {
                        return MeterFormat.Mbus;
                    }
                }
                else if (b == 0xDB)
                {
                    if (i + 1 >= end)
                    {
                        return MeterFormat.Auto;
                    }

                    if (data[i + 1] == 0x08)
                    {
                        return MeterFormat.P1;
                    }
                }
                else if (b == 0x02)
                {
                    return MeterFormat.Iec62056;
                }
                else if (b == (byte)'/')
                {
                    return AfterIdentification(data, i, end);
                }
            }

            return MeterFormat.Auto;
        }

        // Looks past the identification line at the first data line.
        private static int AfterIdentification(byte[] data, int start, int end)
        {
            int i = start + 1;
            if (i < end && data[i] == (byte)'?')
            {
                // The echoed sign-on request of a readout.
                return MeterFormat.Iec62056;
            }

            while (i < end && data[i] != 10)
            {
                i++;
            }

            while (i < end && (data[i] == 10 || data[i] == 13))
            {
                i++;
            }

            if (i >= end)
            {
                return MeterFormat.Auto;
            }

            if (data[i] == 0x02 || data[i] == 0x06)
            {
                return MeterFormat.Iec62056;
            }

            // Full OBIS codes have '-' before ':' in the first group of the line.
            for (int j = i; j < end && j < i + 12; j++)
            {
                byte c = data[j];
                if (c == (byte)'-')
                {
                    return MeterFormat.P1;
                }

                if (c == (byte)'(' || c == 10)
                {
                    return MeterFormat.Iec62056;
                }
            }

            return i + 12 <= end ? MeterFormat.P1 : MeterFormat.Auto;
        }
    }
}

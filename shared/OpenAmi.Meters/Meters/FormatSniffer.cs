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
            return Detect(data, offset, count, false);
        }

        /// <summary>
        /// As <see cref="Detect(byte[], int, int)"/>; with <paramref name="final"/> (no more bytes will come to tell) a
        /// stream that showed only weak signs (an HDLC header whose HCS fails, an M-Bus header without its stop byte)
        /// is taken as that format, so its damaged frames are reported as such, and anything else as P1.
        /// </summary>
        public static int Detect(byte[] data, int offset, int count, bool final)
        {
            int end = offset + count;
            int weak = MeterFormat.Auto;
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
                        // Noise holds 7E A? often enough: only a header whose HCS checks out decides.
                        int header = HdlcHeader(data, i + 1, end);
                        if (header == 0)
                        {
                            return final ? MeterFormat.Hdlc : MeterFormat.Auto;
                        }

                        if (header > 0)
                        {
                            return MeterFormat.Hdlc;
                        }

                        weak = weak == MeterFormat.Auto ? MeterFormat.Hdlc : weak;
                    }
                }
                else if (b == 0x68)
                {
                    if (i + 3 >= end)
                    {
                        return MeterFormat.Auto;
                    }

                    if (data[i + 1] == data[i + 2] && data[i + 3] == 0x68 && data[i + 1] >= 3)
                    {
                        // The stop byte where the length puts it decides.
                        int stop = i + 4 + data[i + 1] + 1;
                        if (stop >= end)
                        {
                            return final ? MeterFormat.Mbus : MeterFormat.Auto;
                        }

                        if (data[stop] == 0x16)
                        {
                            return MeterFormat.Mbus;
                        }

                        weak = weak == MeterFormat.Auto ? MeterFormat.Mbus : weak;
                    }
                }
                else if (weak != MeterFormat.Auto)
                {
                    // After a damaged HDLC or M-Bus header, what follows is its frame's bytes, not another format.
                    continue;
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
                else if (b == 0x02 && (i == offset || data[i - 1] == 10 || data[i - 1] == 13))
                {
                    return MeterFormat.Iec62056;
                }
                else if (b == (byte)'/')
                {
                    int format = AfterIdentification(data, i, end);
                    return format == MeterFormat.Auto && final ? MeterFormat.P1 : format;
                }
            }

            if (!final)
            {
                return MeterFormat.Auto;
            }

            return weak == MeterFormat.Auto ? MeterFormat.P1 : weak;
        }

        // An HDLC header from its format byte: 1 when its HCS checks out, -1 when not, 0 when more bytes are needed.
        private static int HdlcHeader(byte[] data, int start, int end)
        {
            int pos = start + 2;
            for (int address = 0; address < 2; address++)
            {
                int bytes = 0;
                while (true)
                {
                    if (pos >= end)
                    {
                        return 0;
                    }

                    bytes++;
                    if ((data[pos++] & 1) != 0)
                    {
                        break;
                    }

                    if (bytes == 4)
                    {
                        return -1;
                    }
                }
            }

            pos++; // control
            if (pos + 2 > end)
            {
                return 0;
            }

            int hcs = OpenAmi.Han.Framing.Crc16X25.Compute(data, start, pos - start);
            return data[pos] == (byte)hcs && data[pos + 1] == (byte)(hcs >> 8) ? 1 : -1;
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

namespace OpenAmi.P1.Obis
{
    /// <summary>
    /// Reads OBIS codes from meter text straight into packed keys (<see cref="ObisCode.Key"/>), in one loop with no
    /// calls and no structs: the parser does this for every line and every reference, and on the interpreter a call
    /// or a struct costs as much as dozens of plain operations.
    /// </summary>
    public static class ObisText
    {
        /// <summary>
        /// Reads the OBIS code that starts a COSEM line at <paramref name="start"/>, up to the first '(' or blank (or
        /// <paramref name="end"/>), and returns where it stopped; <paramref name="key"/> is the packed code, or -1 when
        /// the text there is not one (see <see cref="TryReadKey"/> for the forms read).
        /// </summary>
        public static int ReadLineKey(byte[] text, int start, int end, out long key)
        {
            key = -1;
            int group = 0;
            int value = 0;
            int groupStart = start;
            long packed = 0;
            bool valid = true;
            int i = start;

            // Nearly every line starts "d-d:" (1-0:, 0-0:, 0-1:): read that prefix at once.
            if (start + 4 < end && text[start + 1] == (byte)'-' && text[start + 3] == (byte)':')
            {
                int a = text[start] - '0';
                int b = text[start + 2] - '0';
                if (a >= 0 && a <= 9 && b >= 0 && b <= 9)
                {
                    packed = (a << 8) | b;
                    group = 2;
                    i = start + 4;
                    groupStart = i;
                }
            }

            for (; i < end; i++)
            {
                int c = text[i] - '0';
                if (c >= 0 && c <= 9)
                {
                    value = (value * 10) + c;
                    continue;
                }

                c += '0';
                if (c == '(' || c <= ' ')
                {
                    break;
                }

                // A separator closes the group before it: one to three digits, at most 255.
                int digits = i - groupStart;
                valid &= digits > 0 && digits <= 3 && value <= 255 && (group == 0 ? c == '-'
                    : group == 1 ? c == ':'
                    : group < 4 ? (c == '.' || c == ':')
                    : group == 4 && (c == '.' || c == '*'));
                packed = (packed << 8) | (long)(value & 0xFF);
                group++;
                value = 0;
                groupStart = i + 1;
            }

            int last = i - groupStart;
            if (valid && last > 0 && last <= 3 && value <= 255 && (group == 4 || group == 5))
            {
                packed = (packed << 8) | (long)value;
                key = group == 4 ? (packed << 8) | ObisCode.DefaultF : packed;
            }
            else if (!ObisShortForm.TryRead(text, start, i, out key))
            {
                // Not a full code nor a readout's short form ("1.8.0", "F.F", "1.8.0*96").
                key = -1;
            }

            return i;
        }

        /// <summary>
        /// Reads "A-B:C.D.E" with an optional ".F" or "*F" from [start, start+length) into <paramref name="key"/>
        /// (F is 255 when left out). The DSMR 4 spec examples write "1-0:99:97.0", so a colon between C, D and E reads
        /// as a dot. False on any other shape or a group above 255.
        /// </summary>
        public static bool TryReadKey(byte[] text, int start, int length, out long key)
        {
            key = 0;
            int end = start + length;
            int group = 0;
            int value = -1;
            long packed = 0;
            for (int i = start; i < end; i++)
            {
                int c = text[i];
                if (c >= '0' && c <= '9')
                {
                    value = value < 0 ? c - '0' : (value * 10) + (c - '0');
                    if (value > 255)
                    {
                        return false;
                    }

                    continue;
                }

                // A separator closes the group before it: '-' after A, ':' after B, '.' (or ':') after C and D,
                // '.' or '*' after E.
                if (value < 0)
                {
                    return false;
                }

                bool expected = group == 0 ? c == '-'
                    : group == 1 ? c == ':'
                    : group < 4 ? (c == '.' || c == ':')
                    : group == 4 && (c == '.' || c == '*');
                if (!expected)
                {
                    return false;
                }

                packed = (packed << 8) | (long)value;
                group++;
                value = -1;
            }

            if (value < 0 || group < 4)
            {
                return false;
            }

            packed = (packed << 8) | (long)value;
            key = group == 4 ? (packed << 8) | ObisCode.DefaultF : packed;
            return true;
        }
    }
}

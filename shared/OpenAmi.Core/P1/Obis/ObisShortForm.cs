namespace OpenAmi.P1.Obis
{
    /// <summary>
    /// The OBIS forms of IEC 62056-21 readouts that P1 never sends: "C.D.E" and "C.D" (E = 0) without "A-B:", taken as
    /// electricity (1-0); the letters C, F, L, P for 96 to 99 ("C.1.0", "F.F"); and F after '*' or '&amp;'
    /// ("1.8.0*96", "1.8.0&amp;04", "1-0:1.8.0&amp;1"). Read only when the fast full-form reader has refused the text,
    /// so P1 lines never pay for it.
    /// </summary>
    public static class ObisShortForm
    {
        /// <summary>Reads [start, end) into a packed key; false for any other shape or a group above 255.</summary>
        public static bool TryRead(byte[] text, int start, int end, out long key)
        {
            key = 0;
            int pos = start;
            int first = ReadGroup(text, ref pos, end);
            if (first < 0 || pos >= end)
            {
                return false;
            }

            int a = 1;
            int b = 0;
            int c = first;
            bool full = text[pos] == (byte)'-';
            if (full)
            {
                // A full code that uses '&' or a letter: A-B:C.D.E.
                pos++;
                a = first;
                b = ReadGroup(text, ref pos, end);
                if (b < 0 || pos >= end || text[pos++] != (byte)':')
                {
                    return false;
                }

                c = ReadGroup(text, ref pos, end);
                if (c < 0 || pos >= end)
                {
                    return false;
                }
            }

            if (text[pos++] != (byte)'.')
            {
                return false;
            }

            int d = ReadGroup(text, ref pos, end);
            if (d < 0)
            {
                return false;
            }

            int e = 0;
            if (pos < end && text[pos] == (byte)'.')
            {
                pos++;
                e = ReadGroup(text, ref pos, end);
                if (e < 0)
                {
                    return false;
                }
            }
            else if (full)
            {
                // A full code needs its E group.
                return false;
            }

            int f = ObisCode.DefaultF;
            if (pos < end && (text[pos] == (byte)'*' || text[pos] == (byte)'&'))
            {
                pos++;
                f = ReadGroup(text, ref pos, end);
                if (f < 0)
                {
                    return false;
                }
            }

            if (pos != end)
            {
                return false;
            }

            key = ObisCode.Pack(a, b, c, d, e, f);
            return true;
        }

        // Digits up to 255, or one letter standing alone for 96-99.
        private static int ReadGroup(byte[] text, ref int pos, int end)
        {
            if (pos >= end)
            {
                return -1;
            }

            int letter = LetterValue(text[pos]);
            if (letter > 0)
            {
                pos++;
                return pos < end && IsLetterOrDigit(text[pos]) ? -1 : letter;
            }

            int value = 0;
            int digits = 0;
            while (pos < end)
            {
                byte ch = text[pos];
                if (ch < (byte)'0' || ch > (byte)'9')
                {
                    break;
                }

                value = (value * 10) + (ch - '0');
                digits++;
                pos++;
                if (value > 255)
                {
                    return -1;
                }
            }

            return digits == 0 ? -1 : value;
        }

        private static int LetterValue(byte b)
        {
            switch (b)
            {
                case (byte)'C': return 96;
                case (byte)'F': return 97;
                case (byte)'L': return 98;
                case (byte)'P': return 99;
                default: return -1;
            }
        }

        private static bool IsLetterOrDigit(byte b)
        {
            return (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'a' && b <= (byte)'z');
        }
    }
}

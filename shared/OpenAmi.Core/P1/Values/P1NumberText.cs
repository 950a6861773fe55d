namespace OpenAmi.P1.Values
{
    /// <summary>
    /// Reads the number at the start of a value group's text: an optional '-', up to 18 digits with at most one '.',
    /// then nothing, a '*' and a unit, or (for a timestamp) a season letter. The parser classifies with it and the
    /// telegram reads values with it on demand, so a telegram stores only where each group is, not its value.
    /// </summary>
    public static class P1NumberText
    {
        /// <summary>Longest digit run read as a number; longer runs (32-digit ids) stay text.</summary>
        public const int MaxDigits = 18;

        /// <summary>
        /// Scans bytes [start, start+length) of <paramref name="text"/>. Returns how many bytes form the number
        /// (sign, digits and point), or 0 when the text does not start with one; <paramref name="digits"/> counts
        /// the digits seen and <paramref name="scanned"/> the bytes of the sign, digit and point run either way.
        /// </summary>
        public static int Scan(byte[] text, int start, int length, out long mantissa, out int scale, out int digits, out int scanned)
        {
            int end = start + length;
            int i = start;
            bool negative = false;
            mantissa = 0;
            scale = -1;
            digits = 0;
            if (i < end && text[i] == (byte)'-')
            {
                negative = true;
                i++;
            }

            while (i < end)
            {
                int c = text[i];
                if (c >= '0' && c <= '9')
                {
                    mantissa = (mantissa * 10) + (c - '0');
                    digits++;
                    if (scale >= 0)
                    {
                        scale++;
                    }
                }
                else if (c == '.' && scale < 0)
                {
                    scale = 0;
                }
                else
                {
                    break;
                }

                i++;
            }

            scanned = i - start;
            if (digits == 0 || digits > MaxDigits || scale > P1Decimal.MaxScale)
            {
                mantissa = 0;
                scale = 0;
                return 0;
            }

            if (scale < 0)
            {
                scale = 0;
            }

            if (negative)
            {
                mantissa = -mantissa;
            }

            return i - start;
        }

        /// <summary>
        /// The number of a group whose text is a number, optionally followed by '*' and a unit: "001234.567*kWh",
        /// "50217", "-1.5". False for anything else.
        /// </summary>
        public static bool TryRead(byte[] text, int start, int length, out P1Decimal value, out int unit)
        {
            long mantissa;
            int scale;
            int digits;
            int scanned;
            int n = Scan(text, start, length, out mantissa, out scale, out digits, out scanned);
            value = new P1Decimal(mantissa, scale);
            unit = P1Unit.None;
            if (n == 0)
            {
                return false;
            }

            if (n == length)
            {
                return true;
            }

            if (text[start + n] != (byte)'*')
            {
                return false;
            }

            unit = P1Unit.Lookup(text, start + n + 1, length - n - 1);
            return true;
        }
    }
}

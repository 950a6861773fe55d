namespace OpenAmi.P1.Values
{
    /// <summary>
    /// Reads the number of a value group's text: an optional '-', up to 18 digits with at most one '.', then nothing
    /// or a '*' and a unit. The telegram reads values with it on demand, so it stores only where each group is.
    /// </summary>
    public static class P1NumberText
    {
        /// <summary>Longest digit run read as a number; longer runs (32-digit ids) stay text.</summary>
        public const int MaxDigits = 18;

        /// <summary>
        /// The number of a group whose text is a number, optionally followed by '*' and a unit: "001234.567*kWh",
        /// "50217", "-1.5". False for anything else.
        /// </summary>
        /// <remarks>One loop and no calls but the unit's: the mapper reads every register it maps this way.</remarks>
        public static bool TryRead(byte[] text, int start, int length, out P1Decimal value, out int unit)
        {
            value.Mantissa = 0;
            value.Scale = 0;
            unit = P1Unit.None;
            int end = start + length;
            int i = start;
            bool negative = i < end && text[i] == (byte)'-';
            if (negative)
            {
                i++;
            }
            else if (i < end && text[i] == (byte)'+')
            {
                // IEC 62056-21 readouts sign currents: "+000.8*A".
                i++;
            }

            // Digits and scale are counted from positions afterwards: fewer operations a digit on the interpreter.
            long mantissa = 0;
            int first = i;
            int dot = -1;
            while (i < end && text[i] == (byte)'0')
            {
                i++; // meters pad with zeros ("002533.967"): skipped at half the cost of a digit, and still counted
            }

            while (i < end)
            {
                int c = text[i] - '0';
                if (c < 0 || c > 9)
                {
                    if (c != '.' - '0' || dot >= 0)
                    {
                        break;
                    }

                    dot = i;
                }
                else
                {
                    mantissa = (mantissa * 10) + c;
                }

                i++;
            }

            int digits = i - first - (dot < 0 ? 0 : 1);
            int scale = dot < 0 ? 0 : i - dot - 1;
            if (digits == 0 || digits > MaxDigits || scale > P1Decimal.MaxScale || (i < end && text[i] != (byte)'*'))
            {
                return false;
            }

            value.Mantissa = negative ? -mantissa : mantissa;
            value.Scale = scale;
            if (i < end)
            {
                unit = P1Unit.Lookup(text, i + 1, end - i - 1);
            }

            return true;
        }
    }
}

namespace OpenAmi.P1.Values
{
    /// <summary>
    /// An exact decimal number as the meter wrote it: an integer mantissa and a count of decimal places.
    /// "001234.567" is mantissa 1234567, scale 3. Sums and unit conversions stay exact, so a value is never
    /// printed as 1842.4999999.
    /// </summary>
    public struct P1Decimal
    {
        /// <summary>Most decimal places kept; enough for Wh to kWh on the longest meter registers.</summary>
        public const int MaxScale = 15;

        private static readonly long[] PowersOfTen = BuildPowers();

        /// <summary>The digits as an integer, sign included.</summary>
        public long Mantissa;

        /// <summary>How many of the digits are after the decimal point.</summary>
        public int Scale;

        /// <summary>Makes the value <paramref name="mantissa"/> × 10^-<paramref name="scale"/>.</summary>
        public P1Decimal(long mantissa, int scale)
        {
            Mantissa = mantissa;
            Scale = scale;
        }

        /// <summary>True when the value is exactly zero.</summary>
        public bool IsZero
        {
            get { return Mantissa == 0; }
        }

        /// <summary>10^n as a long, for 0 ≤ n ≤ 18.</summary>
        public static long Pow10(int n)
        {
            return PowersOfTen[n];
        }

        /// <summary>
        /// The same value with its decimal point moved left by <paramref name="places"/> (divide by 10^places),
        /// exactly: Wh to kWh is <c>DivideByPowerOfTen(3)</c>.
        /// </summary>
        public P1Decimal DivideByPowerOfTen(int places)
        {
            return new P1Decimal(Mantissa, Scale + places);
        }

        /// <summary>
        /// The same value multiplied by 10^<paramref name="places"/>: kW to W is <c>MultiplyByPowerOfTen(3)</c>.
        /// Uses up decimal places first so "1.193 kW" becomes "1193 W", not "1193.000 W".
        /// </summary>
        public P1Decimal MultiplyByPowerOfTen(int places)
        {
            int scale = Scale - places;
            long mantissa = Mantissa;
            if (scale < 0)
            {
                mantissa *= PowersOfTen[-scale];
                scale = 0;
            }

            return new P1Decimal(mantissa, scale);
        }

        /// <summary>Exact sum; the result has the larger of the two scales.</summary>
        public static P1Decimal Add(P1Decimal a, P1Decimal b)
        {
            if (a.Scale == b.Scale)
            {
                return new P1Decimal(a.Mantissa + b.Mantissa, a.Scale);
            }

            if (a.Scale > b.Scale)
            {
                return new P1Decimal(a.Mantissa + (b.Mantissa * PowersOfTen[a.Scale - b.Scale]), a.Scale);
            }

            return new P1Decimal((a.Mantissa * PowersOfTen[b.Scale - a.Scale]) + b.Mantissa, b.Scale);
        }

        /// <summary>-1, 0 or 1 as a is less than, equal to or greater than b, whatever their scales.</summary>
        public static int Compare(P1Decimal a, P1Decimal b)
        {
            long x = a.Mantissa;
            long y = b.Mantissa;
            if (a.Scale > b.Scale)
            {
                y *= PowersOfTen[a.Scale - b.Scale];
            }
            else if (b.Scale > a.Scale)
            {
                x *= PowersOfTen[b.Scale - a.Scale];
            }

            return x < y ? -1 : (x > y ? 1 : 0);
        }

        /// <summary>
        /// Writes the value as plain decimal text (no exponent, no leading zeros, trailing zeros kept as sent)
        /// into <paramref name="output"/> at <paramref name="offset"/>; returns the number of bytes written.
        /// </summary>
        public int WriteAscii(byte[] output, int offset)
        {
            return WriteAscii(Mantissa, Scale, output, offset);
        }

        /// <summary>
        /// Writes <paramref name="mantissa"/> × 10^-<paramref name="scale"/> as <see cref="WriteAscii(byte[], int)"/> does,
        /// from the two numbers: the envelope writes every register this way, without making (and copying) a struct.
        /// </summary>
        public static int WriteAscii(long mantissa, int scale, byte[] output, int offset)
        {
            int pos = offset;
            long m = mantissa;
            if (m < 0)
            {
                output[pos++] = (byte)'-';
                m = -m;
            }

            if (m >= 0 && m <= int.MaxValue)
            {
                // Nearly every register, written here rather than in a method of its own: on the interpreter a call costs
                // about as much as the digits of a short number.
                int small = (int)m;
                int count = 1; // the digits, the first four without a division
                if (small >= 10)
                {
                    count = 2;
                    if (small >= 100)
                    {
                        count = 3;
                        if (small >= 1000)
                        {
                            count = 4;
                            for (int rest = small / 10000; rest > 0; rest /= 10)
                            {
                                count++;
                            }
                        }
                    }
                }

                int last = pos + (count > scale ? count : scale + 1) + (scale > 0 ? 1 : 0);
                int at = last - 1;
                if (scale > 0)
                {
                    int point = at - scale;
                    while (at > point)
                    {
                        output[at--] = (byte)('0' + (small % 10)); // a remainder is one operation, like the division
                        small /= 10;
                    }

                    output[at--] = (byte)'.';
                }

                while (at >= pos)
                {
                    output[at--] = (byte)('0' + (small % 10));
                    small /= 10;
                }

                return last - offset;
            }

            // Digits are produced backwards into a fixed window, then copied forwards.
            int digits = CountDigits(m);
            int total = digits > scale ? digits : scale + 1;
            int end = pos + total + (scale > 0 ? 1 : 0);
            int w = end - 1;
            for (int i = 0; i < scale; i++)
            {
                output[w--] = (byte)('0' + (int)(m % 10));
                m /= 10;
            }

            if (scale > 0)
            {
                output[w--] = (byte)'.';
            }

            do
            {
                output[w--] = (byte)('0' + (int)(m % 10));
                m /= 10;
            }
            while (w >= pos);

            return end - offset;
        }

        /// <summary>The value as text, e.g. "1842.5". Allocates; for tools and logs, not the publish path.</summary>
        public override string ToString()
        {
            byte[] text = new byte[24];
            return OpenAmi.Text.Ascii.GetString(text, 0, WriteAscii(text, 0));
        }

        private static int CountDigits(long value)
        {
            int digits = 1;
            while (value >= 10)
            {
                value /= 10;
                digits++;
            }

            return digits;
        }

        private static long[] BuildPowers()
        {
            long[] powers = new long[19];
            long p = 1;
            for (int i = 0; i < powers.Length; i++)
            {
                powers[i] = p;
                p *= 10;
            }

            return powers;
        }
    }
}

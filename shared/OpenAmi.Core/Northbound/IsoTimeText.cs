using OpenAmi.P1.Values;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// Seconds since 1970 to "YYYY-MM-DDThh:mm:ssZ" without DateTime, whose formatting differs between
    /// nanoFramework and desktop .NET.
    /// </summary>
    public static class IsoTimeText
    {
        /// <summary>Length of the text written.</summary>
        public const int Length = 20;

        /// <summary>Writes the instant at <paramref name="offset"/>; returns <see cref="Length"/>.</summary>
        public static int Write(long unixSeconds, byte[] output, int offset)
        {
            long days = unixSeconds >= 0 ? unixSeconds / 86400 : ((unixSeconds + 1) / 86400) - 1;
            int secondsOfDay = (int)(unixSeconds - (days * 86400));
            int year;
            int month;
            int day;
            CivilFromDays(days, out year, out month, out day);

            int p = offset;
            p = Digits(year, 4, output, p);
            output[p++] = (byte)'-';
            p = Digits(month, 2, output, p);
            output[p++] = (byte)'-';
            p = Digits(day, 2, output, p);
            output[p++] = (byte)'T';
            p = Digits(secondsOfDay / 3600, 2, output, p);
            output[p++] = (byte)':';
            p = Digits((secondsOfDay / 60) % 60, 2, output, p);
            output[p++] = (byte)':';
            p = Digits(secondsOfDay % 60, 2, output, p);
            output[p] = (byte)'Z';
            return Length;
        }

        /// <summary>
        /// Writes only the time of day ("hh:mm:ss", at <paramref name="offset"/> + 11) of the instant into text that
        /// <see cref="Write"/> made for another instant of the same UTC day: the date's arithmetic (about two thirds of
        /// the cost on the interpreter) is skipped when the day has not changed.
        /// </summary>
        public static void WriteTimeOfDay(long unixSeconds, byte[] output, int offset)
        {
            long days = unixSeconds >= 0 ? unixSeconds / 86400 : ((unixSeconds + 1) / 86400) - 1;
            int secondsOfDay = (int)(unixSeconds - (days * 86400));
            int p = offset + 11;
            p = Digits(secondsOfDay / 3600, 2, output, p);
            p = Digits((secondsOfDay / 60) % 60, 2, output, p + 1);
            Digits(secondsOfDay % 60, 2, output, p + 1);
        }

        /// <summary>The instant as a string; allocates, for tools and tests.</summary>
        public static string Format(long unixSeconds)
        {
            byte[] text = new byte[Length];
            Write(unixSeconds, text, 0);
            return OpenAmi.Text.Ascii.GetString(text, 0, Length);
        }

        /// <summary>Reads "YYYY-MM-DDThh:mm:ssZ" (UTC, whole seconds); false for any other shape or an impossible date.</summary>
        public static bool TryParse(string text, out long unixSeconds)
        {
            unixSeconds = 0;
            if (text == null || text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T'
                || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
            {
                return false;
            }

            int year = Number(text, 0, 4);
            int month = Number(text, 5, 2);
            int day = Number(text, 8, 2);
            int hour = Number(text, 11, 2);
            int minute = Number(text, 14, 2);
            int second = Number(text, 17, 2);
            if (year < 1970 || month < 1 || month > 12 || day < 1 || day > P1Timestamp.DaysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            {
                return false;
            }

            unixSeconds = (P1Timestamp.DaysFromCivil(year, month, day) * 86400L) + (hour * 3600L) + (minute * 60L) + second;
            return true;
        }

        /// <summary>The inverse of <see cref="P1Timestamp.DaysFromCivil"/> (Howard Hinnant's algorithm).</summary>
        public static void CivilFromDays(long days, out int year, out int month, out int day)
        {
            long z = days + 719468;
            long era = (z >= 0 ? z : z - 146096) / 146097;
            int doe = (int)(z - (era * 146097));
            int yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
            int doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
            int mp = ((5 * doy) + 2) / 153;
            day = doy - (((153 * mp) + 2) / 5) + 1;
            month = mp < 10 ? mp + 3 : mp - 9;
            year = (int)(yoe + (era * 400)) + (month <= 2 ? 1 : 0);
        }

        private static int Number(string text, int start, int length)
        {
            int value = 0;
            for (int i = start; i < start + length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                value = (value * 10) + (c - '0');
            }

            return value;
        }

        private static int Digits(int value, int width, byte[] output, int p)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                output[p + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            return p + width;
        }
    }
}

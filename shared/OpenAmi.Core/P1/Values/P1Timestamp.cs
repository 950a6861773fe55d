namespace OpenAmi.P1.Values
{
    /// <summary>
    /// A meter timestamp: <c>YYMMDDhhmmssX</c> where X is S (summer time), W (winter time) or absent, or the
    /// 12-byte DLMS date-time some meters send as 24 hex digits. Placeholders such as <c>632525252525W</c> and
    /// zeroed clocks parse, but are marked invalid instead of throwing.
    /// </summary>
    public struct P1Timestamp
    {
        /// <summary>No season letter was sent.</summary>
        public const int SeasonNone = 0;

        /// <summary>'S': local summer time (UTC+2 for the DSMR and eMUCS family).</summary>
        public const int SeasonSummer = 1;

        /// <summary>'W': local winter time (UTC+1 for the DSMR and eMUCS family).</summary>
        public const int SeasonWinter = 2;

        public int Year;
        public int Month;
        public int Day;
        public int Hour;
        public int Minute;
        public int Second;

        /// <summary>One of the Season constants.</summary>
        public int Season;

        /// <summary>
        /// Minutes east of UTC when the stamp carries its own offset (DLMS form); <see cref="int.MinValue"/> otherwise.
        /// </summary>
        public int OffsetMinutes;

        /// <summary>False for placeholders and impossible dates: such a stamp must not be used as a time.</summary>
        public bool IsValid;

        /// <summary>
        /// Reads a timestamp from [start, start+length). Returns false when the text does not have a timestamp's
        /// shape at all; returns true with <see cref="IsValid"/> false for a well-formed placeholder.
        /// </summary>
        public static bool TryParse(byte[] text, int start, int length, out P1Timestamp stamp)
        {
            stamp = new P1Timestamp();
            stamp.OffsetMinutes = int.MinValue;

            if (length == 24)
            {
                return TryParseDlms(text, start, ref stamp);
            }

            if (length != 12 && length != 13)
            {
                return false;
            }

            for (int i = 0; i < 12; i++)
            {
                byte c = text[start + i];
                if (c < (byte)'0' || c > (byte)'9')
                {
                    return false;
                }
            }

            if (length == 13)
            {
                byte flag = text[start + 12];
                if (flag == (byte)'S' || flag == (byte)'s')
                {
                    stamp.Season = SeasonSummer;
                }
                else if (flag == (byte)'W' || flag == (byte)'w')
                {
                    stamp.Season = SeasonWinter;
                }
                else
                {
                    return false;
                }
            }

            int yy = TwoDigits(text, start);
            stamp.Year = 2000 + yy;
            stamp.Month = TwoDigits(text, start + 2);
            stamp.Day = TwoDigits(text, start + 4);
            stamp.Hour = TwoDigits(text, start + 6);
            stamp.Minute = TwoDigits(text, start + 8);
            stamp.Second = TwoDigits(text, start + 10);

            // Meters fill unset clocks with 2000-01-01 or 1970-01-01 (written as year 70).
            bool placeholderDate = (yy == 0 || yy == 70) && stamp.Month == 1 && stamp.Day == 1;
            stamp.IsValid = !placeholderDate && FieldsInRange(ref stamp);
            return true;
        }

        /// <summary>
        /// Seconds since 1970-01-01T00:00:00Z. The season letter or DLMS offset decides the offset when present;
        /// <paramref name="defaultOffsetMinutes"/> applies to stamps without one. Only meaningful when valid.
        /// </summary>
        public long ToUnixSeconds(int summerOffsetMinutes, int winterOffsetMinutes, int defaultOffsetMinutes)
        {
            int offset;
            if (OffsetMinutes != int.MinValue)
            {
                offset = OffsetMinutes;
            }
            else if (Season == SeasonSummer)
            {
                offset = summerOffsetMinutes;
            }
            else if (Season == SeasonWinter)
            {
                offset = winterOffsetMinutes;
            }
            else
            {
                offset = defaultOffsetMinutes;
            }

            long days = DaysFromCivil(Year, Month, Day);
            long local = (days * 86400L) + (Hour * 3600L) + (Minute * 60L) + Second;
            return local - (offset * 60L);
        }

        /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).</summary>
        public static long DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = (y >= 0 ? y : y - 399) / 400;
            int yoe = y - (era * 400);
            int mp = month > 2 ? month - 3 : month + 9;
            int doy = (((153 * mp) + 2) / 5) + day - 1;
            int doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
            return (era * 146097L) + doe - 719468L;
        }

        /// <summary>Days in a month of the Gregorian calendar.</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        private static bool FieldsInRange(ref P1Timestamp s)
        {
            return s.Month >= 1 && s.Month <= 12
                && s.Day >= 1 && s.Day <= DaysInMonth(s.Year, s.Month)
                && s.Hour <= 23 && s.Minute <= 59 && s.Second <= 59;
        }

        // DLMS date-time (IEC 62056-62): year(2) month day weekday hour minute second hundredths deviation(2) status.
        private static bool TryParseDlms(byte[] text, int start, ref P1Timestamp stamp)
        {
            int year = HexOctet(text, start, 0);
            int yearLow = HexOctet(text, start, 1);
            int month = HexOctet(text, start, 2);
            int day = HexOctet(text, start, 3);
            int hour = HexOctet(text, start, 5);
            int minute = HexOctet(text, start, 6);
            int second = HexOctet(text, start, 7);
            int devHigh = HexOctet(text, start, 9);
            int devLow = HexOctet(text, start, 10);
            int status = HexOctet(text, start, 11);
            if ((year | yearLow | month | day | hour | minute | second | devHigh | devLow | status) < 0
                || HexOctet(text, start, 4) < 0 || HexOctet(text, start, 8) < 0)
            {
                return false;
            }

            stamp.Year = (year << 8) | yearLow;
            stamp.Month = month;
            stamp.Day = day;
            stamp.Hour = hour;
            stamp.Minute = minute;
            stamp.Second = second;

            int deviation = (devHigh << 8) | devLow;
            if (deviation != 0x8000)
            {
                // The field counts minutes from local time to UTC, so the offset east of UTC is its negation.
                if (deviation >= 0x8000)
                {
                    deviation -= 0x10000;
                }

                stamp.OffsetMinutes = -deviation;
            }

            if (status != 0xFF && (status & 0x80) != 0)
            {
                stamp.Season = SeasonSummer;
            }

            stamp.IsValid = stamp.Year != 0xFFFF && stamp.Year >= 2000 && FieldsInRange(ref stamp);
            return true;
        }

        private static int HexOctet(byte[] text, int start, int index)
        {
            int hi = HexText.Digit(text[start + (index * 2)]);
            int lo = HexText.Digit(text[start + (index * 2) + 1]);
            return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
        }

        private static int TwoDigits(byte[] text, int at)
        {
            return ((text[at] - '0') * 10) + (text[at + 1] - '0');
        }
    }
}

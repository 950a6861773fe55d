namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// The 12-byte DLMS date-time (year(2) month day weekday hour minute second hundredths deviation(2) status):
    /// recognising one by shape, and building one from the separate date and time some Austrian lists send.
    /// </summary>
    public static class DlmsDateTime
    {
        public const int Length = 12;

        /// <summary>True when the 12 bytes at <paramref name="offset"/> are a plausible date-time (0xFF = not specified).</summary>
        public static bool LooksLike(byte[] data, int offset)
        {
            int month = data[offset + 2];
            int day = data[offset + 3];
            int hour = data[offset + 5];
            int minute = data[offset + 6];
            int second = data[offset + 7];
            int hundredths = data[offset + 8];
            return (month >= 1 && month <= 12 || month >= 0xFD)
                && (day >= 1 && day <= 31 || day >= 0xFD)
                && (hour <= 23 || hour == 0xFF)
                && (minute <= 59 || minute == 0xFF)
                && (second <= 59 || second == 0xFF)
                && (hundredths <= 99 || hundredths == 0xFF);
        }

        /// <summary>
        /// Writes a date-time from a DLMS date (year(2) month day weekday) and time (hour minute second hundredths),
        /// with the deviation unspecified, into <paramref name="output"/> at <paramref name="offset"/>.
        /// </summary>
        public static void FromDateAndTime(byte[] date, int dateOffset, byte[] time, int timeOffset, byte[] output, int offset)
        {
            for (int i = 0; i < 5; i++)
            {
                output[offset + i] = date[dateOffset + i];
            }

            for (int i = 0; i < 4; i++)
            {
                output[offset + 5 + i] = time[timeOffset + i];
            }

            output[offset + 9] = 0x80;
            output[offset + 10] = 0x00;
            output[offset + 11] = 0xFF;
        }
    }
}

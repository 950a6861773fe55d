using OpenAmi.Gateway;

namespace OpenAmi.Firmware.App
{
    /// <summary>Sets the platform's wall clock (the ESP32's RTC) when the network gave the time.</summary>
    public interface ISystemTimeSetter
    {
        void Set(long unixSeconds);
    }

    /// <summary>
    /// The gateway clock of a board without SNTP (cellular): wall time from the network, through the modem's NTP
    /// client (AT+CNTP) or the network's own time (NITZ, *PSUTTZ). It counts as trusted only after a plausible sync
    /// in this run, so the command rules of docs/commands.md apply unchanged: until then commands that need time are
    /// refused as untrusted_clock. Monotonic time is the platform's.
    /// </summary>
    public sealed class NetworkClock : IGatewayClock
    {
        /// <summary>2025-01-01T00:00:00Z: a time before it is a modem that never synchronised (its RTC starts in 1980 or 2000).</summary>
        public const long FirstPlausibleUnix = 1735689600;

        /// <summary>2100-01-01T00:00:00Z: a time after it is garbage.</summary>
        public const long LastPlausibleUnix = 4102444800;

        /// <summary>How long an NTP time outranks the network's (NITZ is often minutes off, or in local time).</summary>
        public const long NtpPreferredMs = 24L * 3600 * 1000;

        private readonly object _sync = new object();
        private readonly IGatewayClock _platform;
        private long _syncUnix;
        private long _syncTickMs;
        private bool _synced;

        public NetworkClock(IGatewayClock platform)
        {
            _platform = platform;
        }

        /// <summary>Where the trusted time came from last: CellularStatus.ClockNone, ClockNitz or ClockNtp.</summary>
        public int Source { get; private set; }

        /// <summary>Sets the ESP32's RTC too, or null.</summary>
        public ISystemTimeSetter SystemTime;

        public long UtcNowUnix
        {
            get
            {
                lock (_sync)
                {
                    return _synced ? _syncUnix + ((_platform.TickMs - _syncTickMs) / 1000) : _platform.UtcNowUnix;
                }
            }
        }

        public bool IsTrusted
        {
            get { return _synced; }
        }

        public long TickMs
        {
            get { return _platform.TickMs; }
        }

        /// <summary>
        /// A time from the network. Taken when plausible, and when it is NTP's or no NTP time came within the last
        /// day. Returns true when taken.
        /// </summary>
        public bool Offer(long unixSeconds, int source)
        {
            if (unixSeconds < FirstPlausibleUnix || unixSeconds >= LastPlausibleUnix)
            {
                return false;
            }

            long tick = _platform.TickMs;
            lock (_sync)
            {
                if (source != Cellular.CellularStatus.ClockNtp && Source == Cellular.CellularStatus.ClockNtp && tick - _syncTickMs < NtpPreferredMs)
                {
                    return false;
                }

                _syncUnix = unixSeconds;
                _syncTickMs = tick;
                _synced = true;
                Source = source;
            }

            if (SystemTime != null)
            {
                SystemTime.Set(unixSeconds);
            }

            return true;
        }

        /// <summary>
        /// Seconds since 1970 of a UTC date and time, or -1 when a field is out of range. Years of two digits are
        /// 2000 + yy (AT+CCLK's format).
        /// </summary>
        public static long ToUnix(int year, int month, int day, int hour, int minute, int second)
        {
            if (year < 100)
            {
                year += 2000;
            }

            if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0)
            {
                return -1;
            }

            if (day > DaysIn(year, month))
            {
                return -1;
            }

            long days = 0;
            for (int y = 1970; y < year; y++)
            {
                days += IsLeap(y) ? 366 : 365;
            }

            for (int m = 1; m < month; m++)
            {
                days += DaysIn(year, m);
            }

            days += day - 1;
            return (days * 86400) + (hour * 3600) + (minute * 60) + second;
        }

        private static bool IsLeap(int year)
        {
            return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        }

        private static int DaysIn(int year, int month)
        {
            if (month == 2)
            {
                return IsLeap(year) ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }
    }
}

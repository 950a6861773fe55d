using System;
using OpenAmi.Gateway;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The ESP32's clocks. The RTC starts in the past after a power-up; it counts as trusted once SNTP has set it
    /// to a plausible date, and until then commands are refused as the commands rules require.
    /// </summary>
    public sealed class DeviceClock : IGatewayClock
    {
        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1, 0, 0, 0).Ticks;

        /// <summary>A wall clock before this year has not been synchronised.</summary>
        public const int FirstPlausibleYear = 2025;

        public long UtcNowUnix
        {
            get { return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerSecond; }
        }

        public bool IsTrusted
        {
            get { return DateTime.UtcNow.Year >= FirstPlausibleYear; }
        }

        public long TickMs
        {
            get { return Environment.TickCount64; }
        }
    }
}

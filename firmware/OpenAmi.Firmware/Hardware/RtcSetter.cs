using System;
using nanoFramework.Runtime.Native;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>Sets the ESP32's RTC from the network's time, so that DateTime.UtcNow (and the log) is right too.</summary>
    public sealed class RtcSetter : ISystemTimeSetter
    {
        public void Set(long unixSeconds)
        {
            Rtc.SetSystemTime(new DateTime(1970, 1, 1, 0, 0, 0).AddSeconds(unixSeconds));
        }
    }
}

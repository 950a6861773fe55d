using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// What the runtime remembers about one port and the meter on it: identity, last values, liveness, schedule,
    /// and the baselines of the event rules. Made on the port's first frame and reused; held as primitive fields
    /// and arrays, because every object and every struct field costs heap on the device.
    /// </summary>
    internal sealed class MeterPort
    {
        /// <summary>Bad-frame times kept for the crc_errors burst check.</summary>
        public const int BadFrameWindow = 16;

        /// <summary>The VMRS registers of the meter's last reading, reported again with quality comms_lost.</summary>
        public readonly MeterReading Last = new MeterReading(VmrsCatalog.Count);
        public bool HasReading;

        /// <summary>Set by "read now": the next telegram is reported whatever the schedule says.</summary>
        public bool ReportNext;

        // Identity: the serial topics are written from, and whether the rules have seen a first frame of this meter.
        public readonly byte[] Serial = new byte[MeterReading.MaxSerialLength];
        public int SerialLength;
        public bool HasBaseline;

        // Liveness (gateway monotonic time).
        public bool SeenValidFrame;
        public long LastValidTickMs;
        public long IntervalMs;
        public bool Lost;
        public long LostSinceTickMs;
        public long LastLostReportSlot = -1;

        // Schedule and deadbands (measurement time). Decimals are kept as mantissa and scale: no struct fields.
        public long LastReportSlot = -1;
        public long LastDeadbandReportUnix = long.MinValue;
        public bool HasReportedPower;
        public long ReportedPowerMantissa;
        public int ReportedPowerScale;
        public bool HasReportedVoltage;
        public long ReportedVoltageMantissa;
        public int ReportedVoltageScale;

        // Event rule baselines, one slot per row of EventRules.
        public readonly bool[] RuleHas = new bool[EventRules.Count];
        public readonly long[] RuleValue = new long[EventRules.Count];
        public readonly byte[] RuleScale = new byte[EventRules.Count];
        public long LastFailureLogEnd = long.MinValue;
        public long MeterClockTickMs;

        // Bad CRC bursts.
        public readonly long[] BadFrameTicks = new long[BadFrameWindow];
        public int BadFrameCount;
        public long LastCrcEventTickMs = long.MinValue;

        /// <summary>A new meter on this port (or the first): new identity, new baselines, new schedule.</summary>
        public void Rename(byte[] serial, int length)
        {
            System.Array.Copy(serial, Serial, length);
            SerialLength = length;
            HasBaseline = false;
            LastReportSlot = -1;
            LastFailureLogEnd = long.MinValue;
            for (int i = 0; i < RuleHas.Length; i++)
            {
                RuleHas[i] = false;
            }
        }

        public bool IsNamed(byte[] serial, int length)
        {
            return OpenAmi.Text.Ascii.SameBytes(Serial, 0, SerialLength, serial, 0, length);
        }
    }
}

using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// What the runtime remembers about one P1 port and the meter on it: identity and topics, last values,
    /// liveness, schedule, and the baselines of the event counters. Fixed-size, reused.
    /// </summary>
    internal sealed class MeterPort
    {
        public const int MaxFailureLog = 10;

        public readonly MeterReading Last = new MeterReading();
        public readonly MeterReading Scratch = new MeterReading();
        public bool HasReading;

        // Identity and cached topics (rebuilt when the serial changes).
        public readonly byte[] Serial = new byte[MeterReading.MaxSerialLength];
        public int SerialLength;
        public byte[] TelemetryTopic = new byte[0];
        public byte[] EventTopic = new byte[0];
        public string SerialText;

        // Liveness (gateway monotonic time).
        public bool SeenValidFrame;
        public long LastValidTickMs;
        public long IntervalMs;
        public bool Lost;
        public long LostSinceTickMs;
        public long LastLostReportSlot = -1;

        // Schedule and deadbands (measurement time).
        public long LastReportSlot = -1;
        public long LastDeadbandReportUnix = long.MinValue;
        public bool HasReportedPower;
        public P1Decimal ReportedPower;
        public bool HasReportedVoltage;
        public P1Decimal ReportedVoltage;

        // Event baselines.
        public bool HasBaseline;
        public long ShortFailures = -1;
        public long LongFailures = -1;
        public readonly long[] Sags = { -1, -1, -1 };
        public readonly long[] Swells = { -1, -1, -1 };
        public string Breaker;
        public long LastFailureLogEnd = long.MinValue;
        public bool HasImport;
        public P1Decimal Import;
        public bool HasExport;
        public P1Decimal Export;
        public bool HasMeterClock;
        public long MeterClockUnix;
        public long MeterClockTickMs;

        // Bad CRC bursts.
        public readonly long[] BadFrameTicks = new long[32];
        public int BadFrameCount;
        public long LastCrcEventTickMs = long.MinValue;
    }
}

using OpenAmi.P1.Values;

namespace OpenAmi.P1.Mbus
{
    /// <summary>What one M-Bus channel (gas, water, heat sub-meter) reported in a telegram.</summary>
    public struct MbusReading
    {
        /// <summary>The channel, the B group of its OBIS codes (1..9).</summary>
        public int Channel;

        /// <summary>Device type from 0-n:24.1.0 (3 gas, 4 heat, 7 water), or -1 when not sent.</summary>
        public int DeviceType;

        /// <summary>Group index of the equipment identifier (0-n:96.1.0 or 0-n:96.1.1), or -1.</summary>
        public int IdentifierGroup;

        /// <summary>Valve state from 0-n:24.4.0, or -1 when not sent.</summary>
        public int ValveState;

        /// <summary>True when a reading was found.</summary>
        public bool HasValue;

        /// <summary>
        /// True when the reading is 0-n:24.2.3, not corrected for temperature, sent without the corrected 0-n:24.2.1.
        /// </summary>
        public bool Uncorrected;

        /// <summary>The reading, exact.</summary>
        public P1Decimal Value;

        /// <summary>Unit code (<see cref="P1Unit"/>) of the reading.</summary>
        public int Unit;

        /// <summary>When the sub-meter took the reading; check <see cref="P1Timestamp.IsValid"/>.</summary>
        public P1Timestamp CaptureTime;

        /// <summary>Group index of the reading, for its raw text.</summary>
        public int ValueGroup;
    }
}

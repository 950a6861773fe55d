using OpenAmi.P1.Obis;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The events raised from telegrams, as a table: each row names what is watched, the rule that fires, the event
    /// type it raises and what the event carries. Adding an event type is adding a row (and a payload writer in
    /// <see cref="EventDetector"/> only when it carries something new). Rows are checked in table order, which is the
    /// order their events are written in.
    /// </summary>
    internal static class EventRules
    {
        // What a row watches.
        public const int WatchCounter = 0;   // an integer object of the telegram, by OBIS code
        public const int WatchRegister = 1;  // a VMRS register of the mapped reading
        public const int WatchWord = 2;      // a VMRS register whose value is a fixed word
        public const int WatchMeterClock = 3; // the meter clock against the gateway's monotonic clock

        // When it fires (always against the same meter's previous telegram; never on a meter's first telegram).
        public const int RuleChange = 0;
        public const int RuleIncrease = 1;
        public const int RuleDecrease = 2;
        public const int RuleJump = 3;

        // What the event carries besides its type.
        public const int CarriesFromToWords = 0;        // "from","to": the words
        public const int CarriesCounterFromToLog = 1;   // "counter": the label, "from","to", "log": new failure-log entries
        public const int CarriesPhaseFromTo = 2;        // "phase": the label, "from","to"
        public const int CarriesObisFromTo = 3;         // "obis": the label, "from","to"
        public const int CarriesExpectedMeterJump = 4;  // "expected","meter" (ISO times), "jumpS"

        private static readonly int[] WatchKind =
        {
            WatchWord, WatchCounter, WatchCounter, WatchCounter, WatchCounter, WatchCounter, WatchCounter,
            WatchCounter, WatchCounter, WatchRegister, WatchRegister, WatchMeterClock,
        };

        private static readonly long[] Watched =
        {
            VmrsCatalog.DisconnectControl,
            new ObisCode(0, 0, 96, 7, 21).Key,
            new ObisCode(0, 0, 96, 7, 9).Key,
            new ObisCode(1, 0, 32, 32, 0).Key,
            new ObisCode(1, 0, 32, 36, 0).Key,
            new ObisCode(1, 0, 52, 32, 0).Key,
            new ObisCode(1, 0, 52, 36, 0).Key,
            new ObisCode(1, 0, 72, 32, 0).Key,
            new ObisCode(1, 0, 72, 36, 0).Key,
            VmrsCatalog.ActiveImport,
            VmrsCatalog.ActiveExport,
            0,
        };

        private static readonly int[] Rule =
        {
            RuleChange, RuleIncrease, RuleIncrease, RuleIncrease, RuleIncrease, RuleIncrease, RuleIncrease,
            RuleIncrease, RuleIncrease, RuleDecrease, RuleDecrease, RuleJump,
        };

        private static readonly int[] Raises =
        {
            EventTypes.BreakerState, EventTypes.PowerFailure, EventTypes.PowerFailure, EventTypes.VoltageSag,
            EventTypes.VoltageSwell, EventTypes.VoltageSag, EventTypes.VoltageSwell, EventTypes.VoltageSag,
            EventTypes.VoltageSwell, EventTypes.RegisterDecrease, EventTypes.RegisterDecrease, EventTypes.ClockJump,
        };

        private static readonly int[] Carries =
        {
            CarriesFromToWords, CarriesCounterFromToLog, CarriesCounterFromToLog, CarriesPhaseFromTo,
            CarriesPhaseFromTo, CarriesPhaseFromTo, CarriesPhaseFromTo, CarriesPhaseFromTo, CarriesPhaseFromTo,
            CarriesObisFromTo, CarriesObisFromTo, CarriesExpectedMeterJump,
        };

        // The label an event carries (the counter's key, the phase, the register's key), as a JSON string.
        private static readonly byte[][] Labels = Ascii.GetQuotedBytes(new string[]
        {
            "-", "0.0.96.7.21.255", "0.0.96.7.9.255", "L1", "L1", "L2", "L2", "L3", "L3", "1.8.0", "2.8.0", "-",
        });

        /// <summary>Rows in the table.</summary>
        public const int Count = 12;

        public static int WatchKindOf(int row)
        {
            return WatchKind[row];
        }

        /// <summary>The OBIS key of a watched counter, or the VMRS register of a watched register or word.</summary>
        public static long WatchedOf(int row)
        {
            return Watched[row];
        }

        public static int RuleOf(int row)
        {
            return Rule[row];
        }

        /// <summary>The <see cref="EventTypes"/> code the row raises.</summary>
        public static int RaisesOf(int row)
        {
            return Raises[row];
        }

        public static int CarriesOf(int row)
        {
            return Carries[row];
        }

        public static byte[] LabelOf(int row)
        {
            return Labels[row];
        }
    }
}

namespace OpenAmi.Firmware.App
{
    /// <summary>What the device is doing, most urgent first; the LED shows the first that applies.</summary>
    public enum DeviceState
    {
        NoConfig = 0,
        NetworkDown = 1,
        BrokerDown = 2,
        NoMeterData = 3,
        BadCrc = 4,
        Running = 5,

        /// <summary>A P1 port's line search is trying settings (line = auto, no valid frame yet); shown before NoMeterData.</summary>
        Searching = 6,

        /// <summary>The search just locked a port's settings: shown for <see cref="StatusLed.LockedShowMs"/>, then the state it leads to.</summary>
        LineLocked = 7,
    }

    /// <summary>
    /// Blink patterns of the status LED, one per state: a 2-second cycle of eight 250 ms slots, bit 7 first.
    /// The README's table is this table.
    /// </summary>
    public static class StatusLed
    {
        public const int SlotMs = 250;

        /// <summary>How long the LED shows that a line search locked its settings.</summary>
        public const long LockedShowMs = 10000;

        private static readonly int[] Patterns =
        {
            0xAA, // NoConfig: fast blink, 2 Hz
            0xF0, // NetworkDown: slow blink, 1 s on, 1 s off
            0xA0, // BrokerDown: two short flashes
            0x80, // NoMeterData: one short flash
            0xA8, // BadCrc: three short flashes
            0xFE, // Running: on, with a short dark gap each cycle (proof of life)
            0xE4, // Searching: one long and one short flash
            0xFF, // LineLocked: on without a gap
        };

        private static readonly string[] Names =
        {
            "no config", "network down", "broker unreachable", "no meter data", "bad CRCs", "running", "searching the meter's line",
            "meter line found",
        };

        /// <summary>The state in words (enums print as numbers on nanoFramework).</summary>
        public static string NameOf(DeviceState state)
        {
            return Names[(int)state];
        }

        /// <summary>The eight-slot pattern of a state.</summary>
        public static int PatternOf(DeviceState state)
        {
            return Patterns[(int)state];
        }

        /// <summary>Whether the LED is lit at <paramref name="nowMs"/> in <paramref name="state"/>.</summary>
        public static bool IsLit(DeviceState state, long nowMs)
        {
            int slot = (int)((nowMs / SlotMs) % 8);
            return (Patterns[(int)state] & (0x80 >> slot)) != 0;
        }
    }
}

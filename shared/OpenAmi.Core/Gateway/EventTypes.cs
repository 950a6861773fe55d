using OpenAmi.Text;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Every event type the gateway publishes (docs/gateway.md lists the same, checked by a test), with its name
    /// pre-encoded for the event message.
    /// </summary>
    public static class EventTypes
    {
        public const int BreakerState = 0;
        public const int PowerFailure = 1;
        public const int VoltageSag = 2;
        public const int VoltageSwell = 3;
        public const int RegisterDecrease = 4;
        public const int ClockJump = 5;
        public const int CommsLost = 6;
        public const int CommsRestored = 7;
        public const int CrcErrors = 8;
        public const int CommandResult = 9;

        public const int Count = 10;

        private static readonly string[] Names =
        {
            "breaker_state", "power_failure", "voltage_sag", "voltage_swell", "register_decrease", "clock_jump",
            "comms_lost", "comms_restored", "crc_errors", "command_result",
        };

        private static readonly byte[][] Json = Ascii.GetQuotedBytes(Names);

        public static string NameOf(int type)
        {
            return Names[type];
        }

        /// <summary>The type's name as a JSON string literal.</summary>
        public static byte[] JsonOf(int type)
        {
            return Json[type];
        }
    }
}

using OpenAmi.Gateway;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// What a device without a usable config does instead of crashing: blinks the "no config" pattern, repeats
    /// what is missing and how to fix it every 30 seconds, and serves the console until someone asks for a reboot.
    /// </summary>
    public sealed class SetupMode
    {
        public const long ReportEveryMs = 30000;

        private readonly FirmwareConfig _config;
        private readonly IOutputPin _led;
        private readonly IGatewayClock _clock;
        private long _nextReportMs = long.MinValue;
        private bool _lit;

        public SetupMode(FirmwareConfig config, IOutputPin led, IGatewayClock clock)
        {
            _config = config;
            _led = led;
            _clock = clock;
        }

        /// <summary>The message for the log and the console: every problem, then how to fix them.</summary>
        public string Message()
        {
            return "not configured:\n" + _config.Describe() + "\nfix " + FirmwareConfig.DefaultPath
                + " and deploy it again (README: First configuration), or type the settings on the console (help)";
        }

        /// <summary>One turn: updates the LED; returns the message when it is due again, else null.</summary>
        public string Poll()
        {
            long now = _clock.TickMs;
            bool lit = StatusLed.IsLit(DeviceState.NoConfig, now);
            if (lit != _lit)
            {
                _lit = lit;
                _led.Write(lit);
            }

            if (_nextReportMs != long.MinValue && now < _nextReportMs)
            {
                return null;
            }

            _nextReportMs = now + ReportEveryMs;
            return Message();
        }
    }
}

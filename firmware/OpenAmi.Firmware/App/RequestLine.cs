namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// Drives a P1 data-request line. "Hold" keeps it high, so the meter sends every period (1 s on DSMR 5, 10 s
    /// on DSMR 4). "Pulse" raises it once per interval until a whole frame has arrived (or a time limit passes), for
    /// installations that must not draw the meter's data continuously.
    /// </summary>
    public sealed class RequestLine
    {
        /// <summary>Longest wait for a frame after raising the line: a DSMR 4 meter sends at most every 10 s.</summary>
        public const long MaxWaitMs = 12000;

        private readonly IOutputPin _pin;
        private readonly bool _pulse;
        private readonly long _intervalMs;
        private bool _high;
        private bool _started;
        private long _raisedAtMs;
        private int _framesAtRaise;

        public RequestLine(IOutputPin pin, bool pulse, int intervalSeconds)
        {
            _pin = pin;
            _pulse = pulse;
            _intervalMs = (long)intervalSeconds * 1000;
        }

        /// <summary>Whether the line is asserted now.</summary>
        public bool IsHigh
        {
            get { return _high; }
        }

        /// <summary>Called each loop with the port's frame count (good and bad frames alike).</summary>
        public void Update(long nowMs, int framesSeen)
        {
            if (!_pulse)
            {
                if (!_high)
                {
                    Set(true);
                }

                return;
            }

            if (!_started || (!_high && nowMs - _raisedAtMs >= _intervalMs))
            {
                _started = true;
                _raisedAtMs = nowMs;
                _framesAtRaise = framesSeen;
                Set(true);
            }
            else if (_high && (framesSeen != _framesAtRaise || nowMs - _raisedAtMs >= MaxWaitMs))
            {
                Set(false);
            }
        }

        private void Set(bool high)
        {
            _high = high;
            _pin.Write(high);
        }
    }
}

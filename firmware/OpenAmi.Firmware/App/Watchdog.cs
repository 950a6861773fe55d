namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// Decides when a reboot is the cure. Two stalls qualify: the main loop stops turning (a hung driver or a
    /// deadlock; checked from a timer thread), and no message has been acknowledged for a long time although the
    /// device keeps trying (a wedged Wi-Fi or TLS stack, which a restart clears). Nothing is lost by a reboot: the
    /// outbox is on flash. A silent meter is not a reason: it is reported as comms_lost instead.
    /// </summary>
    public sealed class Watchdog
    {
        private readonly long _loopStallMs;
        private readonly long _noAckMs;
        private long _lastLoopMs;
        private long _lastProgressMs;
        private long _lastPublished = -1;

        // What the last check found, kept as numbers: the message is made only when someone reads it, before a reboot.
        private bool _loopStalled;
        private long _stalledMs;

        /// <param name="loopStallMs">A loop turn older than this means the loop is stuck.</param>
        /// <param name="noAckMs">No acknowledgement for this long means the network stack is stuck.</param>
        public Watchdog(long loopStallMs, long noAckMs, long nowMs)
        {
            _loopStallMs = loopStallMs;
            _noAckMs = noAckMs;
            _lastLoopMs = nowMs;
            _lastProgressMs = nowMs;
        }

        /// <summary>Why the last check wanted a reboot, for the log; null when none did.</summary>
        public string Reason
        {
            get
            {
                if (_stalledMs == 0)
                {
                    return null;
                }

                return _loopStalled
                    ? "main loop stalled for " + (_stalledMs / 1000) + " s"
                    : "no message acknowledged by the broker for " + (_stalledMs / 60000) + " min";
            }
        }

        /// <summary>Called by the main loop on every turn with the runtime's acknowledged-message count.</summary>
        public void LoopTurned(long nowMs, long published)
        {
            _lastLoopMs = nowMs;
            if (published != _lastPublished)
            {
                _lastPublished = published;
                _lastProgressMs = nowMs;
            }
        }

        /// <summary>True when the loop has not turned for too long (checked off the loop's thread).</summary>
        public bool LoopStalled(long nowMs)
        {
            if (nowMs - _lastLoopMs > _loopStallMs)
            {
                _loopStalled = true;
                _stalledMs = nowMs - _lastLoopMs;
                return true;
            }

            return false;
        }

        /// <summary>True when nothing has been acknowledged for too long.</summary>
        public bool PublishingStalled(long nowMs)
        {
            if (nowMs - _lastProgressMs > _noAckMs)
            {
                _loopStalled = false;
                _stalledMs = nowMs - _lastProgressMs;
                return true;
            }

            return false;
        }
    }
}

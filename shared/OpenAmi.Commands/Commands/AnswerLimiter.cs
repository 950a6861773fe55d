using OpenAmi.Gateway;

namespace OpenAmi.Commands
{
    /// <summary>
    /// The rate limit of answers nobody is owed a new one for (refusals of commands and grants, repeated answers to
    /// redeliveries): a burst, then one every few seconds. Each answer is an outbox write, so this bounds the uplink
    /// and the flash wear a flood can cause; what it holds back is counted.
    /// </summary>
    internal sealed class AnswerLimiter
    {
        private readonly IGatewayClock _clock;
        private readonly int _burst;
        private readonly int _refillSeconds;
        private double _tokens;
        private long _tickMs;

        public AnswerLimiter(IGatewayClock clock, int burst, int refillSeconds)
        {
            _clock = clock;
            _burst = burst;
            _refillSeconds = refillSeconds;
            _tokens = burst;
            _tickMs = clock.TickMs;
        }

        /// <summary>Answers held back.</summary>
        public long Suppressed { get; private set; }

        /// <summary>True when one more answer may go out now (and counts it); false when it is held back.</summary>
        public bool Take()
        {
            long tick = _clock.TickMs;
            _tokens += (tick - _tickMs) / (1000.0 * _refillSeconds);
            _tickMs = tick;
            if (_tokens > _burst)
            {
                _tokens = _burst;
            }

            if (_tokens < 1)
            {
                Suppressed++;
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Whether each meter still talks: no valid frame for <see cref="GatewayOptions.CommsTimeoutFactor"/> times its
    /// observed telegram interval (and at least <see cref="GatewayOptions.CommsTimeoutMinSeconds"/>) raises comms_lost,
    /// and its last values then go out with quality comms_lost once per interval (at least every minute); the next
    /// valid frame raises comms_restored.
    /// </summary>
    internal sealed class Liveness
    {
        private const int LostReportMinSeconds = 60;

        private readonly GatewayOptions _options;
        private readonly IGatewayClock _clock;
        private readonly MessageStore _store;

        public Liveness(GatewayOptions options, IGatewayClock clock, MessageStore store)
        {
            _options = options;
            _clock = clock;
            _store = store;
        }

        /// <summary>A valid frame arrived on <paramref name="p"/>; true when it ended a comms_lost (an event was raised).</summary>
        public bool OnValidFrame(MeterPort p, long tick, long measurementUnix)
        {
            bool restored = false;
            if (p.SeenValidFrame)
            {
                long gap = tick - p.LastValidTickMs;
                if (gap > 0)
                {
                    // Smoothed telegram interval: DSMR 5 sends every second, DSMR 4 every ten.
                    p.IntervalMs = p.IntervalMs == 0 ? gap : ((p.IntervalMs * 7) + gap) / 8;
                }
            }

            if (p.Lost)
            {
                _store.BeginEvent(p, measurementUnix, EventTypes.CommsRestored);
                _store.Message.Field(MessageWriter.DownSeconds, (tick - p.LostSinceTickMs) / 1000);
                _store.FinishEvent(p);
                p.Lost = false;
                restored = true;
            }

            p.SeenValidFrame = true;
            p.LastValidTickMs = tick;
            return restored;
        }

        /// <summary>Raises comms_lost when <paramref name="p"/> went silent, and repeats its last values while it stays so.</summary>
        public void Check(MeterPort p, long tick)
        {
            if (!p.SeenValidFrame || !p.HasReading)
            {
                return;
            }

            long timeout = p.IntervalMs * _options.CommsTimeoutFactor;
            long minimum = _options.CommsTimeoutMinSeconds * 1000L;
            if (timeout < minimum)
            {
                timeout = minimum;
            }

            long silent = tick - p.LastValidTickMs;
            if (!p.Lost && silent > timeout)
            {
                p.Lost = true;
                p.LostSinceTickMs = p.LastValidTickMs;
                long now = _clock.UtcNowUnix;
                _store.BeginEvent(p, now, EventTypes.CommsLost);
                _store.Message.TimeField(MessageWriter.LastFrameTs, p.Last.TimestampUnix);
                _store.Message.Field(MessageWriter.SilentSeconds, silent / 1000);
                _store.FinishEvent(p);
                _store.StoreTelemetry(p.Last, now, true);
                p.LastLostReportSlot = ReportSchedule.FloorDiv(now, LostReportPeriod());
                return;
            }

            if (p.Lost)
            {
                long now = _clock.UtcNowUnix;
                long slot = ReportSchedule.FloorDiv(now, LostReportPeriod());
                if (slot != p.LastLostReportSlot)
                {
                    p.LastLostReportSlot = slot;
                    _store.StoreTelemetry(p.Last, now, true);
                }
            }
        }

        private int LostReportPeriod()
        {
            return _options.IntervalSeconds > LostReportMinSeconds ? _options.IntervalSeconds : LostReportMinSeconds;
        }
    }
}

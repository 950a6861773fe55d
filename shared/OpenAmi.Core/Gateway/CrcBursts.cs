namespace OpenAmi.Gateway
{
    /// <summary>
    /// A crc_errors event when <see cref="GatewayOptions.CrcBurstCount"/> bad frames arrive from one port within
    /// <see cref="GatewayOptions.CrcBurstWindowSeconds"/>; at most one event per window.
    /// </summary>
    internal sealed class CrcBursts
    {
        private readonly GatewayOptions _options;
        private readonly IGatewayClock _clock;
        private readonly MessageStore _store;

        public CrcBursts(GatewayOptions options, IGatewayClock clock, MessageStore store)
        {
            _options = options;
            _clock = clock;
            _store = store;
        }

        public void OnBadFrame(MeterPort p, long tick)
        {
            long[] ticks = p.BadFrameTicks;
            ticks[p.BadFrameCount % ticks.Length] = tick;
            p.BadFrameCount++;
            int needed = _options.CrcBurstCount;
            if (needed <= 0 || needed > ticks.Length || p.BadFrameCount < needed || p.SerialLength == 0)
            {
                return;
            }

            long window = _options.CrcBurstWindowSeconds * 1000L;
            long oldest = ticks[(p.BadFrameCount - needed) % ticks.Length];
            if (tick - oldest > window || (p.LastCrcEventTickMs != long.MinValue && tick - p.LastCrcEventTickMs < window))
            {
                return;
            }

            p.LastCrcEventTickMs = tick;
            _store.BeginEvent(p, _clock.UtcNowUnix, EventTypes.CrcErrors);
            _store.Message.Field(MessageWriter.Count, needed);
            _store.Message.Field(MessageWriter.WindowSeconds, _options.CrcBurstWindowSeconds);
            _store.FinishEvent(p);
        }
    }
}

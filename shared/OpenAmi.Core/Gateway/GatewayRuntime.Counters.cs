using OpenAmi.Outbox;

namespace OpenAmi.Gateway
{
    /// <summary>What the runtime counts and holds, for hosts and the status message.</summary>
    public sealed partial class GatewayRuntime
    {
        /// <summary>Valid frames received (CRC ok, or accepted without CRC from a dialect that sends none).</summary>
        public long FramesOk { get; private set; }

        /// <summary>Frames with a bad CRC or a failed GCM tag, and frames the ports refused (see FrameAcceptance).</summary>
        public long FramesBad { get; private set; }

        /// <summary>Envelopes and events acknowledged by the broker.</summary>
        public long Published
        {
            get { return _pump.Published; }
        }

        /// <summary>Telemetry envelopes written to the outbox.</summary>
        public long TelemetryWritten
        {
            get { return _store.TelemetryWritten; }
        }

        /// <summary>Events written to the outbox.</summary>
        public long EventsWritten
        {
            get { return _store.EventsWritten; }
        }

        /// <summary>Messages that could not be stored (too large for a record).</summary>
        public long Unstorable
        {
            get { return _store.Unstorable; }
        }

        /// <summary>Free managed heap in bytes as the platform last reported it, or -1 (for the status message).</summary>
        public long FreeHeapBytes { get; set; }

        /// <summary>True while the broker session is up.</summary>
        public bool Connected
        {
            get { return _pump.Connected; }
        }

        /// <summary>Home Assistant discovery messages handed to the link (configs and removals); 0 when it is off.</summary>
        public long DiscoveryMessages
        {
            get { return _discovery == null ? 0 : _discovery.Sent; }
        }

        /// <summary>Whether Home Assistant discovery messages wait to be published (a host draining before it exits waits for them).</summary>
        public bool DiscoveryPending
        {
            get
            {
                lock (_sync)
                {
                    return _discovery != null && _discovery.HasDue;
                }
            }
        }

        /// <summary>The outbox, for its counters.</summary>
        public PersistentOutbox Outbox
        {
            get { return _outbox; }
        }
    }
}

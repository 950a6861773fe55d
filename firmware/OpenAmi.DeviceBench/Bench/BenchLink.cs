// Shared with the desktop CLI, which compiles with nullable annotations on; the device code is written without them.
#nullable disable
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;

namespace OpenAmi.DeviceBench
{
    /// <summary>
    /// A broker that is always there and acknowledges every message as soon as the bench asks, so the bench
    /// measures the gateway and not a network.
    /// </summary>
    internal sealed class AcknowledgingLink : IMqttLink
    {
        private readonly int[] _pending = new int[64];
        private int _pendingCount;
        private IMqttLinkListener _listener;
        private int _nextId;

        public bool IsConnected
        {
            get { return _listener != null; }
        }

        private readonly byte[] _last = new byte[4096];

        /// <summary>Size of the last telemetry or event payload published (not the status).</summary>
        public int LastLength { get; private set; }

        /// <summary>Its CRC-32, worked out when asked (outside the timed loop).</summary>
        public uint LastCrc
        {
            get { return Crc32.Compute(_last, 0, LastLength); }
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
        {
            _listener = listener;
            listener.OnConnected();
        }

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!retain && count <= _last.Length)
            {
                System.Array.Copy(payload, offset, _last, 0, count);
                LastLength = count;
            }

            if (_pendingCount == _pending.Length)
            {
                return -1; // window full: the gateway keeps it and tries again
            }

            int id = ++_nextId;
            _pending[_pendingCount++] = id;
            return id;
        }

        /// <summary>The PUBACKs of everything published so far arrive.</summary>
        public void AcknowledgePending()
        {
            int n = _pendingCount;
            _pendingCount = 0;
            for (int i = 0; i < n; i++)
            {
                _listener.OnPublishAcknowledged(_pending[i]);
            }
        }

        public void Subscribe(string topicFilter)
        {
        }

        public void Stop()
        {
            _listener = null;
        }
    }

    /// <summary>The platform's monotonic clock, with a trusted wall clock one second a telegram, as a DSMR 5 meter sends.</summary>
    internal sealed class BenchClock : IGatewayClock
    {
        private readonly IBenchPlatform _platform;
        private long _now = 1700000000L;

        public BenchClock(IBenchPlatform platform)
        {
            _platform = platform;
        }

        public long UtcNowUnix
        {
            get { return _now; }
        }

        public bool IsTrusted
        {
            get { return true; }
        }

        public long TickMs
        {
            get { return _platform.TickMs(); }
        }

        public void Advance()
        {
            _now++;
        }
    }
}

using OpenAmi.Mqtt;
using OpenAmi.Outbox;
using OpenAmi.Text;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Moves the outbox into the MQTT link: messages made during the current connection first (live), the backlog
    /// behind them at <see cref="GatewayOptions.ReplayPerSecond"/> at most, and never more than
    /// <see cref="GatewayOptions.InflightWindow"/> unacknowledged at once. A message that waited (made while offline,
    /// or before a restart) gets "hist":true when it goes out.
    /// </summary>
    internal sealed class OutboxPump
    {
        // Appended in place of the payload's closing brace: whether a message is back-filled is known only now.
        private static readonly byte[] HistSuffix = Ascii.GetBytes(",\"hist\":true}");

        /// <summary>The epoch stamped on messages made while offline: never the current one, so always back-filled.</summary>
        private const int OfflineEpoch = -2;

        /// <summary>Marks a message the link can never publish on its way out of the ring (no MQTT packet id is this large).</summary>
        private const int DroppedId = 0x10000;

        private readonly PersistentOutbox _outbox;
        private readonly IMqttLink _link;
        private readonly IGatewayClock _clock;
        private readonly GatewayOptions _options;
        private int _epoch;
        private bool _connected;
        private long _budgetTickMs;
        private double _budget;

        public OutboxPump(PersistentOutbox outbox, IMqttLink link, IGatewayClock clock, GatewayOptions options)
        {
            _outbox = outbox;
            _link = link;
            _clock = clock;
            _options = options;
        }

        /// <summary>True while the broker session is up.</summary>
        public bool Connected
        {
            get { return _connected; }
        }

        /// <summary>Envelopes and events acknowledged by the broker.</summary>
        public long Published { get; private set; }

        /// <summary>The epoch to stamp on a message made now.</summary>
        public int AppendEpoch
        {
            get { return _connected ? _epoch : OfflineEpoch; }
        }

        public void OnConnected()
        {
            _connected = true;
            _epoch++;
            _budget = 0;
            _budgetTickMs = _clock.TickMs;
        }

        public void OnDisconnected()
        {
            _connected = false;
            _epoch++; // what is made while offline is back-filled when it goes out
        }

        public void OnAcknowledged(int packetId)
        {
            if (_outbox.Acknowledge(packetId))
            {
                Published++;
            }
        }

        public void OnLost(int packetId)
        {
            _outbox.Requeue(packetId);
        }

        /// <summary>Hands the link what the window and the replay budget allow.</summary>
        public void Pump()
        {
            if (!_connected || !_link.IsConnected)
            {
                return;
            }

            long tick = _clock.TickMs;
            _budget += (tick - _budgetTickMs) * _options.ReplayPerSecond / 1000.0;
            if (_budget > _options.ReplayPerSecond)
            {
                _budget = _options.ReplayPerSecond;
            }

            _budgetTickMs = tick;
            while (_outbox.Inflight < _options.InflightWindow)
            {
                int entry = _outbox.NextToPublish(_epoch, _budget >= 1);
                if (entry < 0)
                {
                    return;
                }

                int topicLength;
                int payloadOffset;
                int payloadLength;
                if (!_outbox.Load(entry, out topicLength, out payloadOffset, out payloadLength))
                {
                    continue;
                }

                byte[] record = _outbox.RecordBuffer;
                if (_outbox.IsBackfill(entry, _epoch))
                {
                    int at = payloadOffset + payloadLength - 1;
                    System.Array.Copy(HistSuffix, 0, record, at, HistSuffix.Length);
                    payloadLength += HistSuffix.Length - 1;
                    _budget -= 1;
                }

                int packetId = _link.Publish(record, PersistentOutbox.TopicOffset, topicLength, record, payloadOffset, payloadLength, 1, false);
                if (packetId == MqttLinkResult.TooLarge)
                {
                    // Trying again would block the ring behind it forever: the link has said why and counts it (the
                    // cellular status's "refused"; no counter here, the device's runtime heap has no bytes to spare).
                    _outbox.MarkInflight(entry, DroppedId);
                    _outbox.Acknowledge(DroppedId);
                    continue;
                }

                if (packetId < 0)
                {
                    return;
                }

                _outbox.MarkInflight(entry, packetId);
            }
        }
    }
}

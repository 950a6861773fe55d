using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Writes telemetry envelopes and events and stores them in the outbox on their meter's topic, with the next
    /// sequence number, before anything is published. Topics are composed into a reused buffer, so storing a
    /// message allocates nothing.
    /// </summary>
    /// <remarks>
    /// Every message is written straight into the outbox's record buffer (<see cref="PersistentOutbox.RecordBuffer"/>),
    /// which Append then frames in place: the device keeps one message-sized buffer, not two. Messages are written
    /// and stored one at a time under the runtime's lock, and the pump's loads happen between them.
    /// </remarks>
    internal sealed class MessageStore
    {
        private readonly PersistentOutbox _outbox;
        private readonly OutboxPump _pump;
        private readonly GatewayIds _ids;
        private readonly JsonBuffer _json;
        private readonly EnvelopeWriter _envelope;
        private readonly MessageWriter _message;
        private readonly byte[] _topic = new byte[GatewayIds.MaxTopicLength];

        public MessageStore(PersistentOutbox outbox, OutboxPump pump, GatewayIds ids)
        {
            _outbox = outbox;
            _pump = pump;
            _ids = ids;
            _json = new JsonBuffer(outbox.RecordBuffer, outbox.RecordBuffer.Length);
            _envelope = new EnvelopeWriter(_json);
            _message = new MessageWriter(_json);
        }

        /// <summary>The writer an event's details go into between <see cref="BeginEvent"/> and <see cref="FinishEvent"/>.</summary>
        public MessageWriter Message
        {
            get { return _message; }
        }

        /// <summary>The buffer every message is written into (the status message and the will use it too).</summary>
        public JsonBuffer Json
        {
            get { return _json; }
        }

        public GatewayIds Ids
        {
            get { return _ids; }
        }

        /// <summary>Telemetry envelopes written to the outbox.</summary>
        public long TelemetryWritten { get; private set; }

        /// <summary>Events written to the outbox.</summary>
        public long EventsWritten { get; private set; }

        /// <summary>Messages that could not be stored (too large for the buffer or a record).</summary>
        public long Unstorable { get; private set; }

        public long NextSeq()
        {
            return _outbox.NextSeq();
        }

        /// <summary>
        /// Stores the telemetry envelope of <paramref name="reading"/> with ts <paramref name="tsUnix"/>; with
        /// <paramref name="commsLost"/> its registers carry quality comms_lost. False when it could not be stored.
        /// </summary>
        public bool StoreTelemetry(MeterReading reading, long tsUnix, bool commsLost)
        {
            long seq = _outbox.NextSeq();
            if (!_envelope.Write(reading, tsUnix, _ids, null, seq, commsLost))
            {
                Unstorable++;
                return false;
            }

            int topicLength = _ids.WriteTelemetryTopic(reading.Serial, reading.SerialLength, _topic);
            if (!Store(MessageKind.Telemetry, seq, _topic, topicLength, _json.Buffer, 0, _json.Length))
            {
                return false;
            }

            TelemetryWritten++;
            return true;
        }

        /// <summary>Starts an event of <paramref name="eventType"/> about the meter on <paramref name="port"/>.</summary>
        public void BeginEvent(MeterPort port, long tsUnix, int eventType)
        {
            _message.BeginEvent(tsUnix, _ids, port.Serial, port.SerialLength, eventType);
        }

        /// <summary>Closes the event begun last and stores it on the meter's event topic.</summary>
        public void FinishEvent(MeterPort port)
        {
            long seq = _outbox.NextSeq();
            if (!_message.EndEvent(seq))
            {
                Unstorable++;
                return;
            }

            int topicLength = _ids.WriteEventTopic(port.Serial, port.SerialLength, _topic);
            StoreEvent(seq, _topic, topicLength, _json.Buffer, _json.Length);
        }

        /// <summary>Stores a ready event payload (a command result) on <paramref name="topic"/>.</summary>
        public void StoreEvent(long seq, byte[] topic, int topicLength, byte[] payload, int length)
        {
            if (Store(MessageKind.Event, seq, topic, topicLength, payload, 0, length))
            {
                EventsWritten++;
            }
        }

        private bool Store(MessageKind kind, long seq, byte[] topic, int topicLength, byte[] payload, int offset, int length)
        {
            if (!_outbox.Append(kind, seq, topic, topicLength, payload, offset, length, _pump.AppendEpoch))
            {
                Unstorable++;
                return false;
            }

            return true;
        }
    }
}

namespace OpenAmi.Outbox
{
    /// <summary>
    /// A bounded, persistent ring of messages waiting for the broker. Every envelope and event is appended (and
    /// flushed) here before it is published, and leaves only when the broker has acknowledged it.
    /// </summary>
    /// <remarks>
    /// The parts, one file each: this file is what the gateway calls (append, publish, acknowledge);
    /// <c>PersistentOutbox.Space.cs</c> makes room (eviction of the oldest segment, deletion of acknowledged ones);
    /// <c>PersistentOutbox.Recovery.cs</c> opens what a previous run left; <c>PersistentOutbox.Faults.cs</c> keeps the
    /// gateway going when the store fails. Around them: <see cref="RecordFormat"/> (a record's bytes),
    /// <see cref="OutboxIndex"/> (where each record is), <see cref="SegmentScanner"/> (reading segments back),
    /// <see cref="AckCheckpoint"/> (which records were acknowledged), <see cref="MemoryQueue"/> (what the store could
    /// not take) and <see cref="InflightTable"/> (MQTT packet ids).
    /// Entries handed to the caller are index slots [0, MaxRecords) or, for records held in memory, MaxRecords + a
    /// memory slot. Nothing on the append, publish or acknowledge path allocates or uses a string literal.
    /// </remarks>
    public sealed partial class PersistentOutbox
    {
        public const int StatePending = 0;
        public const int StateInflight = 1;
        public const int StateAcked = 2;

        /// <summary>Where the topic starts in <see cref="RecordBuffer"/> after <see cref="Load"/>.</summary>
        public const int TopicOffset = RecordFormat.HeaderBytes;

        /// <summary>Room kept after a loaded payload, so the publisher can append a field in place.</summary>
        public const int PayloadSlack = 32;

        private readonly IRecordStore _store;
        private readonly OutboxOptions _options;
        private readonly byte[] _record;

        // Records moved during eviction pass through here (the record buffer may hold a message being appended).
        private readonly byte[] _chunk = new byte[64];
        private readonly OutboxIndex _index;
        private readonly InflightTable _inflight;
        private readonly MemoryQueue _queue;
        private readonly AckCheckpoint _checkpoint;

        private int _headSegment;
        private int _headLength;
        private int _oldestSegment;
        private long _lastSeq;
        private long _persistedLastSeq;
        private int _liveEpoch = int.MinValue;
        private int _acksSinceCheckpoint;
        private long _droppedTelemetry;
        private long _droppedEvents;

        /// <summary>Opens the outbox on <paramref name="store"/>, recovering whatever a previous run left.</summary>
        /// <exception cref="RecordStoreException">The store cannot be read at all (the outbox cannot know what it holds).</exception>
        public PersistentOutbox(IRecordStore store, OutboxOptions options)
        {
            CheckOptions(options);
            _store = store;
            _options = options;
            _record = new byte[options.MaxRecordBytes];
            _index = new OutboxIndex(options.MaxRecords, 0);
            _inflight = new InflightTable(options.MaxInflight);
            _queue = new MemoryQueue(options.MemoryQueueBytes, options.MemoryQueueRecords, _inflight, options.MaxRecords);
            _checkpoint = new AckCheckpoint(options.MaxRecords);
            Recover();
        }

        /// <summary>Records waiting for an acknowledgement (pending or in flight), stored or held in memory.</summary>
        public int Unacknowledged
        {
            get { return _index.Unacknowledged + _queue.Count; }
        }

        /// <summary>Records handed to the link and not yet acknowledged.</summary>
        public int Inflight
        {
            get { return _inflight.Count; }
        }

        /// <summary>Telemetry dropped because the ring or the memory queue was full.</summary>
        public long DroppedTelemetry
        {
            get { return _droppedTelemetry + _queue.DroppedTelemetry; }
        }

        /// <summary>Events dropped because the ring (or the memory queue) held nothing but events.</summary>
        public long DroppedEvents
        {
            get { return _droppedEvents + _queue.DroppedEvents; }
        }

        /// <summary>Records found damaged (torn by a power cut, or corrupted) and skipped, at start or when read.</summary>
        public int DamagedRecords { get; private set; }

        /// <summary>Unacknowledged records recovered from a previous run at start.</summary>
        public int RecoveredRecords { get; private set; }

        /// <summary>Bytes currently held in segments.</summary>
        public long StoredBytes { get; private set; }

        /// <summary>The highest sequence number ever given out; survives restarts.</summary>
        public long LastSeq
        {
            get { return _lastSeq; }
        }

        /// <summary>Records in the segments (acknowledged ones included, until their segment is deleted).</summary>
        public int StoredRecords
        {
            get { return _index.Count; }
        }

        /// <summary>Records the store could not take, held in memory until it can (or the broker acknowledges them).</summary>
        public int HeldInMemory
        {
            get { return _queue.Count; }
        }

        /// <summary>
        /// While true, <see cref="NextToPublish"/> hands nothing out: a clean stop lets the messages in flight be
        /// acknowledged before the last checkpoint, so the next run does not send them again.
        /// </summary>
        public bool Paused { get; set; }

        /// <summary>Hands out the next sequence number: per gateway, monotonic across restarts.</summary>
        public long NextSeq()
        {
            _lastSeq++;
            return _lastSeq;
        }

        /// <summary>
        /// Appends a message durably. <paramref name="epoch"/> is the connection epoch it was made in (a message
        /// published in a later epoch is back-filled). When the store fails, the message is held in memory instead
        /// (see <see cref="Fault"/>). Returns false only when the record is larger than allowed.
        /// </summary>
        public bool Append(MessageKind kind, long seq, byte[] topic, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int epoch)
        {
            int total = RecordFormat.Size(topicLength, payloadLength);
            if (total + PayloadSlack > _record.Length || total > _options.SegmentBytes)
            {
                return false;
            }

            if (payload == _record)
            {
                // Written in place (see RecordBuffer): move it up to make way for the header and topic.
                int to = RecordFormat.HeaderBytes + topicLength;
                System.Array.Copy(_record, payloadOffset, _record, to, payloadLength);
                payloadOffset = to;
            }

            if (seq > _lastSeq)
            {
                _lastSeq = seq;
            }

            Enter(epoch);
            if (StoreUsable && _queue.Count == 0 && MakeRoom(total))
            {
                RecordFormat.Write(_record, 0, kind, seq, topic, topicLength, payload, payloadOffset, payloadLength);
                if (Store(_record, 0, total, kind, seq, StatePending, true) >= 0)
                {
                    return true;
                }
            }

            // The store failed (or still holds older records back): keep the order, wait in memory.
            _queue.Add(kind, seq, topic, topicLength, payload, payloadOffset, payloadLength, true);
            return true;
        }

        /// <summary>
        /// The entry to publish next, or -1: messages made in <paramref name="currentEpoch"/> first (live), then, when
        /// <paramref name="includeBacklog"/>, the oldest back-filled one.
        /// </summary>
        public int NextToPublish(int currentEpoch, bool includeBacklog)
        {
            if (_inflight.IsFull || Paused)
            {
                return -1;
            }

            Enter(currentEpoch);
            int backlog = -1;
            for (int k = 0; k < _index.Count && !_readBlocked; k++)
            {
                int slot = _index.Slot(k);
                if (_index.StateOf(slot) == StatePending)
                {
                    if (_index.IsLive(slot))
                    {
                        return slot;
                    }

                    if (backlog < 0)
                    {
                        backlog = slot;
                    }
                }
            }

            for (int s = 0; s < _queue.SlotCount; s++)
            {
                if (_queue.IsHeld(s) && _queue.StateOf(s) == StatePending)
                {
                    if (_queue.IsLive(s))
                    {
                        return FromMemory(s);
                    }

                    if (backlog < 0)
                    {
                        backlog = FromMemory(s);
                    }
                }
            }

            return includeBacklog ? backlog : -1;
        }

        /// <summary>True when entry <paramref name="entry"/> was made in another epoch than <paramref name="currentEpoch"/>.</summary>
        public bool IsBackfill(int entry, int currentEpoch)
        {
            bool live = entry < _index.Capacity ? _index.IsLive(entry) : _queue.IsLive(entry - _index.Capacity);
            return !live || currentEpoch != _liveEpoch;
        }

        public long SeqOf(int entry)
        {
            return entry < _index.Capacity ? _index.SeqOf(entry) : _queue.SeqOf(entry - _index.Capacity);
        }

        public MessageKind KindOf(int entry)
        {
            return entry < _index.Capacity ? _index.KindOf(entry) : _queue.KindOf(entry - _index.Capacity);
        }

        /// <summary>
        /// Reads entry <paramref name="entry"/> into <see cref="RecordBuffer"/>: the topic at <see cref="TopicOffset"/>
        /// and the payload right after it. Returns false when the stored bytes fail their checksum (the entry is then
        /// dropped), or when the store cannot be read now (the entry waits; publishing pauses until the retry).
        /// </summary>
        public bool Load(int entry, out int topicLength, out int payloadOffset, out int payloadLength)
        {
            topicLength = 0;
            payloadOffset = 0;
            payloadLength = 0;
            if (entry >= _index.Capacity)
            {
                int s = entry - _index.Capacity;
                System.Array.Copy(_queue.Bytes, _queue.StartOf(s), _record, 0, _queue.LengthOf(s));
            }
            else if (!ReadStored(entry))
            {
                return false;
            }

            topicLength = RecordFormat.TopicLengthOf(_record, 0);
            payloadOffset = RecordFormat.HeaderBytes + topicLength;
            payloadLength = RecordFormat.PayloadLengthOf(_record, 0);
            return true;
        }

        /// <summary>
        /// The buffer <see cref="Load"/> fills. Between loads a caller may write a message into it and pass it to
        /// <see cref="Append"/> as the payload (one message-sized buffer on the device, not two): nothing else the
        /// outbox does in Append touches it (eviction copies through a small chunk of its own).
        /// </summary>
        public byte[] RecordBuffer
        {
            get { return _record; }
        }

        /// <summary>Marks an entry as handed to the link under <paramref name="packetId"/>.</summary>
        public void MarkInflight(int entry, int packetId)
        {
            if (_inflight.Add(entry, packetId))
            {
                SetState(entry, StateInflight);
            }
        }

        /// <summary>The broker acknowledged <paramref name="packetId"/>: the message may leave the ring.</summary>
        public bool Acknowledge(int packetId)
        {
            int i = _inflight.Find(packetId);
            if (i < 0)
            {
                return false;
            }

            int entry = _inflight.EntryAt(i);
            _inflight.RemoveAt(i);
            if (entry >= _index.Capacity)
            {
                _queue.Remove(entry - _index.Capacity);
                return true;
            }

            _index.SetState(entry, StateAcked);
            _acksSinceCheckpoint++;
            if (StoreUsable)
            {
                DeleteAcknowledgedSegments();
                if (_acksSinceCheckpoint >= _options.CheckpointEveryAcks)
                {
                    WriteCheckpoint(_lastSeq);
                }
            }

            return true;
        }

        /// <summary>The link gave up on <paramref name="packetId"/>: publish it again later.</summary>
        public void Requeue(int packetId)
        {
            int i = _inflight.Find(packetId);
            if (i >= 0)
            {
                SetState(_inflight.EntryAt(i), StatePending);
                _inflight.RemoveAt(i);
            }
        }

        /// <summary>Every message in flight goes back to pending (the link's session was lost).</summary>
        public void RequeueAllInflight()
        {
            for (int i = 0; i < _inflight.Count; i++)
            {
                SetState(_inflight.EntryAt(i), StatePending);
            }

            _inflight.Clear();
        }

        /// <summary>
        /// Persists the sequence number and the acknowledgements (at a clean stop, or whenever wanted), after one more
        /// try to store what waits in memory. Afterwards <see cref="ResendOnRestart"/> says what the next run sends.
        /// </summary>
        public void Checkpoint()
        {
            RetryStore();
            WriteCheckpoint(_lastSeq);
        }

        // A new connection epoch makes everything made before it back-fill.
        private void Enter(int epoch)
        {
            if (epoch != _liveEpoch)
            {
                _index.ClearLive();
                _queue.ClearLive();
                _liveEpoch = epoch;
            }
        }

        private void SetState(int entry, int state)
        {
            if (entry >= _index.Capacity)
            {
                _queue.SetState(entry - _index.Capacity, state);
            }
            else
            {
                _index.SetState(entry, state);
            }
        }

        private int SegmentOf(int slot)
        {
            return _index.SegmentOf(slot, _oldestSegment);
        }

        private static void CheckOptions(OutboxOptions o)
        {
            if (o.SegmentBytes < 256 || o.SegmentBytes > 65536 || o.MaxSegments < 2 || o.MaxSegments > 250
                || o.MaxRecords < o.SegmentBytes / 128 || o.MaxRecordBytes < 64 || o.MaxRecordBytes > 65535 || o.MaxInflight < 1
                || o.MemoryQueueBytes < 0 || o.MemoryQueueRecords < 1 || o.CheckpointEveryAcks < 1)
            {
                throw new System.ArgumentException("outbox options out of range (see OutboxOptions)");
            }
        }
    }
}

namespace OpenAmi.Outbox
{
    /// <summary>
    /// A bounded, persistent ring of messages waiting for the broker. Every envelope and event is appended (and
    /// flushed) here before it is published, and leaves only when the broker has acknowledged it. Records carry
    /// a CRC-32, so a record cut off by a power loss is recognised and skipped when the outbox is opened again.
    /// </summary>
    /// <remarks>
    /// Layout: numbered append-only segments of records
    /// <c>'O' 'A' | kind | 0 | seq (8) | topic length (2) | payload length (4) | topic | payload | CRC-32 (4)</c>
    /// (little endian), plus a metadata blob with the last sequence number and the acknowledged watermark.
    /// When the ring is full the oldest segment goes: its unacknowledged telemetry is dropped and counted, and its
    /// unacknowledged events are copied forward, as long as there is telemetry anywhere else to drop instead;
    /// only a ring full of events drops events (counted too).
    /// After a restart, appends go to a fresh segment, so a torn record is never followed by good ones.
    /// </remarks>
    public sealed class PersistentOutbox
    {
        public const int StatePending = 0;
        public const int StateInflight = 1;
        public const int StateAcked = 2;

        /// <summary>Where the topic starts in <see cref="RecordBuffer"/> after <see cref="Load"/>.</summary>
        public const int TopicOffset = HeaderBytes;

        /// <summary>Room kept after a loaded payload, so the publisher can append a field in place.</summary>
        public const int PayloadSlack = 32;

        private const int HeaderBytes = 18;
        private const int CrcBytes = 4;
        private const int MetaBytes = 26;
        private const int WatermarkStep = 32;

        private readonly IRecordStore _store;
        private readonly OutboxOptions _options;
        private readonly byte[] _record;
        private readonly byte[] _meta = new byte[64];

        // The index, a ring of entries in append order: [_first, _first + _count).
        private readonly long[] _seq;
        private readonly int[] _segment;
        private readonly int[] _position;
        private readonly int[] _length;
        private readonly byte[] _kind;
        private readonly byte[] _state;
        private readonly int[] _epoch;
        private readonly int[] _packetId;
        private int _first;
        private int _count;

        private int _headSegment;
        private int _oldestSegment;
        private long _lastSeq;
        private long _ackedBelow;
        private long _ackedBelowPersisted;

        /// <summary>Opens the outbox on <paramref name="store"/>, recovering whatever a previous run left.</summary>
        public PersistentOutbox(IRecordStore store, OutboxOptions options)
        {
            _store = store;
            _options = options;
            _record = new byte[options.MaxRecordBytes];
            int n = options.MaxRecords;
            _seq = new long[n];
            _segment = new int[n];
            _position = new int[n];
            _length = new int[n];
            _kind = new byte[n];
            _state = new byte[n];
            _epoch = new int[n];
            _packetId = new int[n];
            Recover();
        }

        /// <summary>Records waiting for an acknowledgement (pending or in flight).</summary>
        public int Unacknowledged { get; private set; }

        /// <summary>Records handed to the link and not yet acknowledged.</summary>
        public int Inflight { get; private set; }

        /// <summary>Telemetry dropped because the ring was full.</summary>
        public long DroppedTelemetry { get; private set; }

        /// <summary>Events dropped because the ring stayed full for a whole round.</summary>
        public long DroppedEvents { get; private set; }

        /// <summary>Records found damaged at start (torn by a power cut, or corrupted) and skipped.</summary>
        public int DamagedRecords { get; private set; }

        /// <summary>Records recovered from a previous run at start.</summary>
        public int RecoveredRecords { get; private set; }

        /// <summary>Bytes currently held in segments.</summary>
        public long StoredBytes { get; private set; }

        /// <summary>The highest sequence number ever given out; survives restarts.</summary>
        public long LastSeq
        {
            get { return _lastSeq; }
        }

        /// <summary>Hands out the next sequence number: per gateway, monotonic across restarts.</summary>
        public long NextSeq()
        {
            _lastSeq++;
            return _lastSeq;
        }

        /// <summary>
        /// Appends a message durably. <paramref name="epoch"/> is the connection epoch it was made in (a message
        /// published in a later epoch is back-filled). Returns false only when the record is larger than allowed.
        /// </summary>
        public bool Append(int kind, long seq, byte[] topic, int topicLength, byte[] payload, int payloadOffset, int payloadLength, int epoch)
        {
            int total = HeaderBytes + topicLength + payloadLength + CrcBytes;
            if (total + PayloadSlack > _record.Length || total > _options.SegmentBytes)
            {
                return false;
            }

            byte[] r = _record;
            r[0] = (byte)'O';
            r[1] = (byte)'A';
            r[2] = (byte)kind;
            r[3] = 0;
            WriteInt64(r, 4, seq);
            r[12] = (byte)topicLength;
            r[13] = (byte)(topicLength >> 8);
            WriteInt32(r, 14, payloadLength);
            System.Array.Copy(topic, 0, r, HeaderBytes, topicLength);
            System.Array.Copy(payload, payloadOffset, r, HeaderBytes + topicLength, payloadLength);
            uint crc = Crc32.Compute(r, 0, total - CrcBytes);
            WriteInt32(r, total - CrcBytes, (int)crc);
            WriteRecord(kind, seq, total, epoch);
            if (seq > _lastSeq)
            {
                _lastSeq = seq;
            }

            return true;
        }

        /// <summary>
        /// The entry to publish next, or -1: messages made in <paramref name="currentEpoch"/> first (live), then, when
        /// <paramref name="includeBacklog"/>, the oldest back-filled one.
        /// </summary>
        public int NextToPublish(int currentEpoch, bool includeBacklog)
        {
            int backlog = -1;
            for (int k = 0; k < _count; k++)
            {
                int i = Slot(k);
                if (_state[i] != StatePending)
                {
                    continue;
                }

                if (_epoch[i] == currentEpoch)
                {
                    return i;
                }

                if (backlog < 0)
                {
                    backlog = i;
                }
            }

            return includeBacklog ? backlog : -1;
        }

        /// <summary>True when entry <paramref name="entry"/> was made in another epoch than <paramref name="currentEpoch"/>.</summary>
        public bool IsBackfill(int entry, int currentEpoch)
        {
            return _epoch[entry] != currentEpoch;
        }

        public long SeqOf(int entry)
        {
            return _seq[entry];
        }

        public int KindOf(int entry)
        {
            return _kind[entry];
        }

        /// <summary>
        /// Reads entry <paramref name="entry"/> into <see cref="RecordBuffer"/>: the topic at
        /// <see cref="HeaderBytes"/> and the payload right after it. Returns false when the stored bytes fail their
        /// checksum (the entry is then dropped).
        /// </summary>
        public bool Load(int entry, out int topicLength, out int payloadOffset, out int payloadLength)
        {
            topicLength = 0;
            payloadOffset = 0;
            payloadLength = 0;
            int n = _store.Read(_segment[entry], _position[entry], _record, 0, _length[entry]);
            if (n != _length[entry] || !Valid(_record, n))
            {
                DamagedRecords++;
                SetState(entry, StateAcked);
                return false;
            }

            topicLength = _record[12] | (_record[13] << 8);
            payloadOffset = HeaderBytes + topicLength;
            payloadLength = ReadInt32(_record, 14);
            return true;
        }

        /// <summary>The buffer <see cref="Load"/> fills.</summary>
        public byte[] RecordBuffer
        {
            get { return _record; }
        }

        /// <summary>Marks an entry as handed to the link under <paramref name="packetId"/>.</summary>
        public void MarkInflight(int entry, int packetId)
        {
            _packetId[entry] = packetId;
            SetState(entry, StateInflight);
        }

        /// <summary>The broker acknowledged <paramref name="packetId"/>: the message may leave the ring.</summary>
        public bool Acknowledge(int packetId)
        {
            int i = FindInflight(packetId);
            if (i < 0)
            {
                return false;
            }

            SetState(i, StateAcked);
            Compact();
            return true;
        }

        /// <summary>The link gave up on <paramref name="packetId"/>: publish it again later.</summary>
        public void Requeue(int packetId)
        {
            int i = FindInflight(packetId);
            if (i >= 0)
            {
                SetState(i, StatePending);
            }
        }

        /// <summary>Every message in flight goes back to pending (the link's session was lost).</summary>
        public void RequeueAllInflight()
        {
            for (int k = 0; k < _count; k++)
            {
                int i = Slot(k);
                if (_state[i] == StateInflight)
                {
                    SetState(i, StatePending);
                }
            }
        }

        /// <summary>Persists the sequence number and acknowledgement watermark (at shutdown, or whenever wanted).</summary>
        public void Checkpoint()
        {
            WriteMeta();
        }

        // ---- internals ----

        private void WriteRecord(int kind, long seq, int total, int epoch)
        {
            MakeRoom(total);
            int position = _store.SegmentLength(_headSegment);
            _store.Append(_headSegment, _record, 0, total);
            _store.Flush(_headSegment);
            StoredBytes += total;

            AddEntry(seq, _headSegment, position, total, (byte)kind, epoch, StatePending);
            Unacknowledged++;
        }

        // Indexes one stored record at the end of the ring.
        private void AddEntry(long seq, int segment, int position, int total, byte kind, int epoch, int state)
        {
            int i = Slot(_count);
            _count++;
            _seq[i] = seq;
            _segment[i] = segment;
            _position[i] = position;
            _length[i] = total;
            _kind[i] = kind;
            _state[i] = (byte)state;
            _epoch[i] = epoch;
            _packetId[i] = 0;
        }

        private void MakeRoom(int total)
        {
            if (_store.SegmentLength(_headSegment) + total > _options.SegmentBytes)
            {
                _headSegment++;
            }

            while (_count == _options.MaxRecords || _headSegment - _oldestSegment + 1 > _options.MaxSegments)
            {
                if (_oldestSegment == _headSegment)
                {
                    _headSegment++; // never evict the segment being written
                }

                EvictOldestSegment();
            }
        }

        // The ring is full: the oldest segment goes. Telemetry in it is dropped; events are copied forward while
        // there is telemetry elsewhere that can go instead.
        private void EvictOldestSegment()
        {
            int victim = _oldestSegment;
            bool keepEvents = PendingTelemetryOutside(victim);
            byte[] saved = null;
            int savedLength = 0;
            while (_count > 0 && _segment[_first] == victim)
            {
                int i = _first;
                bool unacked = _state[i] != StateAcked;
                if (unacked && _kind[i] == MessageKind.Event && keepEvents && _state[i] == StatePending)
                {
                    // Keep the event: copy its bytes aside and re-append them after the eviction.
                    int n = _store.Read(victim, _position[i], _record, 0, _length[i]);
                    if (n == _length[i] && Valid(_record, n))
                    {
                        if (saved == null)
                        {
                            saved = new byte[_options.SegmentBytes];
                        }

                        if (savedLength + n + 16 <= saved.Length)
                        {
                            WriteInt64(saved, savedLength, _seq[i]);
                            WriteInt32(saved, savedLength + 8, _epoch[i]);
                            WriteInt32(saved, savedLength + 12, n);
                            System.Array.Copy(_record, 0, saved, savedLength + 16, n);
                            savedLength += 16 + n;
                        }
                    }
                }
                else if (unacked && _state[i] == StatePending)
                {
                    if (_kind[i] == MessageKind.Event)
                    {
                        DroppedEvents++;
                    }
                    else
                    {
                        DroppedTelemetry++;
                    }
                }

                RemoveFirst();
            }

            StoredBytes -= _store.SegmentLength(victim);
            _store.Delete(victim);
            _oldestSegment++;
            WriteMeta();

            for (int p = 0; p < savedLength;)
            {
                long seq = ReadInt64(saved, p);
                int epoch = ReadInt32(saved, p + 8);
                int n = ReadInt32(saved, p + 12);
                System.Array.Copy(saved, p + 16, _record, 0, n);
                WriteRecord(MessageKind.Event, seq, n, epoch);
                p += 16 + n;
            }
        }

        private bool PendingTelemetryOutside(int segment)
        {
            for (int k = 0; k < _count; k++)
            {
                int i = Slot(k);
                if (_segment[i] != segment && _kind[i] == MessageKind.Telemetry && _state[i] == StatePending)
                {
                    return true;
                }
            }

            return false;
        }

        // Deletes leading segments whose records are all acknowledged.
        private void Compact()
        {
            while (_count > 0 && _state[_first] == StateAcked)
            {
                int segment = _segment[_first];
                if (segment == _headSegment)
                {
                    break;
                }

                int k = 0;
                while (k < _count && _segment[Slot(k)] == segment && _state[Slot(k)] == StateAcked)
                {
                    k++;
                }

                if (k < _count && _segment[Slot(k)] == segment)
                {
                    break; // an unacknowledged record remains in it
                }

                for (int j = 0; j < k; j++)
                {
                    RemoveFirst();
                }

                StoredBytes -= _store.SegmentLength(segment);
                _oldestSegment = segment + 1;
                WriteMeta();
                _store.Delete(segment);
            }

            UpdateWatermark();
        }

        private void UpdateWatermark()
        {
            long lowest = _lastSeq + 1;
            for (int k = 0; k < _count; k++)
            {
                int i = Slot(k);
                if (_state[i] != StateAcked && _seq[i] < lowest)
                {
                    lowest = _seq[i];
                }
            }

            _ackedBelow = lowest;
            if (_ackedBelow - _ackedBelowPersisted >= WatermarkStep)
            {
                WriteMeta();
            }
        }

        private void Recover()
        {
            int metaLength = _store.ReadMeta(_meta);
            if (metaLength == MetaBytes && _meta[0] == (byte)'O' && _meta[1] == (byte)'M'
                && (uint)ReadInt32(_meta, MetaBytes - 4) == Crc32.Compute(_meta, 0, MetaBytes - 4))
            {
                _lastSeq = ReadInt64(_meta, 2);
                _ackedBelow = ReadInt64(_meta, 10);
                _oldestSegment = ReadInt32(_meta, 18);
            }

            _ackedBelowPersisted = _ackedBelow;
            int[] segments = _store.ListSegments();
            SortAscending(segments);
            int highest = segments.Length > 0 ? segments[segments.Length - 1] : _oldestSegment;
            if (segments.Length > 0 && segments[0] < _oldestSegment)
            {
                _oldestSegment = segments[0];
            }

            for (int s = 0; s < segments.Length; s++)
            {
                ScanSegment(segments[s]);
            }

            // Appends go to a fresh segment: nothing may follow a record a power cut left torn.
            _headSegment = highest + 1;
            if (segments.Length == 0)
            {
                _oldestSegment = _headSegment;
            }

            _ackedBelow = _ackedBelow > 0 ? _ackedBelow : 0;
        }

        private void ScanSegment(int segment)
        {
            int length = _store.SegmentLength(segment);
            int position = 0;
            StoredBytes += length;
            while (position + HeaderBytes + CrcBytes <= length)
            {
                int n = _store.Read(segment, position, _record, 0, HeaderBytes);
                if (n < HeaderBytes || _record[0] != (byte)'O' || _record[1] != (byte)'A')
                {
                    DamagedRecords++;
                    return;
                }

                int topicLength = _record[12] | (_record[13] << 8);
                int payloadLength = ReadInt32(_record, 14);
                int total = HeaderBytes + topicLength + payloadLength + CrcBytes;
                if (payloadLength < 0 || total > _record.Length || position + total > length)
                {
                    DamagedRecords++; // torn: the append was cut off
                    return;
                }

                _store.Read(segment, position, _record, 0, total);
                if (!Valid(_record, total))
                {
                    DamagedRecords++;
                    return;
                }

                long seq = ReadInt64(_record, 4);
                if (seq > _lastSeq)
                {
                    _lastSeq = seq;
                }

                if (_count < _options.MaxRecords)
                {
                    bool acked = seq < _ackedBelow;
                    AddEntry(seq, segment, position, total, _record[2], -1, acked ? StateAcked : StatePending);
                    if (!acked)
                    {
                        Unacknowledged++;
                        RecoveredRecords++;
                    }
                }

                position += total;
            }
        }

        private static bool Valid(byte[] record, int total)
        {
            return total >= HeaderBytes + CrcBytes
                && (uint)ReadInt32(record, total - CrcBytes) == Crc32.Compute(record, 0, total - CrcBytes);
        }

        private void WriteMeta()
        {
            byte[] m = _meta;
            m[0] = (byte)'O';
            m[1] = (byte)'M';
            WriteInt64(m, 2, _lastSeq);
            WriteInt64(m, 10, _ackedBelow);
            WriteInt32(m, 18, _oldestSegment);
            WriteInt32(m, MetaBytes - 4, (int)Crc32.Compute(m, 0, MetaBytes - 4));
            _store.WriteMeta(m, MetaBytes);
            _ackedBelowPersisted = _ackedBelow;
        }

        private void SetState(int i, int state)
        {
            int old = _state[i];
            if (old == state)
            {
                return;
            }

            if (old == StateInflight)
            {
                Inflight--;
            }

            if (state == StateInflight)
            {
                Inflight++;
            }

            if (state == StateAcked)
            {
                Unacknowledged--;
            }
            else if (old == StateAcked)
            {
                Unacknowledged++;
            }

            _state[i] = (byte)state;
        }

        private int FindInflight(int packetId)
        {
            for (int k = 0; k < _count; k++)
            {
                int i = Slot(k);
                if (_state[i] == StateInflight && _packetId[i] == packetId)
                {
                    return i;
                }
            }

            return -1;
        }

        private void RemoveFirst()
        {
            int i = _first;
            if (_state[i] == StateInflight)
            {
                Inflight--;
            }

            if (_state[i] != StateAcked)
            {
                Unacknowledged--;
            }

            _first = (_first + 1) % _seq.Length;
            _count--;
        }

        private int Slot(int k)
        {
            return (_first + k) % _seq.Length;
        }

        private static void SortAscending(int[] values)
        {
            for (int i = 1; i < values.Length; i++)
            {
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > v)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = v;
            }
        }

        private static void WriteInt32(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static int ReadInt32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static void WriteInt64(byte[] b, int at, long v)
        {
            WriteInt32(b, at, (int)v);
            WriteInt32(b, at + 4, (int)(v >> 32));
        }

        private static long ReadInt64(byte[] b, int at)
        {
            return (uint)ReadInt32(b, at) | ((long)ReadInt32(b, at + 4) << 32);
        }
    }
}

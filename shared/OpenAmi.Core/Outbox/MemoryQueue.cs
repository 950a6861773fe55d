namespace OpenAmi.Outbox
{
    /// <summary>
    /// Records the store could not take (disk or flash full, read-only, failing), held in memory in arrival order
    /// until the store takes them again or the broker acknowledges them. Bounded in bytes and in records: when
    /// full, the oldest waiting telemetry goes first and events are kept longest; every drop is counted.
    /// </summary>
    /// <remarks>
    /// Records are packed in one byte array in the same format as on the store. A record that leaves (acknowledged,
    /// stored or dropped) only leaves a hole; holes are squeezed out when room is needed, so the cost of moving bytes
    /// is paid once per buffer-full rather than once per acknowledgement. For the same reason a full queue drops
    /// enough of its oldest telemetry to free a sixteenth of itself at once, not one record per new one.
    /// </remarks>
    internal sealed class MemoryQueue
    {
        private const int StateMask = 0x03;
        private const int KindShift = 2;
        private const int KindMask = 0x0C;
        private const int LiveFlag = 0x10;
        private const int GoneFlag = 0x20;

        private readonly byte[] _bytes;
        private readonly int[] _start;
        private readonly ushort[] _length;
        private readonly long[] _seq;
        private readonly byte[] _flags;
        private readonly InflightTable _inflight;
        private readonly int _entryBase;
        private int _used;
        private int _slots;
        private int _heldBytes;

        public MemoryQueue(int bytes, int records, InflightTable inflight, int entryBase)
        {
            _bytes = new byte[bytes];
            _start = new int[records];
            _length = new ushort[records];
            _seq = new long[records];
            _flags = new byte[records];
            _inflight = inflight;
            _entryBase = entryBase;
        }

        /// <summary>Records held.</summary>
        public int Count { get; private set; }

        public long DroppedTelemetry { get; private set; }

        public long DroppedEvents { get; private set; }

        /// <summary>The buffer holding the records (read <see cref="StartOf"/>/<see cref="LengthOf"/> bytes).</summary>
        public byte[] Bytes
        {
            get { return _bytes; }
        }

        /// <summary>Slots to walk, holes included: [0, SlotCount).</summary>
        public int SlotCount
        {
            get { return _slots; }
        }

        public bool IsHeld(int slot)
        {
            return (_flags[slot] & GoneFlag) == 0;
        }

        public int StartOf(int slot)
        {
            return _start[slot];
        }

        public int LengthOf(int slot)
        {
            return _length[slot];
        }

        public long SeqOf(int slot)
        {
            return _seq[slot];
        }

        public MessageKind KindOf(int slot)
        {
            return (MessageKind)((_flags[slot] & KindMask) >> KindShift);
        }

        public int StateOf(int slot)
        {
            return _flags[slot] & StateMask;
        }

        public bool IsLive(int slot)
        {
            return (_flags[slot] & LiveFlag) != 0;
        }

        public void SetState(int slot, int state)
        {
            _flags[slot] = (byte)((_flags[slot] & ~StateMask) | state);
        }

        public void ClearLive()
        {
            for (int s = 0; s < _slots; s++)
            {
                _flags[s] = (byte)(_flags[s] & ~LiveFlag);
            }
        }

        /// <summary>
        /// Holds a record, making room by dropping the oldest waiting telemetry (then, for an event, the oldest
        /// waiting event). Returns the slot, or -1 when the record itself had to be dropped (counted).
        /// </summary>
        public int Add(MessageKind kind, long seq, byte[] topic, int topicLength, byte[] payload, int payloadOffset, int payloadLength, bool live)
        {
            int total = RecordFormat.Size(topicLength, payloadLength);
            while (_used + total > _bytes.Length || _slots == _flags.Length)
            {
                if (!MakeRoom(kind, total))
                {
                    CountDrop(kind);
                    return -1;
                }
            }

            int slot = _slots++;
            _start[slot] = _used;
            _length[slot] = (ushort)total;
            _seq[slot] = seq;
            _flags[slot] = (byte)(PersistentOutbox.StatePending | ((int)kind << KindShift) | (live ? LiveFlag : 0));
            RecordFormat.Write(_bytes, _used, kind, seq, topic, topicLength, payload, payloadOffset, payloadLength);
            _used += total;
            _heldBytes += total;
            Count++;
            return slot;
        }

        /// <summary>The record left (acknowledged, or now stored): its bytes are reclaimed lazily.</summary>
        public void Remove(int slot)
        {
            if (!IsHeld(slot))
            {
                return;
            }

            _flags[slot] = (byte)(_flags[slot] | GoneFlag);
            _heldBytes -= _length[slot];
            Count--;
            if (Count == 0)
            {
                _slots = 0;
                _used = 0;
            }
        }

        // Squeezes out holes; failing that, drops waiting records by the rule. False when nothing may go.
        private bool MakeRoom(MessageKind kind, int total)
        {
            if (total > _bytes.Length)
            {
                return false;
            }

            if (Count < _slots)
            {
                Squeeze();
                if (_used + total <= _bytes.Length && _slots < _flags.Length)
                {
                    return true;
                }
            }

            // Telemetry goes until there is room for this record and a sixteenth more, so the next ones do not each pay
            // a squeeze; events go only as far as this event needs.
            bool dropped = false;
            int from = 0;
            while (_bytes.Length - _heldBytes < total + (_bytes.Length / 16) || _flags.Length - Count < 1 + (_flags.Length / 16))
            {
                from = OldestWaiting(MessageKind.Telemetry, from);
                if (from < 0)
                {
                    break;
                }

                CountDrop(MessageKind.Telemetry);
                Remove(from);
                dropped = true;
            }

            from = 0;
            while (kind == MessageKind.Event && (_bytes.Length - _heldBytes < total || _flags.Length - Count < 1))
            {
                from = OldestWaiting(MessageKind.Event, from);
                if (from < 0)
                {
                    break;
                }

                CountDrop(MessageKind.Event);
                Remove(from);
                dropped = true;
            }

            if (!dropped)
            {
                return false;
            }

            Squeeze();
            return true;
        }

        // Only records still waiting may be dropped: one in flight may already be at the broker.
        private int OldestWaiting(MessageKind kind, int from)
        {
            for (int s = from; s < _slots; s++)
            {
                if (IsHeld(s) && KindOf(s) == kind && StateOf(s) == PersistentOutbox.StatePending)
                {
                    return s;
                }
            }

            return -1;
        }

        private void Squeeze()
        {
            int to = 0;
            int used = 0;
            for (int s = 0; s < _slots; s++)
            {
                if (!IsHeld(s))
                {
                    continue;
                }

                if (to != s)
                {
                    System.Array.Copy(_bytes, _start[s], _bytes, used, _length[s]);
                    _length[to] = _length[s];
                    _seq[to] = _seq[s];
                    _flags[to] = _flags[s];
                    if (StateOf(to) == PersistentOutbox.StateInflight)
                    {
                        _inflight.Move(_entryBase + s, _entryBase + to);
                    }
                }
                else if (_start[s] != used)
                {
                    System.Array.Copy(_bytes, _start[s], _bytes, used, _length[s]);
                }

                _start[to] = used;
                used += _length[to];
                to++;
            }

            _slots = to;
            _used = used;
        }

        private void CountDrop(MessageKind kind)
        {
            if (kind == MessageKind.Event)
            {
                DroppedEvents++;
            }
            else
            {
                DroppedTelemetry++;
            }
        }
    }
}

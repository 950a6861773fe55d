namespace OpenAmi.Outbox
{
    /// <summary>
    /// Where every stored record is, in append order: a ring of slots kept as parallel primitive arrays, 10 bytes a
    /// record, because on the device every object costs 12 bytes a field and an array of structs 48 bytes an element.
    /// </summary>
    /// <remarks>
    /// A slot holds the seq (as an offset from a base, the outbox never spans 2^31 numbers), the segment number modulo
    /// 256 (at most 250 segments are alive, see <see cref="OutboxOptions.MaxSegments"/>), the position and length in
    /// the segment (segments are at most 64 KiB), and one flag byte: state, kind, and whether the record was made in
    /// the current connection (live) or waits to be back-filled.
    /// </remarks>
    internal sealed class OutboxIndex
    {
        private const int StateMask = 0x03;
        private const int KindShift = 2;
        private const int KindMask = 0x0C;
        private const int LiveFlag = 0x10;

        private readonly int[] _seq;
        private readonly byte[] _segment;
        private readonly ushort[] _position;
        private readonly ushort[] _length;
        private readonly byte[] _flags;
        private long _seqBase;
        private int _first;
        private int _count;

        public OutboxIndex(int capacity, long seqBase)
        {
            _seq = new int[capacity];
            _segment = new byte[capacity];
            _position = new ushort[capacity];
            _length = new ushort[capacity];
            _flags = new byte[capacity];
            _seqBase = seqBase;
        }

        public int Capacity
        {
            get { return _flags.Length; }
        }

        /// <summary>Slots in use, acknowledged ones included (they leave with their segment).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Records not acknowledged yet (pending or in flight).</summary>
        public int Unacknowledged { get; private set; }

        /// <summary>The slot of the <paramref name="k"/>-th record in append order.</summary>
        public int Slot(int k)
        {
            int slot = _first + k;
            return slot >= _flags.Length ? slot - _flags.Length : slot;
        }

        /// <summary>The slot of the oldest record.</summary>
        public int First
        {
            get { return _first; }
        }

        /// <summary>Indexes a stored record after the newest; the caller checked <see cref="Count"/> &lt; <see cref="Capacity"/>.</summary>
        public int Add(long seq, int segment, int position, int length, MessageKind kind, int state, bool live)
        {
            int slot = Slot(_count);
            _count++;
            if (seq - _seqBase > int.MaxValue || seq - _seqBase < int.MinValue)
            {
                Rebase(seq);
            }

            _seq[slot] = (int)(seq - _seqBase);
            _segment[slot] = (byte)segment;
            _position[slot] = (ushort)position;
            _length[slot] = (ushort)length;
            _flags[slot] = (byte)(state | ((int)kind << KindShift) | (live ? LiveFlag : 0));
            if (state != PersistentOutbox.StateAcked)
            {
                Unacknowledged++;
            }

            return slot;
        }

        /// <summary>Forgets the oldest record (its segment is being deleted or evicted).</summary>
        public void RemoveFirst()
        {
            if (StateOf(_first) != PersistentOutbox.StateAcked)
            {
                Unacknowledged--;
            }

            _first = Slot(1);
            _count--;
        }

        public long SeqOf(int slot)
        {
            return _seqBase + _seq[slot];
        }

        /// <summary>The segment number, given the oldest segment still present (all are within 256 of it).</summary>
        public int SegmentOf(int slot, int oldestSegment)
        {
            return oldestSegment + ((_segment[slot] - oldestSegment) & 0xFF);
        }

        public int PositionOf(int slot)
        {
            return _position[slot];
        }

        public int LengthOf(int slot)
        {
            return _length[slot];
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
            int old = _flags[slot] & StateMask;
            if (old == state)
            {
                return;
            }

            if (state == PersistentOutbox.StateAcked)
            {
                Unacknowledged--;
            }
            else if (old == PersistentOutbox.StateAcked)
            {
                Unacknowledged++;
            }

            _flags[slot] = (byte)((_flags[slot] & ~StateMask) | state);
        }

        /// <summary>A new connection began: everything indexed so far is back-fill from now on.</summary>
        public void ClearLive()
        {
            for (int k = 0; k < _count; k++)
            {
                int slot = Slot(k);
                _flags[slot] = (byte)(_flags[slot] & ~LiveFlag);
            }
        }

        // Moves the base so that seq fits an int again: only after 2^31 numbers in one run.
        private void Rebase(long seq)
        {
            long newBase = seq;
            for (int k = 0; k < _count - 1; k++)
            {
                long s = SeqOf(Slot(k));
                if (s < newBase)
                {
                    newBase = s;
                }
            }

            for (int k = 0; k < _count - 1; k++)
            {
                int slot = Slot(k);
                _seq[slot] = (int)(_seqBase + _seq[slot] - newBase);
            }

            _seqBase = newBase;
        }
    }
}

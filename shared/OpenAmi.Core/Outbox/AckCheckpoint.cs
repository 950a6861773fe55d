namespace OpenAmi.Outbox
{
    /// <summary>
    /// The metadata blob: the last sequence number given out, the next segment number, and which stored records
    /// the broker has acknowledged, so that a restart re-sends only what was never acknowledged.
    /// </summary>
    /// <remarks>
    /// Layout (little endian): <c>'O' 'N' | last seq (8) | next segment (4) | ack base seq (8) | bitmap bytes (2) |
    /// bitmap | CRC-32 (4)</c>. Bit i of the bitmap says "seq ack base + i was acknowledged". A record is taken as
    /// acknowledged at recovery only when its bit says so; everything else is sent again, so a checkpoint that is
    /// stale, lost or damaged can only cause duplicates, never a loss. The bitmap holds 2 × MaxRecords bits, from
    /// the lowest acknowledged seq still stored; acknowledged records beyond it (only when that many were
    /// acknowledged ahead of an older unacknowledged one) go out again. The blob is written every
    /// <see cref="OutboxOptions.CheckpointEveryAcks"/> acknowledgements, before a segment is deleted, and at a clean
    /// stop, never once per acknowledgement: flash wears with every write.
    /// The first format ('O' 'M', 26 bytes: last seq, "everything below this seq is acknowledged", oldest segment) is
    /// still read, so an outbox written by an older version is taken over.
    /// </remarks>
    internal sealed class AckCheckpoint
    {
        private const int BaseOffset = 14;
        private const int BitmapLengthOffset = 22;
        private const int BitmapOffset = 24;
        private const int LegacyBytes = 26;

        private readonly byte[] _meta;
        private readonly int _bitmapCapacity;
        private long _ackBase;
        private int _ackBytes;
        private long _legacyAckedBelow;

        public AckCheckpoint(int maxRecords)
        {
            _bitmapCapacity = (2 * maxRecords + 7) / 8;
            _meta = new byte[BitmapOffset + _bitmapCapacity + RecordFormat.CrcBytes];
        }

        /// <summary>The last seq recorded (0 when there was no checkpoint).</summary>
        public long LastSeq { get; private set; }

        /// <summary>The segment number to continue from (0 when there was no checkpoint).</summary>
        public int NextSegment { get; private set; }

        /// <summary>Acknowledged records the last <see cref="Encode"/> could not cover: they would go out again.</summary>
        public int Uncovered { get; private set; }

        /// <summary>Reads the blob; a missing or damaged one counts as "nothing acknowledged". May throw the store's exception.</summary>
        public void Load(IRecordStore store)
        {
            int n = store.ReadMeta(_meta);
            byte[] m = _meta;
            if (n >= BitmapOffset + RecordFormat.CrcBytes && m[0] == (byte)'O' && m[1] == (byte)'N' && ChecksumHolds(n))
            {
                LastSeq = LittleEndian.ReadInt64(m, 2);
                NextSegment = LittleEndian.ReadInt32(m, 10);
                _ackBase = LittleEndian.ReadInt64(m, BaseOffset);
                _ackBytes = LittleEndian.ReadUInt16(m, BitmapLengthOffset);
                if (BitmapOffset + _ackBytes + RecordFormat.CrcBytes != n)
                {
                    _ackBytes = 0;
                }
            }
            else if (n == LegacyBytes && m[0] == (byte)'O' && m[1] == (byte)'M' && ChecksumHolds(n))
            {
                LastSeq = LittleEndian.ReadInt64(m, 2);
                _legacyAckedBelow = LittleEndian.ReadInt64(m, 10);
                NextSegment = LittleEndian.ReadInt32(m, 18);
            }
        }

        /// <summary>After <see cref="Load"/>: whether the record with this seq was acknowledged.</summary>
        public bool IsAcked(long seq)
        {
            if (seq < _legacyAckedBelow)
            {
                return true;
            }

            long bit = seq - _ackBase;
            return bit >= 0 && bit < _ackBytes * 8L && (_meta[BitmapOffset + (int)(bit >> 3)] & (1 << (int)(bit & 7))) != 0;
        }

        /// <summary>Builds the blob from the index; returns its length. <see cref="Buffer"/> holds it.</summary>
        public int Encode(long lastSeq, int nextSegment, OutboxIndex index)
        {
            byte[] m = _meta;
            long ackBase = long.MaxValue;
            for (int k = 0; k < index.Count; k++)
            {
                int slot = index.Slot(k);
                if (index.StateOf(slot) == PersistentOutbox.StateAcked && index.SeqOf(slot) < ackBase)
                {
                    ackBase = index.SeqOf(slot);
                }
            }

            if (ackBase == long.MaxValue)
            {
                ackBase = lastSeq + 1;
            }

            System.Array.Clear(m, BitmapOffset, _bitmapCapacity);
            int bytes = 0;
            int uncovered = 0;
            long bits = _bitmapCapacity * 8L;
            for (int k = 0; k < index.Count; k++)
            {
                int slot = index.Slot(k);
                if (index.StateOf(slot) != PersistentOutbox.StateAcked)
                {
                    continue;
                }

                long bit = index.SeqOf(slot) - ackBase;
                if (bit >= bits)
                {
                    uncovered++;
                    continue;
                }

                int at = (int)(bit >> 3);
                m[BitmapOffset + at] = (byte)(m[BitmapOffset + at] | (1 << (int)(bit & 7)));
                if (at + 1 > bytes)
                {
                    bytes = at + 1;
                }
            }

            m[0] = (byte)'O';
            m[1] = (byte)'N';
            LittleEndian.WriteInt64(m, 2, lastSeq);
            LittleEndian.WriteInt32(m, 10, nextSegment);
            LittleEndian.WriteInt64(m, BaseOffset, ackBase);
            LittleEndian.WriteUInt16(m, BitmapLengthOffset, bytes);
            int length = BitmapOffset + bytes;
            LittleEndian.WriteInt32(m, length, (int)Crc32.Compute(m, 0, length));
            Uncovered = uncovered;
            return length + RecordFormat.CrcBytes;
        }

        public byte[] Buffer
        {
            get { return _meta; }
        }

        private bool ChecksumHolds(int n)
        {
            return (uint)LittleEndian.ReadInt32(_meta, n - RecordFormat.CrcBytes) == Crc32.Compute(_meta, 0, n - RecordFormat.CrcBytes);
        }
    }
}

namespace OpenAmi.Outbox
{
    /// <summary>
    /// Walks the records of one segment when the outbox opens. A damaged stretch (a record torn by a power cut,
    /// or bytes changed by a flash fault) is skipped by looking for the next record whose header and checksum
    /// hold, so one damaged record costs that record and no more.
    /// </summary>
    /// <remarks>
    /// The segment is read in windows the size of the record buffer, not record by record: on the device every
    /// read opens a file. A false start inside a payload is impossible in practice: a record starts with 'O' 'A', a
    /// kind byte of 1 or 2 and a zero byte, and JSON text holds no control bytes; the checksum decides anyway.
    /// </remarks>
    internal sealed class SegmentScanner
    {
        private readonly IRecordStore _store;
        private readonly byte[] _buffer;
        private int _segment;
        private int _length;
        private int _position;
        private int _windowStart;
        private int _windowLength;
        private bool _inDamage;

        public SegmentScanner(IRecordStore store, byte[] buffer)
        {
            _store = store;
            _buffer = buffer;
        }

        /// <summary>Damaged stretches found so far (each one lost record, or a torn tail).</summary>
        public int Damaged { get; private set; }

        /// <summary>After <see cref="Next"/>: where the record starts in the segment, and its size.</summary>
        public int Position { get; private set; }

        public int Total { get; private set; }

        /// <summary>After <see cref="Next"/>: where the record starts in the buffer.</summary>
        public int Offset { get; private set; }

        /// <summary>The segment's length in bytes.</summary>
        public int Length
        {
            get { return _length; }
        }

        public void Begin(int segment)
        {
            _segment = segment;
            _length = _store.SegmentLength(segment);
            _position = 0;
            _windowStart = 0;
            _windowLength = 0;
            _inDamage = false;
        }

        /// <summary>Moves to the next good record; false at the end of the segment.</summary>
        public bool Next()
        {
            while (_position + RecordFormat.Overhead <= _length)
            {
                int total = RecordAt(_position);
                if (total > 0)
                {
                    Position = _position;
                    Total = total;
                    Offset = _position - _windowStart;
                    _position += total;
                    _inDamage = false;
                    return true;
                }

                if (!_inDamage)
                {
                    Damaged++;
                    _inDamage = true;
                }

                _position = NextCandidate(_position + 1);
            }

            if (_position < _length && !_inDamage)
            {
                Damaged++; // a tail too short to be a record: an append cut off early
            }

            _position = _length;
            return false;
        }

        // The size of a good record at p, or -1.
        private int RecordAt(int p)
        {
            if (!Window(p, RecordFormat.HeaderBytes))
            {
                return -1;
            }

            int total = RecordFormat.SizeFromHeader(_buffer, p - _windowStart, _buffer.Length);
            if (total < 0 || !Window(p, total))
            {
                return -1;
            }

            return RecordFormat.IsValid(_buffer, p - _windowStart, total) ? total : -1;
        }

        // The next position at or after 'from' that looks like a record start, or the segment's length.
        private int NextCandidate(int from)
        {
            int p = from;
            while (Window(p, 4))
            {
                int end = _windowStart + _windowLength - 3;
                for (; p < end; p++)
                {
                    int i = p - _windowStart;
                    if (_buffer[i] == (byte)'O' && _buffer[i + 1] == (byte)'A' && _buffer[i + 3] == 0
                        && (_buffer[i + 2] == (int)MessageKind.Telemetry || _buffer[i + 2] == (int)MessageKind.Event))
                    {
                        return p;
                    }
                }
            }

            return _length;
        }

        // Makes the segment's bytes [p, p + count) readable in the buffer; false when the segment ends before.
        private bool Window(int p, int count)
        {
            if (p + count > _length)
            {
                return false;
            }

            if (p >= _windowStart && p + count <= _windowStart + _windowLength)
            {
                return true;
            }

            int want = _length - p < _buffer.Length ? _length - p : _buffer.Length;
            _windowStart = p;
            _windowLength = _store.Read(_segment, p, _buffer, 0, want);
            return _windowLength >= count;
        }
    }
}

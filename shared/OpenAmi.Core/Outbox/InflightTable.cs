namespace OpenAmi.Outbox
{
    /// <summary>
    /// The messages handed to the link and not yet acknowledged: entry and MQTT packet id, a few dozen at most, so
    /// the index needs no packet id per record.
    /// </summary>
    internal sealed class InflightTable
    {
        private readonly int[] _entry;
        private readonly int[] _packetId;
        private int _count;

        public InflightTable(int capacity)
        {
            _entry = new int[capacity];
            _packetId = new int[capacity];
        }

        public int Count
        {
            get { return _count; }
        }

        public bool IsFull
        {
            get { return _count == _entry.Length; }
        }

        public bool Add(int entry, int packetId)
        {
            if (_count == _entry.Length)
            {
                return false;
            }

            _entry[_count] = entry;
            _packetId[_count] = packetId;
            _count++;
            return true;
        }

        /// <summary>The position of <paramref name="packetId"/> in the table, or -1.</summary>
        public int Find(int packetId)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_packetId[i] == packetId)
                {
                    return i;
                }
            }

            return -1;
        }

        public int EntryAt(int i)
        {
            return _entry[i];
        }

        public void RemoveAt(int i)
        {
            _count--;
            _entry[i] = _entry[_count];
            _packetId[i] = _packetId[_count];
        }

        /// <summary>The entry left the index or the memory queue without an acknowledgement (evicted or dropped).</summary>
        public void Forget(int entry)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_entry[i] == entry)
                {
                    RemoveAt(i);
                    return;
                }
            }
        }

        /// <summary>The record moved (memory queue compacted, or stored from memory): its entry number changes.</summary>
        public void Move(int from, int to)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_entry[i] == from)
                {
                    _entry[i] = to;
                    return;
                }
            }
        }

        public void Clear()
        {
            _count = 0;
        }
    }
}

namespace OpenAmi.Outbox
{
    /// <summary>
    /// An <see cref="IRecordStore"/> in memory, bounded by <see cref="MaxSegments"/>: for tests, for the simulator,
    /// and for gateways that choose not to persist. It can cut the last append short, as a power loss would. After
    /// warm-up it allocates nothing: deleted segments' buffers are reused.
    /// </summary>
    public sealed class MemoryRecordStore : IRecordStore
    {
        public const int MaxSegments = 256;

        private readonly int[] _numbers = new int[MaxSegments];
        private readonly byte[][] _data = new byte[MaxSegments][];
        private readonly int[] _lengths = new int[MaxSegments];
        private byte[] _meta = new byte[64];
        private int _metaLength;
        private int _count;

        /// <summary>Counts writes, to measure what a policy costs in flash writes.</summary>
        public int Writes { get; private set; }

        /// <summary>Counts metadata writes (checkpoints).</summary>
        public int MetaWrites { get; private set; }

        /// <summary>
        /// Bytes of segment buffers held: what a board keeps in flash, which the device bench sets apart from the heap
        /// the runtime holds.
        /// </summary>
        public int SegmentBufferBytes
        {
            get
            {
                int bytes = 0;
                for (int i = 0; i < _data.Length; i++)
                {
                    if (_data[i] != null)
                    {
                        bytes += _data[i].Length;
                    }
                }

                return bytes;
            }
        }

        public int[] ListSegments()
        {
            int[] list = new int[_count];
            System.Array.Copy(_numbers, list, _count);
            return list;
        }

        public int SegmentLength(int segment)
        {
            int i = IndexOf(segment);
            return i < 0 ? 0 : _lengths[i];
        }

        public int Read(int segment, int position, byte[] buffer, int offset, int count)
        {
            int i = IndexOf(segment);
            if (i < 0 || position >= _lengths[i])
            {
                return 0;
            }

            int n = _lengths[i] - position < count ? _lengths[i] - position : count;
            System.Array.Copy(_data[i], position, buffer, offset, n);
            return n;
        }

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            Writes++;
            int i = IndexOf(segment);
            if (i < 0)
            {
                if (_count == MaxSegments)
                {
                    throw new RecordStoreException(StorageFault.NoSpace, "memory record store is full");
                }

                i = _count++;
                _numbers[i] = segment;
                if (_data[i] == null)
                {
                    _data[i] = new byte[count > 4096 ? count : 4096];
                }

                _lengths[i] = 0;
            }

            if (_lengths[i] + count > _data[i].Length)
            {
                int size = _data[i].Length * 2;
                while (size < _lengths[i] + count)
                {
                    size *= 2;
                }

                byte[] grown = new byte[size];
                System.Array.Copy(_data[i], grown, _lengths[i]);
                _data[i] = grown;
            }

            System.Array.Copy(buffer, offset, _data[i], _lengths[i], count);
            _lengths[i] += count;
        }

        public void Flush(int segment)
        {
        }

        public void Delete(int segment)
        {
            int i = IndexOf(segment);
            if (i < 0)
            {
                return;
            }

            Writes++;
            _count--;
            byte[] freed = _data[i];
            _numbers[i] = _numbers[_count];
            _data[i] = _data[_count];
            _lengths[i] = _lengths[_count];
            _data[_count] = freed; // kept for the next segment
        }

        public int ReadMeta(byte[] buffer)
        {
            int n = _metaLength < buffer.Length ? _metaLength : buffer.Length;
            System.Array.Copy(_meta, buffer, n);
            return n;
        }

        public void WriteMeta(byte[] buffer, int count)
        {
            Writes++;
            MetaWrites++;
            if (count > _meta.Length)
            {
                _meta = new byte[count];
            }

            System.Array.Copy(buffer, _meta, count);
            _metaLength = count;
        }

        /// <summary>Cuts the last <paramref name="bytes"/> of a segment, as a power cut during an append would.</summary>
        public void TearTail(int segment, int bytes)
        {
            int i = IndexOf(segment);
            _lengths[i] = _lengths[i] > bytes ? _lengths[i] - bytes : 0;
        }

        /// <summary>Flips one bit, as flash corruption would.</summary>
        public void Corrupt(int segment, int position)
        {
            _data[IndexOf(segment)][position] ^= 0x10;
        }

        private int IndexOf(int segment)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_numbers[i] == segment)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

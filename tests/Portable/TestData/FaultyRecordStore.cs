using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// A record store that fails on purpose, over a <see cref="MemoryRecordStore"/>: a size limit (a full disk or
    /// flash, which may take part of an append before refusing the rest, as a real file system does), and chosen
    /// operations failing with a chosen fault after a chosen number of successful calls. The metadata blob is not
    /// counted against the size limit: a real store keeps room for it (FileRecordStore keeps a reserve file).
    /// </summary>
    public sealed class FaultyRecordStore : IRecordStore
    {
        public const int OpAppend = 1;
        public const int OpFlush = 2;
        public const int OpRead = 4;
        public const int OpDelete = 8;
        public const int OpWriteMeta = 16;
        public const int OpReadMeta = 32;
        public const int OpList = 64;
        public const int OpAllWrites = OpAppend | OpFlush | OpDelete | OpWriteMeta;

        private int _failingOps;
        private int _fault;
        private int _succeedFirst;

        public FaultyRecordStore()
        {
            Inner = new MemoryRecordStore();
            CapacityBytes = int.MaxValue;
        }

        /// <summary>The store underneath, for tearing and corrupting records.</summary>
        public MemoryRecordStore Inner { get; private set; }

        /// <summary>Bytes the segments may hold in all; an append beyond fails with NoSpace.</summary>
        public int CapacityBytes { get; set; }

        /// <summary>When an append does not fit: write the part that fits before failing (a real disk does).</summary>
        public bool PartialAppends { get; set; }

        /// <summary>Calls that failed on purpose.</summary>
        public int Failures { get; private set; }

        /// <summary>From now on, the operations in <paramref name="ops"/> fail with <paramref name="fault"/> after <paramref name="succeedFirst"/> more successful calls.</summary>
        public void Fail(int ops, int fault, int succeedFirst)
        {
            _failingOps = ops;
            _fault = fault;
            _succeedFirst = succeedFirst;
        }

        /// <summary>Everything works again (the disk was cleaned up, remounted read-write).</summary>
        public void Heal()
        {
            _failingOps = 0;
            CapacityBytes = int.MaxValue;
        }

        /// <summary>Bytes held in all segments.</summary>
        public int UsedBytes
        {
            get
            {
                int used = 0;
                int[] segments = Inner.ListSegments();
                for (int i = 0; i < segments.Length; i++)
                {
                    used += Inner.SegmentLength(segments[i]);
                }

                return used;
            }
        }

        public int[] ListSegments()
        {
            Check(OpList);
            return Inner.ListSegments();
        }

        public int SegmentLength(int segment)
        {
            return Inner.SegmentLength(segment);
        }

        public int Read(int segment, int position, byte[] buffer, int offset, int count)
        {
            Check(OpRead);
            return Inner.Read(segment, position, buffer, offset, count);
        }

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            Check(OpAppend);
            int room = CapacityBytes - UsedBytes;
            if (count > room)
            {
                if (PartialAppends && room > 0)
                {
                    Inner.Append(segment, buffer, offset, room);
                }

                Failures++;
                throw new RecordStoreException(StorageFault.NoSpace, "no space left (test store)");
            }

            Inner.Append(segment, buffer, offset, count);
        }

        public void Flush(int segment)
        {
            Check(OpFlush);
        }

        public void Delete(int segment)
        {
            Check(OpDelete);
            Inner.Delete(segment);
        }

        public int ReadMeta(byte[] buffer)
        {
            Check(OpReadMeta);
            return Inner.ReadMeta(buffer);
        }

        public void WriteMeta(byte[] buffer, int count)
        {
            Check(OpWriteMeta);
            Inner.WriteMeta(buffer, count);
        }

        private void Check(int op)
        {
            if ((_failingOps & op) == 0)
            {
                return;
            }

            if (_succeedFirst > 0)
            {
                _succeedFirst--;
                return;
            }

            Failures++;
            throw new RecordStoreException(_fault, "injected failure (test store)");
        }
    }
}

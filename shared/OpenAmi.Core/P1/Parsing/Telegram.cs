using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// One parsed telegram, stored as index tables over the frame buffer: no object or string per line.
    /// An instance is reused from telegram to telegram, and it reads the framer's buffer in place, so it is valid
    /// only until that buffer is refilled.
    /// </summary>
    /// <remarks>
    /// Objects (one per COSEM line) point into a flat list of value groups. A group is one "(...)" with its
    /// position in the frame, its <see cref="P1ValueKind"/> and, for numbers, the exact value and unit.
    /// This file holds the tables and what the parser fills in; Telegram.Values reads the groups as typed values.
    /// </remarks>
    public sealed partial class Telegram
    {
        /// <summary>Objects kept per telegram; the longest real telegrams have about 70 (more are counted as errors).</summary>
        public const int DefaultMaxObjects = 96;

        /// <summary>Value groups kept per telegram; the corpus needs at most 91 (a 13-month 98.1.0 alone has 42).</summary>
        public const int DefaultMaxGroups = 160;

        /// <summary>Value groups one object may have.</summary>
        public const int MaxGroupsPerObject = 255;

        /// <summary>Bad lines remembered per telegram (more are counted, not kept).</summary>
        public const int MaxErrorsKept = 8;

        /// <summary>Frames this long at most: group positions are kept in 16 bits.</summary>
        public const int MaxSourceLength = 65535;

        // Objects. Positions and counts are kept as narrow as they can be: every byte here is device heap.
        private readonly long[] _obisKey;
        private readonly short[] _firstGroup;
        private readonly byte[] _groupCount;

        // A group whose shape has not been worked out yet (see ValueShape).
        private const byte Unclassified = 0xFF;

        // Value groups: where the text inside "(...)" is and what it looks like. Values are read from the text
        // when asked for (P1NumberText), which costs a few bytes' scan and keeps the tables small.
        private readonly short[] _groupStart;
        private readonly short[] _groupLength;
        private readonly byte[] _groupKind;

        // Bad lines.
        private readonly byte[] _errorCode = new byte[MaxErrorsKept];
        private readonly int[] _errorLineStart = new int[MaxErrorsKept];
        private readonly short[] _errorLineLength = new short[MaxErrorsKept];

        private byte[] _source;

        // Plain fields behind the read-only properties: on the interpreter every property access is a call, and the
        // parser updates these per line.
        private int _sourceLength;
        private CrcStatus _crc;
        private bool _wasEncrypted;
        private int _headerLength;
        private int _objectCount;
        private int _errorCount;

        /// <summary>Creates a store with the default bounds.</summary>
        public Telegram() : this(DefaultMaxObjects, DefaultMaxGroups)
        {
        }

        /// <summary>Creates a store for at most <paramref name="maxObjects"/> lines and <paramref name="maxGroups"/> groups.</summary>
        public Telegram(int maxObjects, int maxGroups)
        {
            _obisKey = new long[maxObjects];
            _firstGroup = new short[maxObjects];
            _groupCount = new byte[maxObjects];
            _groupStart = new short[maxGroups];
            _groupLength = new short[maxGroups];
            _groupKind = new byte[maxGroups];
        }

        /// <summary>The frame bytes this telegram points into.</summary>
        public byte[] Source
        {
            get { return _source; }
        }

        /// <summary>Length of the frame in <see cref="Source"/>, from '/' through '!'.</summary>
        public int SourceLength
        {
            get { return _sourceLength; }
        }

        /// <summary>CRC verdict of the frame. Values of a <see cref="CrcStatus.Bad"/> frame are not data.</summary>
        public CrcStatus Crc
        {
            get { return _crc; }
        }

        /// <summary>True when the frame came out of a verified DLMS/GCM envelope.</summary>
        public bool WasEncrypted
        {
            get { return _wasEncrypted; }
        }

        /// <summary>Length of the identification line, starting with '/' at offset 0 of <see cref="Source"/>.</summary>
        public int HeaderLength
        {
            get { return _headerLength; }
        }

        /// <summary>Number of COSEM objects read.</summary>
        public int ObjectCount
        {
            get { return _objectCount; }
        }

        /// <summary>Number of value groups over all objects.</summary>
        public int GroupTotal
        {
            get { return GroupCountTotal; }
        }

        // A field, not a property, for the parser: on the interpreter a property read is a call.
        internal int GroupCountTotal;

        /// <summary>Number of bad lines, including those beyond <see cref="MaxErrorsKept"/>.</summary>
        public int ErrorCount
        {
            get { return _errorCount; }
        }

        /// <summary>The packed OBIS keys of objects [0, <see cref="ObjectCount"/>), for a reader that scans them all.</summary>
        internal long[] ObisKeys
        {
            get { return _obisKey; }
        }

        /// <summary>Capacity of the object table.</summary>
        public int MaxObjects
        {
            get { return _obisKey.Length; }
        }

        /// <summary>Capacity of the value-group table.</summary>
        public int MaxGroups
        {
            get { return _groupStart.Length; }
        }

        // ---- objects ----

        /// <summary>OBIS code of object <paramref name="index"/>.</summary>
        public ObisCode GetObis(int index)
        {
            return new ObisCode(_obisKey[index]);
        }

        /// <summary>Packed OBIS key of object <paramref name="index"/> (see <see cref="ObisCode.Key"/>).</summary>
        public long GetObisKey(int index)
        {
            return _obisKey[index];
        }

        /// <summary>Offset in <see cref="Source"/> of the line that holds object <paramref name="index"/>.</summary>
        /// <remarks>
        /// Found again from the first value group rather than kept (every object has one): only desktop tools ask,
        /// and the device saves an int per object.
        /// </remarks>
        public int GetLineStart(int index)
        {
            int at = (_groupStart[_firstGroup[index]] & 0xFFFF) - 1; // the '(' of the first group
            while (at > 0 && (_source[at - 1] == (byte)' ' || _source[at - 1] == (byte)'\t'))
            {
                at--;
            }

            while (at > 0 && _source[at - 1] != (byte)'\n' && _source[at - 1] != (byte)'\r' && _source[at - 1] != (byte)' ' && _source[at - 1] != (byte)'\t')
            {
                at--;
            }

            return at;
        }

        /// <summary>Index, in the flat group list, of the first value group of object <paramref name="index"/>.</summary>
        public int GetFirstGroup(int index)
        {
            return _firstGroup[index] & 0xFFFF;
        }

        /// <summary>How many value groups object <paramref name="index"/> has, continuation lines included.</summary>
        public int GetGroupCount(int index)
        {
            return _groupCount[index];
        }

        /// <summary>Index of the first object with this OBIS code, or -1.</summary>
        public int Find(ObisCode code)
        {
            return Find(code.Key);
        }

        /// <summary>Index of the first object with this packed OBIS key, or -1.</summary>
        public int Find(long key)
        {
            long[] keys = _obisKey;
            int count = _objectCount;
            for (int i = 0; i < count; i++)
            {
                if (keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        // ---- value groups ----

        /// <summary>Kind of value group <paramref name="group"/>.</summary>
        public P1ValueKind GetKind(int group)
        {
            return KindOf(group);
        }

        /// <summary>Offset in <see cref="Source"/> of the text inside the parentheses.</summary>
        public int GetGroupStart(int group)
        {
            return _groupStart[group] & 0xFFFF;
        }

        /// <summary>Length of the text inside the parentheses.</summary>
        public int GetGroupLength(int group)
        {
            return _groupLength[group] & 0xFFFF;
        }

        // The group's shape, worked out from its text on first use.
        private P1ValueKind KindOf(int group)
        {
            byte kind = _groupKind[group];
            if (kind == Unclassified)
            {
                kind = (byte)ValueShape.Of(_source, _groupStart[group] & 0xFFFF, _groupLength[group] & 0xFFFF);
                _groupKind[group] = kind;
            }

            return (P1ValueKind)kind;
        }

        // ---- bad lines ----

        /// <summary>Why kept error <paramref name="index"/> was a bad line.</summary>
        public ParseError GetErrorCode(int index)
        {
            return (ParseError)_errorCode[index];
        }

        /// <summary>Offset in <see cref="Source"/> of the bad line.</summary>
        public int GetErrorLineStart(int index)
        {
            return _errorLineStart[index];
        }

        /// <summary>Length of the bad line.</summary>
        public int GetErrorLineLength(int index)
        {
            return _errorLineLength[index] & 0xFFFF;
        }

        /// <summary>Number of errors kept (at most <see cref="MaxErrorsKept"/>).</summary>
        public int ErrorsKept
        {
            get { return ErrorCount < MaxErrorsKept ? ErrorCount : MaxErrorsKept; }
        }

        // ---- filled by the parser ----

        internal void Begin(byte[] source, int length, CrcStatus crc, bool wasEncrypted)
        {
            _source = source;
            _sourceLength = length;
            _crc = crc;
            _wasEncrypted = wasEncrypted;
            _headerLength = 0;
            _objectCount = 0;
            GroupCountTotal = 0;
            _errorCount = 0;
        }

        internal void SetHeaderLength(int length)
        {
            _headerLength = length;
        }

        internal bool AddObject(long key)
        {
            int n = _objectCount;
            if (n == _obisKey.Length)
            {
                return false;
            }

            _obisKey[n] = key;
            _firstGroup[n] = (short)GroupCountTotal;
            _groupCount[n] = 0;
            _objectCount = n + 1;
            return true;
        }

        internal void RemoveLastObject()
        {
            _objectCount--;
        }

        internal bool AddGroup(int start, int length)
        {
            int g = GroupCountTotal;
            int owner = _objectCount - 1;
            if (g == _groupStart.Length || _groupCount[owner] == MaxGroupsPerObject)
            {
                return false;
            }

            _groupStart[g] = (short)start;
            _groupLength[g] = (short)length;
            _groupKind[g] = length == 0 ? (byte)P1ValueKind.Empty : Unclassified;
            GroupCountTotal = g + 1;
            _groupCount[owner]++;
            return true;
        }

        /// <summary>Undoes the groups a failed line added, so one bad line leaves no trace but its error.</summary>
        internal void TruncateGroups(int groupTotal, int objectGroupCount)
        {
            GroupCountTotal = groupTotal;
            if (_objectCount > 0)
            {
                _groupCount[_objectCount - 1] = (byte)objectGroupCount;
            }
        }

        internal void AddError(ParseError code, int lineStart, int lineLength)
        {
            int n = _errorCount;
            if (n < MaxErrorsKept)
            {
                _errorCode[n] = (byte)code;
                _errorLineStart[n] = lineStart;
                _errorLineLength[n] = (short)lineLength;
            }

            _errorCount = n + 1;
        }
    }
}

namespace OpenAmi.Han.Axdr
{
    /// <summary>
    /// An A-XDR value tree read into parallel arrays, one entry a node in document order: its type, where its
    /// content starts, its length (bytes for strings and fixed values, elements for arrays and structures) and its
    /// parent. Bounded: a body with more nodes, deeper nesting or lengths past its end is refused, never half-read.
    /// </summary>
    public sealed class AxdrNodes
    {
        /// <summary>
        /// Nodes kept: an element of a self-describing list takes up to 6 (Aidon: structure, OBIS, value, structure,
        /// scaler, unit), a described one 6 (descriptor and value); Swedish Aidon lists of 27 objects take 160.
        /// </summary>
        public const int DefaultCapacity = 192;

        /// <summary>Containers inside containers; push lists nest two or three deep.</summary>
        public const int MaxDepth = 8;

        public const int Ok = 0;
        public const int ErrorPastEnd = 1;
        public const int ErrorTooDeep = 2;
        public const int ErrorTooManyNodes = 3;
        public const int ErrorUnknownType = 4;

        private readonly byte[] _type;
        private readonly byte[] _head;
        private readonly ushort[] _start;
        private readonly ushort[] _length;
        private readonly byte[] _parent;
        private readonly byte[] _depth;
        private readonly int[] _stackNode = new int[MaxDepth];
        private readonly int[] _stackLeft = new int[MaxDepth];
        private byte[] _source;

        public AxdrNodes() : this(DefaultCapacity)
        {
        }

        /// <summary>Creates a table for at most <paramref name="capacity"/> nodes (at most 255).</summary>
        public AxdrNodes(int capacity)
        {
            if (capacity > 255)
            {
                capacity = 255;
            }

            _type = new byte[capacity];
            _head = new byte[capacity];
            _start = new ushort[capacity];
            _length = new ushort[capacity];
            _parent = new byte[capacity];
            _depth = new byte[capacity];
        }

        /// <summary>Nodes read.</summary>
        public int Count { get; private set; }

        /// <summary>The bytes the nodes point into.</summary>
        public byte[] Source
        {
            get { return _source; }
        }

        /// <summary>Offset just after the value read.</summary>
        public int End { get; private set; }

        public int TypeOf(int node)
        {
            return _type[node];
        }

        /// <summary>Offset of the node's type tag: its encoding starts there.</summary>
        public int TagOf(int node)
        {
            return _start[node] - _head[node];
        }

        /// <summary>Offset just after the node's encoding, its descendants included.</summary>
        public int EndOf(int node)
        {
            int next = Skip(node);
            return next < Count ? TagOf(next) : End;
        }

        /// <summary>Offset of the content (after tag and length).</summary>
        public int StartOf(int node)
        {
            return _start[node];
        }

        /// <summary>Content bytes, or the element count of an array or structure.</summary>
        public int LengthOf(int node)
        {
            return _length[node];
        }

        /// <summary>Index of the enclosing array or structure; 255 for the root.</summary>
        public int ParentOf(int node)
        {
            return _parent[node];
        }

        public int DepthOf(int node)
        {
            return _depth[node];
        }

        /// <summary>The node after <paramref name="node"/> and all its descendants: its next sibling or later.</summary>
        public int Skip(int node)
        {
            int depth = _depth[node];
            int n = node + 1;
            while (n < Count && _depth[n] > depth)
            {
                n++;
            }

            return n;
        }

        /// <summary>The <paramref name="index"/>th child of a container, or -1.</summary>
        public int Child(int container, int index)
        {
            if (index >= _length[container] || (_type[container] != AxdrType.Array && _type[container] != AxdrType.Structure))
            {
                return -1;
            }

            int n = container + 1;
            for (int i = 0; i < index; i++)
            {
                n = Skip(n);
            }

            return n < Count ? n : -1;
        }

        /// <summary>
        /// Reads one value at [offset, end) into the table. Returns <see cref="Ok"/> or an error code; on error the
        /// table is empty.
        /// </summary>
        public int Read(byte[] data, int offset, int end)
        {
            _source = data;
            Count = 0;
            int pos = offset;
            int depth = 0;
            if (end > 0xFFFF)
            {
                return Fail(ErrorPastEnd);
            }

            while (true)
            {
                if (pos >= end)
                {
                    return Fail(ErrorPastEnd);
                }

                if (Count == _type.Length)
                {
                    return Fail(ErrorTooManyNodes);
                }

                int node = Count;
                int tag = pos;
                int type = data[pos++];
                _type[node] = (byte)type;
                _parent[node] = depth == 0 ? (byte)255 : (byte)_stackNode[depth - 1];
                _depth[node] = (byte)depth;
                Count = node + 1;

                int length;
                if (type == AxdrType.Array || type == AxdrType.Structure || AxdrType.IsString(type) || type == AxdrType.BitString)
                {
                    length = OpenAmi.Han.Apdu.Ber.ReadLength(data, ref pos, end);
                    if (length < 0 || length > 0xFFFF)
                    {
                        return Fail(ErrorPastEnd);
                    }
                }
                else
                {
                    length = AxdrType.FixedSize(type);
                    if (length < 0)
                    {
                        return Fail(ErrorUnknownType);
                    }
                }

                _start[node] = (ushort)pos;
                _head[node] = (byte)(pos - tag);
                _length[node] = (ushort)length;

                if (type == AxdrType.Array || type == AxdrType.Structure)
                {
                    if (length > 0)
                    {
                        if (depth == MaxDepth)
                        {
                            return Fail(ErrorTooDeep);
                        }

                        // Every element takes at least one byte: a count beyond the bytes left is a lie, caught here.
                        if (length > end - pos)
                        {
                            return Fail(ErrorPastEnd);
                        }

                        _stackNode[depth] = node;
                        _stackLeft[depth] = length;
                        depth++;
                        continue;
                    }
                }
                else
                {
                    int bytes = type == AxdrType.BitString ? (length + 7) / 8 : length;
                    if (bytes > end - pos)
                    {
                        return Fail(ErrorPastEnd);
                    }

                    pos += bytes;
                }

                // One element done: close every container it completes.
                while (depth > 0)
                {
                    if (--_stackLeft[depth - 1] > 0)
                    {
                        break;
                    }

                    depth--;
                }

                if (depth == 0)
                {
                    End = pos;
                    return Ok;
                }
            }
        }

        /// <summary>
        /// The value of an integer node (sign-extended for the signed types, BCD as its byte). False for other
        /// types and for a 64-bit unsigned value above <see cref="long.MaxValue"/>.
        /// </summary>
        public bool ReadInteger(int node, out long value)
        {
            value = 0;
            int type = _type[node];
            if (!AxdrType.IsInteger(type))
            {
                return false;
            }

            byte[] d = _source;
            int p = _start[node];
            int n = _length[node];
            long v = 0;
            for (int i = 0; i < n; i++)
            {
                v = (v << 8) | d[p + i];
            }

            if (type == AxdrType.Integer)
            {
                v = (sbyte)(byte)v;
            }
            else if (type == AxdrType.Long)
            {
                v = (short)(ushort)v;
            }
            else if (type == AxdrType.DoubleLong)
            {
                v = (int)(uint)v;
            }
            else if (type == AxdrType.Long64Unsigned && v < 0)
            {
                return false;
            }

            value = v;
            return true;
        }

        /// <summary>True when the node is a 6-byte octet string: how an OBIS code travels.</summary>
        public bool IsObis(int node)
        {
            return _type[node] == AxdrType.OctetString && _length[node] == 6;
        }

        /// <summary>The packed OBIS key of a 6-byte octet string (see <c>ObisCode.Key</c>).</summary>
        public long ObisKeyOf(int node)
        {
            byte[] d = _source;
            int p = _start[node];
            long key = 0;
            for (int i = 0; i < 6; i++)
            {
                key = (key << 8) | d[p + i];
            }

            return key;
        }

        private int Fail(int error)
        {
            Count = 0;
            return error;
        }
    }
}

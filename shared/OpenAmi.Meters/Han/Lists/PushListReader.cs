using OpenAmi.Han.Axdr;
using OpenAmi.P1.Obis;

namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// Turns the A-XDR body of a push into COSEM text lines. Three shapes of list are read:
    /// <list type="bullet">
    /// <item>self-describing: each value follows its OBIS code, with its scaler and unit (Aidon, Netz NÖ) or
    /// without (Kamstrup: the scalers then come from <see cref="ListScalerTable"/>);</item>
    /// <item>described: a capture-object list first, then the values in that order (the Swiss push lists);</item>
    /// <item>positional: bare values whose meaning <see cref="PositionalListTable"/> gives (Kaifa, Austrian grids).</item>
    /// </list>
    /// Nothing is guessed: a value whose scaler nobody published keeps the unit "?", and a value at a position no
    /// source describes is kept raw under a manufacturer-specific code, so neither is ever mapped as data.
    /// This file reads and writes the values; PushListReader.Shapes recognises which shape a list has.
    /// </summary>
    public sealed partial class PushListReader
    {
        public const int ShapeNone = 0;
        public const int ShapeSelfDescribing = 1;
        public const int ShapeDescribed = 2;
        public const int ShapePositional = 3;

        private const int MaxIdLength = 32;
        private const int ClassPushSetup = 40;

        private static readonly long ListVersion = ObisCode.Pack(1, 1, 0, 2, 129, 255);
        private static readonly long Clock = ObisCode.Pack(0, 0, 1, 0, 0, 255);
        private static readonly long MeterNumber = ObisCode.Pack(0, 0, 96, 1, 0, 255);
        private static readonly long DeviceName = ObisCode.Pack(0, 0, 42, 0, 0, 255);

        // Objects that identify the meter (those MeterIdentity reads, and Kamstrup's GS1 number).
        private static readonly long[] IdentityCodes =
        {
            ObisCode.Pack(0, 0, 96, 1, 1, 255), DeviceName, MeterNumber, ObisCode.Pack(1, 1, 0, 0, 5, 255),
        };

        private readonly byte[] _dateTime = new byte[DlmsDateTime.Length];
        private readonly byte[] _lastId = new byte[MaxIdLength];
        private int _lastIdLength;
        private long _lastIdCode;

        private AxdrNodes _nodes;
        private CosemTextWriter _writer;
        private byte[] _data;
        private bool _wroteClock;
        private bool _wroteId;
        private int _timeNode;

        /// <summary>The shape of the last list read.</summary>
        public int Shape { get; private set; }

        /// <summary>The <see cref="PositionalListTable"/> row of the last list, or -1.</summary>
        public int PositionalRow { get; private set; }

        /// <summary>The <see cref="ListScalerTable"/> row of the last list, or -1.</summary>
        public int ScalerRow { get; private set; }

        /// <summary>Forgets the meter id carried over between lists (another meter may be on the line now).</summary>
        public void Reset()
        {
            _lastIdLength = 0;
        }

        /// <summary>
        /// Writes the text of one push: the list in <paramref name="nodes"/>, and the notification's date-time at
        /// <paramref name="dateTimeOffset"/> of the same buffer (or -1). <paramref name="makerOffset"/> points at the
        /// system title when the push was encrypted (its first three letters name the maker), else -1.
        /// </summary>
        public void Render(AxdrNodes nodes, int dateTimeOffset, int makerOffset, CosemTextWriter writer)
        {
            _nodes = nodes;
            _writer = writer;
            _data = nodes.Source;
            _wroteClock = false;
            _wroteId = false;
            _timeNode = -1;
            PositionalRow = -1;
            ScalerRow = -1;

            int count = ItemCount();
            int first = count == 1 && !IsContainer(0) ? 0 : 1;

            writer.Begin();
            int described = DescribedCount(count);
            int row = described > 0 ? -1 : MatchPositional(first, count);
            int idNode = row >= 0 ? IdNodeOfRow(row, first) : (described > 0 ? -1 : ListIdNode(first, count));
            if (idNode >= 0)
            {
                writer.HeaderText(_data, nodes.StartOf(idNode), nodes.LengthOf(idNode));
            }

            writer.EndHeader();
            if (described > 0)
            {
                Shape = ShapeDescribed;
                RenderDescribed(count, makerOffset);
            }
            else if (row >= 0)
            {
                Shape = ShapePositional;
                PositionalRow = row;
                RenderPositional(row, first);
            }
            else
            {
                Shape = ShapeSelfDescribing;
                if (idNode >= 0)
                {
                    ScalerRow = ListScalerTable.Find(_data, nodes.StartOf(idNode), nodes.LengthOf(idNode), true, ListScalerTable.AnyPushSetup);
                }

                RenderSelfDescribing(first, count);
            }

            if (!_wroteClock && dateTimeOffset >= 0)
            {
                writer.BeginObject(Clock);
                writer.Hex(_data, dateTimeOffset, DlmsDateTime.Length);
                writer.EndObject();
            }

            if (!_wroteId && _lastIdLength > 0)
            {
                // Short lists (Kaifa and Aidon list 1) carry no id: they come from the meter the last long list named.
                writer.BeginObject(_lastIdCode);
                writer.StringValue(_lastId, 0, _lastIdLength);
                writer.EndObject();
            }

            writer.Finish();
        }

        // ---- shapes ----

        private void RenderSelfDescribing(int first, int count)
        {
            AxdrNodes nodes = _nodes;
            int n = first;
            for (int p = 0; p < count; p++)
            {
                int next = nodes.Skip(n);
                if (nodes.TypeOf(n) == AxdrType.Structure && nodes.LengthOf(n) >= 2 && nodes.LengthOf(n) <= 3 && nodes.IsObis(n + 1))
                {
                    // { OBIS, value [, { scaler, unit }] } (Aidon).
                    int value = nodes.Skip(n + 1);
                    int scalerUnit = nodes.LengthOf(n) == 3 ? nodes.Skip(value) : -1;
                    WriteTagged(nodes.ObisKeyOf(n + 1), value, scalerUnit);
                }
                else if (nodes.IsObis(n) && p + 1 < count && !nodes.IsObis(next))
                {
                    // OBIS, value [, { scaler, unit }] as consecutive elements (Kamstrup, Netz NÖ).
                    int value = next;
                    next = nodes.Skip(value);
                    p++;
                    int scalerUnit = -1;
                    if (p + 1 < count && IsScalerUnit(next))
                    {
                        scalerUnit = next;
                        next = nodes.Skip(next);
                        p++;
                    }

                    WriteTagged(nodes.ObisKeyOf(n), value, scalerUnit);
                }
                else
                {
                    WriteUntagged(n, p, count);
                }

                n = next;
            }
        }

        private void RenderPositional(int row, int first)
        {
            AxdrNodes nodes = _nodes;
            int n = first;
            int positions = PositionalListTable.PositionsOf(row);
            for (int p = 0; p < positions; p++)
            {
                int kind = PositionalListTable.KindAt(row, p);
                if (kind == PositionalListTable.KindTime)
                {
                    _timeNode = n;
                }
                else if (kind == PositionalListTable.KindDate)
                {
                    WriteMergedClock(n);
                }
                else if (kind == PositionalListTable.KindValue)
                {
                    int unit = PositionalListTable.UnitAt(row, p);
                    bool scaled = unit != DlmsUnit.Count && unit != DlmsUnit.Other;
                    WriteObject(PositionalListTable.ObisAt(row, p), n, scaled, PositionalListTable.ScalerAt(row, p), unit);
                }

                n = nodes.Skip(n);
            }
        }

        // Root structure: [ array of { class, OBIS, attribute, data index }, value 1, value 2, ... ].
        private void RenderDescribed(int count, int makerOffset)
        {
            AxdrNodes nodes = _nodes;
            int descriptor = 2;
            long pushSetup = nodes.ObisKeyOf(descriptor + 2);
            ScalerRow = FindDescribedScalerRow(count, makerOffset, pushSetup);
            int value = nodes.Skip(1);
            descriptor = nodes.Skip(descriptor);
            for (int p = 1; p < count; p++)
            {
                int classId = (_data[nodes.StartOf(descriptor + 1)] << 8) | _data[nodes.StartOf(descriptor + 1) + 1];
                long obis = nodes.ObisKeyOf(descriptor + 2);
                if (classId != ClassPushSetup)
                {
                    WriteTagged(obis, value, -1);
                }

                value = nodes.Skip(value);
                descriptor = nodes.Skip(descriptor);
            }
        }

        // ---- objects ----

        private void WriteTagged(long obis, int value, int scalerUnit)
        {
            AxdrNodes nodes = _nodes;
            if (scalerUnit >= 0 && IsScalerUnit(scalerUnit))
            {
                long scaler;
                long unit;
                nodes.ReadInteger(scalerUnit + 1, out scaler);
                nodes.ReadInteger(scalerUnit + 2, out unit);
                WriteObject(obis, value, true, (int)scaler, (int)unit);
                return;
            }

            int quantity = DlmsUnit.QuantityOf(obis);
            if (quantity == DlmsUnit.QuantityNone || !AxdrType.IsInteger(nodes.TypeOf(value)))
            {
                WriteObject(obis, value, false, 0, DlmsUnit.Count);
                return;
            }

            if (ScalerRow < 0)
            {
                long raw;
                _writer.BeginObject(obis);
                if (nodes.ReadInteger(value, out raw))
                {
                    _writer.Unscaled(raw);
                }

                _writer.EndObject();
                return;
            }

            WriteObject(obis, value, true, ListScalerTable.ScalerOf(ScalerRow, quantity), DlmsUnit.UnitOf(obis, quantity));
        }

        private void WriteUntagged(int node, int position, int count)
        {
            char kind = KindOf(node);
            if (position == 0 && IsPrintable(node))
            {
                WriteObject(ListVersion, node, false, 0, DlmsUnit.Count);
            }
            else if (kind == 'T' && !_wroteClock)
            {
                WriteObject(Clock, node, false, 0, DlmsUnit.Count);
            }
            else if (position == count - 1 && IsPrintable(node) && !_wroteId)
            {
                WriteObject(MeterNumber, node, false, 0, DlmsUnit.Count);
            }
            else
            {
                WriteObject(PositionalListTable.UnknownPositionObis(position), node, false, 0, DlmsUnit.Other);
            }
        }

        private void WriteObject(long obis, int node, bool scaled, int scaler, int unit)
        {
            AxdrNodes nodes = _nodes;
            CosemTextWriter w = _writer;
            int type = nodes.TypeOf(node);
            w.BeginObject(obis);
            long value;
            if (type == AxdrType.Enum || type == AxdrType.Boolean || type == AxdrType.Bcd)
            {
                nodes.ReadInteger(node, out value);
                w.Plain(value);
            }
            else if (nodes.ReadInteger(node, out value))
            {
                if (scaled && unit != DlmsUnit.Count && unit != DlmsUnit.Other)
                {
                    w.Number(value, scaler, DlmsUnit.TextOf(unit));
                }
                else if (scaled && scaler != 0)
                {
                    w.Number(value, scaler, null);
                }
                else
                {
                    w.Plain(value);
                }
            }
            else if (AxdrType.IsString(type) && KindOf(node) != 'T')
            {
                w.StringValue(_data, nodes.StartOf(node), nodes.LengthOf(node));
                RememberId(obis, node);
            }
            else if (AxdrType.IsString(type) || type == AxdrType.DateTime || type == AxdrType.Date || type == AxdrType.Time)
            {
                // A date-time (any clock object, 0-0:1.0.0 or Kamstrup's 0-1:1.0.0): 24 hex digits P1Timestamp reads.
                w.Hex(_data, nodes.StartOf(node), nodes.LengthOf(node));
                if (obis == Clock)
                {
                    _wroteClock = true;
                }
            }
            else if (type != AxdrType.Null)
            {
                // Kept raw: the value's own A-XDR encoding.
                w.Hex(_data, nodes.TagOf(node), nodes.EndOf(node) - nodes.TagOf(node));
            }

            w.EndObject();
        }

        private void WriteMergedClock(int dateNode)
        {
            AxdrNodes nodes = _nodes;
            int timeNode = _timeNode;
            if (timeNode < 0 || KindOf(dateNode) != 'S' || nodes.LengthOf(dateNode) != 5 || nodes.LengthOf(timeNode) != 4)
            {
                return;
            }

            DlmsDateTime.FromDateAndTime(_data, nodes.StartOf(dateNode), _data, nodes.StartOf(timeNode), _dateTime, 0);
            _writer.BeginObject(Clock);
            _writer.Hex(_dateTime, 0, DlmsDateTime.Length);
            _writer.EndObject();
            _wroteClock = true;
        }

        private void RememberId(long obis, int node)
        {
            for (int i = 0; i < IdentityCodes.Length; i++)
            {
                if (IdentityCodes[i] == obis)
                {
                    int length = _nodes.LengthOf(node);
                    if (length == 0 || length > MaxIdLength)
                    {
                        return;
                    }

                    System.Array.Copy(_data, _nodes.StartOf(node), _lastId, 0, length);
                    _lastIdLength = length;
                    _lastIdCode = obis;
                    _wroteId = true;
                    return;
                }
            }
        }

        // ---- recognising lists ----

        private int ItemCount()
        {
            return IsContainer(0) ? _nodes.LengthOf(0) : 1;
        }

        private bool IsContainer(int node)
        {
            int type = _nodes.TypeOf(node);
            return type == AxdrType.Array || type == AxdrType.Structure;
        }
    }
}

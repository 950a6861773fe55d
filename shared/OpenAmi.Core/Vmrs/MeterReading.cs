using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// One meter's mapped registers from one telegram: identity, measurement time and register entries, in
    /// fixed tables that are reused from telegram to telegram, so mapping allocates nothing.
    /// </summary>
    /// <remarks>
    /// Every entry is a row of parallel primitive arrays (about 24 bytes a register on the device) and carries codes,
    /// not strings: the register's name (a VMRS register, a sub-meter key or an OBIS code), its unit
    /// (<see cref="NorthboundUnits"/>), its quality and, for fixed words, a <see cref="RegisterWords"/> code.
    /// This file adds and reads entries; MeterReading.Tables lends the tables to the envelope writer, and
    /// MeterReading.Copying copies one reading into another.
    /// </remarks>
    public sealed partial class MeterReading
    {
        /// <summary>Registers one reading holds by default; a full-mode 3-phase telegram of the corpus has 42.</summary>
        public const int DefaultCapacity = 64;

        /// <summary>Longest meterSerial kept, in bytes; longer ids are cut.</summary>
        public const int MaxSerialLength = 64;

        /// <summary>Bytes of text (ids, raw units) one reading holds.</summary>
        public const int TextPoolSize = 192;

        // An entry's name: a VMRS register (NameVmrsBase - register), a sub-meter key (NameSubMeterBase - key) or,
        // when not negative, a packed OBIS code. Internal for the envelope writer, which reads the tables directly.
        internal const long NameVmrsBase = -1;
        internal const long NameSubMeterBase = -1000;

        internal const byte FlagDerived = 1;

        private readonly byte[] _serial = new byte[MaxSerialLength];
        private readonly byte[] _textPool = new byte[TextPoolSize];
        private int _textUsed;

        private readonly long[] _name;
        private readonly long[] _mantissa;
        private readonly byte[] _scale;
        private readonly byte[] _kind;
        private readonly byte[] _unit;
        private readonly byte[] _quality;
        private readonly byte[] _flags;
        private readonly short[] _textStart;
        private readonly byte[] _textLength;

        /// <summary>Creates a reading of <see cref="DefaultCapacity"/> registers.</summary>
        public MeterReading() : this(DefaultCapacity)
        {
        }

        /// <summary>Creates a reading of at most <paramref name="capacity"/> registers.</summary>
        public MeterReading(int capacity)
        {
            _name = new long[capacity];
            _mantissa = new long[capacity];
            _scale = new byte[capacity];
            _kind = new byte[capacity];
            _unit = new byte[capacity];
            _quality = new byte[capacity];
            _flags = new byte[capacity];
            _textStart = new short[capacity];
            _textLength = new byte[capacity];
        }

        /// <summary>The topic-safe meter serial, bytes [0, <see cref="SerialLength"/>).</summary>
        public byte[] Serial
        {
            get { return _serial; }
        }

        public int SerialLength { get; private set; }

        /// <summary>Measurement time, seconds since 1970 UTC.</summary>
        public long TimestampUnix { get; set; }

        /// <summary>True when <see cref="TimestampUnix"/> is the meter's own clock, false when it is the gateway's.</summary>
        public bool TimestampFromMeter { get; set; }

        /// <summary>Number of register entries.</summary>
        public int Count
        {
            get { return _count; }
        }

        // A field, not an auto-property: on the interpreter a property access is a call, and entries are added per telegram.
        private int _count;

        /// <summary>Entries that did not fit (counted, never written half).</summary>
        public int Overflowed { get; private set; }

        /// <summary>Most entries this reading holds.</summary>
        public int Capacity
        {
            get { return _name.Length; }
        }

        /// <summary>Text pool bytes (ids, raw units), addressed by <see cref="GetTextStart"/>.</summary>
        public byte[] TextPool
        {
            get { return _textPool; }
        }

        /// <summary>Clears the reading for a new telegram.</summary>
        public void Clear()
        {
            _count = 0;
            Overflowed = 0;
            SerialLength = 0;
            _textUsed = 0;
            TimestampUnix = 0;
            TimestampFromMeter = false;
        }

        /// <summary>Sets the meter serial from bytes that are already topic-safe.</summary>
        public void SetSerial(byte[] source, int start, int length)
        {
            int n = length < MaxSerialLength ? length : MaxSerialLength;
            System.Array.Copy(source, start, _serial, 0, n);
            SerialLength = n;
        }

        /// <summary>True when the serial equals bytes [0, <paramref name="length"/>) of <paramref name="other"/>.</summary>
        public bool SerialEquals(byte[] other, int length)
        {
            return OpenAmi.Text.Ascii.SameBytes(other, 0, length, _serial, 0, SerialLength);
        }

        /// <summary>Copies text into the pool; returns its offset, or -1 when the pool is full.</summary>
        public int AddText(byte[] source, int start, int length)
        {
            if (_textUsed + length > TextPoolSize || length > 255)
            {
                return -1;
            }

            System.Array.Copy(source, start, _textPool, _textUsed, length);
            int at = _textUsed;
            _textUsed += length;
            return at;
        }

        // ---- adding entries (each returns the entry index, or -1 when the table is full) ----

        /// <summary>A VMRS register with a number.</summary>
        public int AddNumber(int vmrsRegister, P1Decimal value, int unit, Quality quality, bool derived)
        {
            // Written out rather than through Add: the mapper adds numbers per telegram, and a call costs on the device.
            int i = _count;
            if (i == _name.Length)
            {
                Overflowed++;
                return -1;
            }

            _name[i] = NameVmrsBase - vmrsRegister;
            _kind[i] = (byte)RegisterValueKind.Number;
            _mantissa[i] = value.Mantissa;
            _scale[i] = (byte)value.Scale;
            _unit[i] = (byte)unit;
            _quality[i] = (byte)quality;
            _flags[i] = derived ? FlagDerived : (byte)0;
            _count = i + 1;
            return i;
        }

        /// <summary>A register named by its OBIS code (full mode).</summary>
        public int AddObisNumber(long obisKey, P1Decimal value, int unit, Quality quality)
        {
            return AddObisNumber(obisKey, value.Mantissa, value.Scale, unit, quality);
        }

        /// <summary>A register named by its OBIS code, its value <paramref name="mantissa"/> × 10^-<paramref name="scale"/>.</summary>
        public int AddObisNumber(long obisKey, long mantissa, int scale, int unit, Quality quality)
        {
            // Written out rather than through Add: full mode adds a score of these per telegram.
            int i = _count;
            if (i == _name.Length)
            {
                Overflowed++;
                return -1;
            }

            _name[i] = obisKey;
            _kind[i] = (byte)RegisterValueKind.Number;
            _mantissa[i] = mantissa;
            _scale[i] = (byte)scale;
            _unit[i] = (byte)unit;
            _quality[i] = (byte)quality;
            _flags[i] = 0;
            _count = i + 1;
            return i;
        }

        /// <summary>
        /// The time that goes with a register named by its OBIS code (full mode): the Belgian month peak 1.6.0 is sent
        /// with the moment it happened, published as a second entry under the same code with the unit datetime.
        /// </summary>
        public int AddObisDateTime(long obisKey, long unixSeconds, Quality quality)
        {
            return Add(obisKey, RegisterValueKind.DateTime, unixSeconds, 0, NorthboundUnits.DateTime, quality, false);
        }

        /// <summary>A sub-meter register named by a <see cref="SubMeterKeys"/> code.</summary>
        public int AddSubMeterNumber(int subMeterKey, P1Decimal value, int unit, Quality quality)
        {
            return Add(NameSubMeterBase - subMeterKey, RegisterValueKind.Number, value.Mantissa, value.Scale, unit, quality, false);
        }

        /// <summary>A sub-meter register, its value <paramref name="mantissa"/> × 10^-<paramref name="scale"/> (no struct to copy).</summary>
        public int AddSubMeterNumber(int subMeterKey, long mantissa, int scale, int unit, Quality quality)
        {
            return Add(NameSubMeterBase - subMeterKey, RegisterValueKind.Number, mantissa, scale, unit, quality, false);
        }

        /// <summary>A VMRS register whose value is text already in the pool.</summary>
        public int AddText(int vmrsRegister, int textStart, int textLength, int unit, Quality quality)
        {
            int i = Add(NameVmrsBase - vmrsRegister, RegisterValueKind.Text, 0, 0, unit, quality, false);
            if (i >= 0)
            {
                _textStart[i] = (short)textStart;
                _textLength[i] = (byte)textLength;
            }

            return i;
        }

        /// <summary>A VMRS register whose value is a fixed word (a <see cref="RegisterWords"/> code).</summary>
        public int AddWord(int vmrsRegister, int word, int unit, Quality quality)
        {
            return Add(NameVmrsBase - vmrsRegister, RegisterValueKind.Enum, word, 0, unit, quality, false);
        }

        /// <summary>A VMRS register whose value is an instant.</summary>
        public int AddDateTime(int vmrsRegister, long unixSeconds, int unit, Quality quality)
        {
            return Add(NameVmrsBase - vmrsRegister, RegisterValueKind.DateTime, unixSeconds, 0, unit, quality, false);
        }

        /// <summary>Changes the quality of entry <paramref name="index"/>.</summary>
        public void SetQuality(int index, Quality quality)
        {
            _quality[index] = (byte)quality;
        }

        /// <summary>Sets the unit of an entry to raw text from the pool (a unit the tables do not know).</summary>
        public void SetRawUnit(int index, int textStart, int textLength)
        {
            _unit[index] = NorthboundUnits.Raw;
            _textStart[index] = (short)textStart;
            _textLength[index] = (byte)textLength;
        }

        // ---- reading entries ----

        /// <summary>VMRS register index of entry <paramref name="index"/>, or -1 for another register.</summary>
        public int GetVmrsRegister(int index)
        {
            long name = _name[index];
            return name < 0 && name > NameSubMeterBase ? (int)(NameVmrsBase - name) : -1;
        }

        /// <summary>The <see cref="SubMeterKeys"/> code of a sub-meter entry, or -1.</summary>
        public int GetSubMeterKey(int index)
        {
            long name = _name[index];
            return name <= NameSubMeterBase ? (int)(NameSubMeterBase - name) : -1;
        }

        /// <summary>
        /// The packed OBIS key (<see cref="ObisCode.Key"/>) of an entry named by one (full mode); 0 for VMRS and
        /// sub-meter entries.
        /// </summary>
        public long GetObisKey(int index)
        {
            return _name[index] >= 0 ? _name[index] : 0;
        }

        /// <summary>True when the entry is named by an OBIS code.</summary>
        public bool IsNamedByObis(int index)
        {
            return _name[index] >= 0;
        }

        public RegisterValueKind GetKind(int index)
        {
            return (RegisterValueKind)_kind[index];
        }

        public P1Decimal GetNumber(int index)
        {
            return new P1Decimal(_mantissa[index], _scale[index]);
        }

        public long GetDateTime(int index)
        {
            return _mantissa[index];
        }

        /// <summary>The <see cref="RegisterWords"/> code of an enum entry.</summary>
        public int GetWord(int index)
        {
            return (int)_mantissa[index];
        }

        /// <summary>The <see cref="NorthboundUnits"/> code; <see cref="NorthboundUnits.Raw"/> when the unit is text in the pool.</summary>
        public int GetUnit(int index)
        {
            return _unit[index];
        }

        /// <summary>The unit as text, raw units included. Allocates; for tools and tests.</summary>
        public string GetUnitText(int index)
        {
            return _unit[index] == NorthboundUnits.Raw
                ? OpenAmi.Text.Ascii.GetString(_textPool, GetTextStart(index), GetTextLength(index))
                : NorthboundUnits.NameOf(_unit[index]);
        }

        public int GetTextStart(int index)
        {
            return _textStart[index];
        }

        public int GetTextLength(int index)
        {
            return _textLength[index];
        }

        public Quality GetQuality(int index)
        {
            return (Quality)_quality[index];
        }

        public bool IsDerived(int index)
        {
            return (_flags[index] & FlagDerived) != 0;
        }

        /// <summary>Index of the entry for VMRS register <paramref name="vmrsRegister"/>, or -1.</summary>
        public int FindVmrs(int vmrsRegister)
        {
            long name = NameVmrsBase - vmrsRegister;
            int count = _count;
            for (int i = 0; i < count; i++)
            {
                if (_name[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// A hash of which registers the reading holds (their names and units, in order), not of their values: it
        /// changes when a meter starts or stops sending a register (Home Assistant discovery follows it per telegram).
        /// </summary>
        public long RegisterSetHash()
        {
            long hash = 17;
            int count = _count;
            for (int i = 0; i < count; i++)
            {
                hash = (hash * 31) + _name[i];
                hash = (hash * 31) + _unit[i];
            }

            int serialLength = SerialLength;
            for (int i = 0; i < serialLength; i++)
            {
                hash = (hash * 31) + _serial[i];
            }

            return hash;
        }

        private int Add(long name, RegisterValueKind kind, long mantissa, int scale, int unit, Quality quality, bool derived)
        {
            int i = _count;
            if (i == _name.Length)
            {
                Overflowed++;
                return -1;
            }

            _name[i] = name;
            _kind[i] = (byte)kind;
            _mantissa[i] = mantissa;
            _scale[i] = (byte)scale;
            _unit[i] = (byte)unit;
            _quality[i] = (byte)quality;
            _flags[i] = derived ? FlagDerived : (byte)0;
            _count = i + 1;
            return i;
        }
    }
}

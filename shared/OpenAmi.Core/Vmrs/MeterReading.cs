using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// One meter's mapped registers from one telegram: identity, measurement time and register entries, in
    /// fixed tables that are reused from telegram to telegram, so mapping allocates nothing.
    /// </summary>
    public sealed class MeterReading
    {
        /// <summary>Registers one reading can hold; a full-mode 3-phase telegram has about 40.</summary>
        public const int MaxRegisters = 96;

        /// <summary>Longest meterSerial kept, in bytes; longer ids are cut.</summary>
        public const int MaxSerialLength = 64;

        private const int TextPoolSize = 512;

        private readonly byte[] _serial = new byte[MaxSerialLength];
        private readonly byte[] _textPool = new byte[TextPoolSize];
        private int _textUsed;

        private readonly int[] _vmrs = new int[MaxRegisters];
        private readonly long[] _obis = new long[MaxRegisters];
        private readonly string[] _fixedKey = new string[MaxRegisters];
        private readonly byte[] _kind = new byte[MaxRegisters];
        private readonly long[] _mantissa = new long[MaxRegisters];
        private readonly byte[] _scale = new byte[MaxRegisters];
        private readonly string[] _unit = new string[MaxRegisters];
        private readonly string[] _enum = new string[MaxRegisters];
        private readonly int[] _textStart = new int[MaxRegisters];
        private readonly int[] _textLength = new int[MaxRegisters];
        private readonly byte[] _quality = new byte[MaxRegisters];
        private readonly bool[] _derived = new bool[MaxRegisters];

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
        public int Count { get; private set; }

        /// <summary>Text pool bytes (ids, raw units), addressed by <see cref="GetTextStart"/>.</summary>
        public byte[] TextPool
        {
            get { return _textPool; }
        }

        /// <summary>Clears the reading for a new telegram.</summary>
        public void Clear()
        {
            Count = 0;
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

        /// <summary>True when the serial equals the bytes given.</summary>
        public bool SerialEquals(byte[] other, int length)
        {
            if (length != SerialLength)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (_serial[i] != other[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Copies text into the pool; returns its offset, or -1 when the pool is full.</summary>
        public int AddText(byte[] source, int start, int length)
        {
            if (_textUsed + length > TextPoolSize)
            {
                return -1;
            }

            System.Array.Copy(source, start, _textPool, _textUsed, length);
            int at = _textUsed;
            _textUsed += length;
            return at;
        }

        // ---- adding entries (returns the entry index, or -1 when the table is full) ----

        public int AddNumber(int vmrsRegister, long obisKey, P1Decimal value, string unit, int quality, bool derived)
        {
            int i = Add(vmrsRegister, obisKey, null, RegisterValueKind.Number, unit, quality, derived);
            if (i >= 0)
            {
                _mantissa[i] = value.Mantissa;
                _scale[i] = (byte)value.Scale;
            }

            return i;
        }

        public int AddNumber(string fixedKey, P1Decimal value, string unit, int quality)
        {
            int i = Add(-1, 0, fixedKey, RegisterValueKind.Number, unit, quality, false);
            if (i >= 0)
            {
                _mantissa[i] = value.Mantissa;
                _scale[i] = (byte)value.Scale;
            }

            return i;
        }

        public int AddText(int vmrsRegister, int textStart, int textLength, string unit, int quality)
        {
            int i = Add(vmrsRegister, 0, null, RegisterValueKind.Text, unit, quality, false);
            if (i >= 0)
            {
                _textStart[i] = textStart;
                _textLength[i] = textLength;
            }

            return i;
        }

        public int AddEnum(int vmrsRegister, string word, string unit, int quality)
        {
            int i = Add(vmrsRegister, 0, null, RegisterValueKind.Enum, unit, quality, false);
            if (i >= 0)
            {
                _enum[i] = word;
            }

            return i;
        }

        public int AddDateTime(int vmrsRegister, long unixSeconds, string unit, int quality)
        {
            int i = Add(vmrsRegister, 0, null, RegisterValueKind.DateTime, unit, quality, false);
            if (i >= 0)
            {
                _mantissa[i] = unixSeconds;
            }

            return i;
        }

        /// <summary>Changes the quality of entry <paramref name="index"/>, e.g. to comms_lost.</summary>
        public void SetQuality(int index, int quality)
        {
            _quality[index] = (byte)quality;
        }

        /// <summary>Sets the unit of an entry to raw text from the pool (a unit the table does not know).</summary>
        public void SetRawUnit(int index, int textStart, int textLength)
        {
            _unit[index] = null;
            _textStart[index] = textStart;
            _textLength[index] = textLength;
        }

        // ---- reading entries ----

        /// <summary>VMRS register index of entry <paramref name="index"/>, or -1 for a non-VMRS register.</summary>
        public int GetVmrsRegister(int index)
        {
            return _vmrs[index];
        }

        /// <summary>The OBIS code of a non-VMRS entry (full mode).</summary>
        public ObisCode GetObis(int index)
        {
            return new ObisCode(_obis[index]);
        }

        /// <summary>A fixed key for entries named by a documented code (sub-meter readings), else null.</summary>
        public string GetFixedKey(int index)
        {
            return _fixedKey[index];
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

        public string GetEnum(int index)
        {
            return _enum[index];
        }

        /// <summary>Unit string, or null when the unit is raw text in the pool.</summary>
        public string GetUnit(int index)
        {
            return _unit[index];
        }

        public int GetTextStart(int index)
        {
            return _textStart[index];
        }

        public int GetTextLength(int index)
        {
            return _textLength[index];
        }

        public int GetQuality(int index)
        {
            return _quality[index];
        }

        public bool IsDerived(int index)
        {
            return _derived[index];
        }

        /// <summary>Index of the entry for VMRS register <paramref name="vmrsRegister"/>, or -1.</summary>
        public int FindVmrs(int vmrsRegister)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_vmrs[i] == vmrsRegister)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Copies everything from <paramref name="other"/>, e.g. to keep a meter's last known values.</summary>
        public void CopyFrom(MeterReading other)
        {
            Clear();
            SetSerial(other._serial, 0, other.SerialLength);
            TimestampUnix = other.TimestampUnix;
            TimestampFromMeter = other.TimestampFromMeter;
            System.Array.Copy(other._textPool, _textPool, other._textUsed);
            _textUsed = other._textUsed;
            int n = other.Count;
            System.Array.Copy(other._vmrs, _vmrs, n);
            System.Array.Copy(other._obis, _obis, n);
            System.Array.Copy(other._fixedKey, _fixedKey, n);
            System.Array.Copy(other._kind, _kind, n);
            System.Array.Copy(other._mantissa, _mantissa, n);
            System.Array.Copy(other._scale, _scale, n);
            System.Array.Copy(other._unit, _unit, n);
            System.Array.Copy(other._enum, _enum, n);
            System.Array.Copy(other._textStart, _textStart, n);
            System.Array.Copy(other._textLength, _textLength, n);
            System.Array.Copy(other._quality, _quality, n);
            System.Array.Copy(other._derived, _derived, n);
            Count = n;
        }

        private int Add(int vmrsRegister, long obisKey, string fixedKey, RegisterValueKind kind, string unit, int quality, bool derived)
        {
            int i = Count;
            if (i == MaxRegisters)
            {
                return -1;
            }

            _vmrs[i] = vmrsRegister;
            _obis[i] = obisKey;
            _fixedKey[i] = fixedKey;
            _kind[i] = (byte)kind;
            _unit[i] = unit;
            _quality[i] = (byte)quality;
            _derived[i] = derived;
            Count = i + 1;
            return i;
        }
    }
}

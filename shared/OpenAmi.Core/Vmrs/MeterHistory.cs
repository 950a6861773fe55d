using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The last cumulative values seen per meter, so a register that goes backwards is marked suspect. Holds a
    /// fixed number of meters; the least recently seen one makes room for a new one.
    /// </summary>
    public sealed class MeterHistory
    {
        /// <summary>Meters remembered by default: a gateway reads at most a few ports.</summary>
        public const int DefaultCapacity = 4;

        private const int Import = 0;
        private const int Export = 1;

        // Parallel primitive arrays: slot s's serial is _serials[s * MaxSerialLength ...]; value v of slot s is at 2 s + v.
        private readonly byte[] _serials;
        private readonly int[] _serialLengths;
        private readonly long[] _lastSeen;
        private readonly long[] _mantissa;
        private readonly byte[] _scale;
        private readonly bool[] _has;
        private long _clock;

        public MeterHistory() : this(DefaultCapacity)
        {
        }

        public MeterHistory(int capacity)
        {
            _serials = new byte[capacity * MeterReading.MaxSerialLength];
            _serialLengths = new int[capacity];
            _lastSeen = new long[capacity];
            _mantissa = new long[capacity * 2];
            _scale = new byte[capacity * 2];
            _has = new bool[capacity * 2];
            for (int i = 0; i < capacity; i++)
            {
                _serialLengths[i] = -1;
            }
        }

        /// <summary>The slot of the meter with this serial, taking the least recently used slot for a new one.</summary>
        public int Slot(byte[] serial, int length)
        {
            _clock++;
            int oldest = 0;
            int capacity = _serialLengths.Length;
            for (int i = 0; i < capacity; i++)
            {
                if (OpenAmi.Text.Ascii.SameBytes(_serials, i * MeterReading.MaxSerialLength, _serialLengths[i], serial, 0, length))
                {
                    _lastSeen[i] = _clock;
                    return i;
                }

                if (_lastSeen[i] < _lastSeen[oldest])
                {
                    oldest = i;
                }
            }

            System.Array.Copy(serial, 0, _serials, oldest * MeterReading.MaxSerialLength, length);
            _serialLengths[oldest] = length;
            _lastSeen[oldest] = _clock;
            _has[2 * oldest] = false;
            _has[(2 * oldest) + 1] = false;
            return oldest;
        }

        /// <summary>Records a cumulative import value; returns false when it is lower than the last one.</summary>
        public bool RecordImport(int slot, P1Decimal value)
        {
            return Record((2 * slot) + Import, value);
        }

        /// <summary>Records a cumulative export value; returns false when it is lower than the last one.</summary>
        public bool RecordExport(int slot, P1Decimal value)
        {
            return Record((2 * slot) + Export, value);
        }

        private bool Record(int at, P1Decimal value)
        {
            bool plausible = !_has[at] || P1Decimal.Compare(value, new P1Decimal(_mantissa[at], _scale[at])) >= 0;
            _mantissa[at] = value.Mantissa;
            _scale[at] = (byte)value.Scale;
            _has[at] = true;
            return plausible;
        }
    }
}

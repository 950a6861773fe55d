using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The last cumulative values seen per meter, so a register that goes backwards is marked suspect. Holds a
    /// fixed number of meters; the least recently seen one makes room for a new one.
    /// </summary>
    public sealed class MeterHistory
    {
        /// <summary>Meters remembered; a gateway reads at most a few P1 ports.</summary>
        public const int Capacity = 16;

        private readonly byte[][] _serials = new byte[Capacity][];
        private readonly int[] _serialLengths = new int[Capacity];
        private readonly long[] _lastSeen = new long[Capacity];
        private readonly P1Decimal[] _import = new P1Decimal[Capacity];
        private readonly P1Decimal[] _export = new P1Decimal[Capacity];
        private readonly bool[] _hasImport = new bool[Capacity];
        private readonly bool[] _hasExport = new bool[Capacity];
        private long _clock;

        public MeterHistory()
        {
            for (int i = 0; i < Capacity; i++)
            {
                _serials[i] = new byte[MeterReading.MaxSerialLength];
                _serialLengths[i] = -1;
            }
        }

        /// <summary>The slot of the meter with this serial, taking the least recently used slot for a new one.</summary>
        public int Slot(byte[] serial, int length)
        {
            _clock++;
            int oldest = 0;
            for (int i = 0; i < Capacity; i++)
            {
                if (_serialLengths[i] == length && Same(_serials[i], serial, length))
                {
                    _lastSeen[i] = _clock;
                    return i;
                }

                if (_lastSeen[i] < _lastSeen[oldest])
                {
                    oldest = i;
                }
            }

            System.Array.Copy(serial, _serials[oldest], length);
            _serialLengths[oldest] = length;
            _lastSeen[oldest] = _clock;
            _hasImport[oldest] = false;
            _hasExport[oldest] = false;
            return oldest;
        }

        /// <summary>Records a cumulative import value; returns false when it is lower than the last one.</summary>
        public bool RecordImport(int slot, P1Decimal value)
        {
            bool plausible = !_hasImport[slot] || P1Decimal.Compare(value, _import[slot]) >= 0;
            _import[slot] = value;
            _hasImport[slot] = true;
            return plausible;
        }

        /// <summary>Records a cumulative export value; returns false when it is lower than the last one.</summary>
        public bool RecordExport(int slot, P1Decimal value)
        {
            bool plausible = !_hasExport[slot] || P1Decimal.Compare(value, _export[slot]) >= 0;
            _export[slot] = value;
            _hasExport[slot] = true;
            return plausible;
        }

        private static bool Same(byte[] a, byte[] b, int length)
        {
            for (int i = 0; i < length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}

namespace OpenAmi.Vmrs
{
    /// <summary>Copying one reading into another: a port keeps its meter's last reading.</summary>
    public sealed partial class MeterReading
    {
        /// <summary>
        /// Copies everything from <paramref name="other"/>, e.g. to keep a meter's last known values. Entries beyond
        /// this reading's capacity are counted in <see cref="Overflowed"/>.
        /// </summary>
        public void CopyFrom(MeterReading other)
        {
            CopyIdentityFrom(other);
            int n = other.Count <= Capacity ? other.Count : Capacity;
            System.Array.Copy(other._name, _name, n);
            System.Array.Copy(other._mantissa, _mantissa, n);
            System.Array.Copy(other._scale, _scale, n);
            System.Array.Copy(other._kind, _kind, n);
            System.Array.Copy(other._unit, _unit, n);
            System.Array.Copy(other._quality, _quality, n);
            System.Array.Copy(other._flags, _flags, n);
            System.Array.Copy(other._textStart, _textStart, n);
            System.Array.Copy(other._textLength, _textLength, n);
            _count = n;
            Overflowed = other.Overflowed + (other.Count - n);
        }

        /// <summary>
        /// Copies the identity, time and VMRS registers of <paramref name="other"/>: what a port keeps of its meter's
        /// last reading (full mode's further registers are reported with each telegram, not kept).
        /// </summary>
        public void CopyVmrsFrom(MeterReading other)
        {
            CopyIdentityFrom(other);
            int n = 0;
            for (int i = 0; i < other._count && n < _name.Length; i++)
            {
                long name = other._name[i];
                if (name >= 0 || name <= NameSubMeterBase)
                {
                    continue; // an OBIS-named or sub-meter register
                }

                _name[n] = name;
                _mantissa[n] = other._mantissa[i];
                _scale[n] = other._scale[i];
                _kind[n] = other._kind[i];
                _unit[n] = other._unit[i];
                _quality[n] = other._quality[i];
                _flags[n] = other._flags[i];
                _textStart[n] = other._textStart[i];
                _textLength[n] = other._textLength[i];
                n++;
            }

            _count = n;
        }

        // What both copies keep: the meter's serial, the measurement time and the text pool the entries point into.
        private void CopyIdentityFrom(MeterReading other)
        {
            Clear();
            SetSerial(other._serial, 0, other.SerialLength);
            TimestampUnix = other.TimestampUnix;
            TimestampFromMeter = other.TimestampFromMeter;
            System.Array.Copy(other._textPool, _textPool, other._textUsed);
            _textUsed = other._textUsed;
        }
    }
}

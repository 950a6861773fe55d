using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// The typed reads of a telegram's value groups: numbers with their unit, integers, timestamps, OBIS
    /// references, hex text and profile buffers. Each reads the frame in place and allocates nothing, except the
    /// string getters for tools and logs, which say so.
    /// </summary>
    public sealed partial class Telegram
    {
        /// <summary>
        /// The first value group of the object with this code, when it is a number: the usual register read.
        /// </summary>
        public bool TryGetNumber(ObisCode code, out P1Decimal value, out int unit)
        {
            int index = Find(code.Key);
            if (index < 0 || _groupCount[index] == 0)
            {
                value = new P1Decimal(0, 0);
                unit = P1Unit.None;
                return false;
            }

            int group = _firstGroup[index] & 0xFFFF;
            return TryGetNumber(group, out value, out unit);
        }

        /// <summary>The exact number in a <see cref="P1ValueKind.Number"/> group.</summary>
        public bool TryGetNumber(int group, out P1Decimal value)
        {
            int unit;
            return TryGetNumber(group, out value, out unit);
        }

        /// <summary>The exact number in a <see cref="P1ValueKind.Number"/> group and its unit code (<see cref="P1Unit"/>).</summary>
        public bool TryGetNumber(int group, out P1Decimal value, out int unit)
        {
            if (KindOf(group) != P1ValueKind.Number)
            {
                value = new P1Decimal(0, 0);
                unit = P1Unit.None;
                return false;
            }

            return P1NumberText.TryRead(_source, _groupStart[group] & 0xFFFF, _groupLength[group] & 0xFFFF, out value, out unit);
        }

        /// <summary>
        /// The last number group of object <paramref name="index"/> (registers like 1.6.0 write a time first), its
        /// value, unit code and group index; false when the object has no number.
        /// </summary>
        public bool TryGetLastNumber(int index, out P1Decimal value, out int unit, out int group)
        {
            // Reading a number checks its shape too, so an unclassified group is read, not classified first.
            int first = _firstGroup[index] & 0xFFFF;
            for (int g = first + _groupCount[index] - 1; g >= first; g--)
            {
                byte kind = _groupKind[g];
                if ((kind == Unclassified || kind == (byte)P1ValueKind.Number)
                    && P1NumberText.TryRead(_source, _groupStart[g] & 0xFFFF, _groupLength[g] & 0xFFFF, out value, out unit))
                {
                    _groupKind[g] = (byte)P1ValueKind.Number;
                    group = g;
                    return true;
                }
            }

            value.Mantissa = 0;
            value.Scale = 0;
            unit = P1Unit.None;
            group = -1;
            return false;
        }

        /// <summary>Unit code (<see cref="P1Unit"/>) of a number group; <see cref="P1Unit.None"/> when none was written.</summary>
        public int GetUnit(int group)
        {
            P1Decimal value;
            int unit;
            TryGetNumber(group, out value, out unit);
            return unit;
        }

        /// <summary>A whole number group without decimals ("0001", "50217"); false for anything else.</summary>
        public bool TryGetInteger(int group, out long value)
        {
            P1Decimal number;
            if (!TryGetNumber(group, out number) || number.Scale != 0)
            {
                value = 0;
                return false;
            }

            value = number.Mantissa;
            return true;
        }

        /// <summary>
        /// Reads the group as a timestamp (with or without a season letter, or DLMS hex). False when it does not
        /// have a timestamp's shape; a well-formed placeholder returns true with <see cref="P1Timestamp.IsValid"/> false.
        /// </summary>
        public bool TryGetTimestamp(int group, out P1Timestamp stamp)
        {
            return P1Timestamp.TryParse(_source, _groupStart[group] & 0xFFFF, _groupLength[group] & 0xFFFF, out stamp);
        }

        /// <summary>The OBIS code inside an <see cref="P1ValueKind.ObisReference"/> group.</summary>
        public bool TryGetObisReference(int group, out ObisCode code)
        {
            if (KindOf(group) != P1ValueKind.ObisReference)
            {
                code = new ObisCode(0);
                return false;
            }

            long key;
            bool read = ObisText.TryReadKey(_source, _groupStart[group] & 0xFFFF, _groupLength[group] & 0xFFFF, out key);
            code = new ObisCode(key);
            return read;
        }

        /// <summary>
        /// Decodes a hex-encoded text group (equipment ids, messages) into <paramref name="output"/>. Returns the
        /// decoded length, or -1 when the group is not hex of printable ASCII.
        /// </summary>
        public int DecodeHexText(int group, byte[] output, int offset)
        {
            return HexText.TryDecodePrintable(_source, _groupStart[group] & 0xFFFF, _groupLength[group] & 0xFFFF, output, offset);
        }

        /// <summary>True when the group's raw text equals <paramref name="text"/> exactly.</summary>
        public bool GroupEquals(int group, string text)
        {
            int length = _groupLength[group] & 0xFFFF;
            if (text.Length != length)
            {
                return false;
            }

            int start = _groupStart[group] & 0xFFFF;
            for (int i = 0; i < length; i++)
            {
                if (_source[start + i] != (byte)text[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The raw text of a group as a string. Allocates; for tools and logs.</summary>
        public string GetGroupText(int group)
        {
            return OpenAmi.Text.Ascii.GetString(_source, GetGroupStart(group), GetGroupLength(group));
        }

        /// <summary>The identification line ("/ISK5\2M550T-1011") as a string. Allocates; for tools and logs.</summary>
        public string GetHeaderText()
        {
            return OpenAmi.Text.Ascii.GetString(_source, 0, HeaderLength);
        }

        /// <summary>
        /// Reads a profile-generic buffer object (the power-failure log 1-0:99.97.0, the Belgian 13-month maximum
        /// demand 0-0:98.1.0): a count, the captured OBIS codes, then one row per entry of a timestamp and one value
        /// per captured object. Empty buffers ("()", "(0)(0-0:96.7.19)") read as zero entries.
        /// </summary>
        public bool TryGetProfile(int index, out ProfileBuffer profile)
        {
            profile = new ProfileBuffer();
            int count = _groupCount[index];
            int first = _firstGroup[index] & 0xFFFF;
            if (count == 0)
            {
                return false;
            }

            long declared;
            if (KindOf(first) == P1ValueKind.Empty)
            {
                declared = 0;
            }
            else if (!TryGetInteger(first, out declared) || declared < 0)
            {
                return false;
            }

            int captured = 0;
            while (1 + captured < count && KindOf(first + 1 + captured) == P1ValueKind.ObisReference)
            {
                captured++;
            }

            int columns = 1 + captured;
            int rowsPresent = captured == 0 ? 0 : (count - 1 - captured) / columns;
            profile.DeclaredEntries = (int)declared;
            profile.CapturedObjects = captured;
            profile.Columns = columns;
            profile.FirstCapturedGroup = first + 1;
            profile.FirstEntryGroup = first + 1 + captured;
            profile.Entries = declared < rowsPresent ? (int)declared : rowsPresent;
            return true;
        }
    }
}

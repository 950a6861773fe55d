using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// Renders decoded COSEM objects as canonical P1 text into one reused, bounded buffer, so the P1 parser reads
    /// a HAN push into the same telegram model as a P1 telegram:
    /// <c>/DLMS\KFM_001</c>, a blank line, lines such as <c>1-0:1.8.0(145122745*Wh)</c>, then <c>!</c>.
    /// Strings go as hex, as P1 sends equipment ids; date-times as the 24 hex digits P1Timestamp reads; numbers
    /// exactly, the scaler applied by moving the decimal point. A line that does not fit is left out whole and
    /// counted, never cut.
    /// </summary>
    public sealed class CosemTextWriter
    {
        private static readonly byte[] HexDigits = Ascii("0123456789ABCDEF");
        private static readonly byte[] HeaderStart = Ascii("/DLMS");
        private static readonly byte[] UnknownScale = Ascii("?");

        private readonly byte[] _buffer;
        private readonly int[] _stringObjects = new int[8];
        private int _length;
        private int _lineStart;
        private bool _lineFailed;

        /// <summary>Creates a writer whose whole text may be at most <paramref name="capacity"/> bytes.</summary>
        public CosemTextWriter(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Length of the text, '!' included once <see cref="Finish"/> ran.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Objects written into the current text.</summary>
        public int Objects { get; private set; }

        /// <summary>Objects left out of the current text because the buffer was full.</summary>
        public int ObjectsDropped { get; private set; }

        /// <summary>Starts a text with "/DLMS" (five bytes, the shortest identification a P1 frame has); <see cref="HeaderText"/> may add "\" and a list id before <see cref="EndHeader"/>.</summary>
        public void Begin()
        {
            _length = 0;
            Objects = 0;
            ObjectsDropped = 0;
            _lineFailed = false;
            for (int i = 0; i < _stringObjects.Length; i++)
            {
                _stringObjects[i] = 0;
            }

            Put(HeaderStart, 0, HeaderStart.Length);
        }

        /// <summary>Appends "\" and the printable bytes of an identifier (at most 32) to the identification line.</summary>
        public void HeaderText(byte[] text, int offset, int length)
        {
            if (length > 32)
            {
                length = 32;
            }

            PutByte((byte)'\\');
            for (int i = 0; i < length; i++)
            {
                byte b = text[offset + i];
                PutByte(b > 0x20 && b < 0x7F && b != (byte)'(' && b != (byte)')' && b != (byte)'!' ? b : (byte)'_');
            }
        }

        /// <summary>Ends the identification line and writes the blank line after it.</summary>
        public void EndHeader()
        {
            PutByte(13);
            PutByte(10);
            PutByte(13);
            PutByte(10);
        }

        /// <summary>Starts an object line: the OBIS code and "(".</summary>
        public void BeginObject(long obisKey)
        {
            _lineStart = _length;
            _lineFailed = false;
            if (_buffer.Length - _length < 24)
            {
                _lineFailed = true;
                return;
            }

            _length += new ObisCode(obisKey).WriteAscii(_buffer, _length);
            PutByte((byte)'(');
        }

        /// <summary>The exact value <paramref name="value"/> × 10^<paramref name="scaler"/> with a unit text (or null).</summary>
        public void Number(long value, int scaler, byte[] unit)
        {
            if (scaler > 0)
            {
                long limit = long.MaxValue / P1Decimal.Pow10(scaler > 18 ? 18 : scaler);
                if (scaler > 18 || value > limit || value < -limit)
                {
                    Plain(value);
                    return;
                }

                value *= P1Decimal.Pow10(scaler);
                scaler = 0;
            }

            if (-scaler > P1Decimal.MaxScale)
            {
                Plain(value);
                return;
            }

            if (!Room(48))
            {
                return;
            }

            _length += new P1Decimal(value, -scaler).WriteAscii(_buffer, _length);
            if (unit != null)
            {
                PutByte((byte)'*');
                Put(unit, 0, unit.Length);
            }
        }

        /// <summary>An integer as sent, without a unit (counts, enums, status words).</summary>
        public void Plain(long value)
        {
            if (Room(24))
            {
                _length += new P1Decimal(value, 0).WriteAscii(_buffer, _length);
            }
        }

        /// <summary>An integer whose scaler nobody published: written as sent with the unit "?", so no reader takes it as data.</summary>
        public void Unscaled(long value)
        {
            Plain(value);
            PutByte((byte)'*');
            Put(UnknownScale, 0, 1);
        }

        /// <summary>Bytes as upper-case hex digits (strings, date-times, raw values).</summary>
        public void Hex(byte[] data, int offset, int length)
        {
            if (!Room(length * 2))
            {
                return;
            }

            byte[] buffer = _buffer;
            int p = _length;
            for (int i = 0; i < length; i++)
            {
                int b = data[offset + i];
                buffer[p++] = HexDigits[b >> 4];
                buffer[p++] = HexDigits[b & 0x0F];
            }

            _length = p;
        }

        /// <summary>
        /// A string value, as hex like P1 equipment ids. The object is marked as a string, since hex of digits
        /// ("31393039" for "1909") also reads as a number.
        /// </summary>
        public void StringValue(byte[] data, int offset, int length)
        {
            Hex(data, offset, length);
            int index = Objects;
            if (index < _stringObjects.Length * 32)
            {
                _stringObjects[index >> 5] |= 1 << (index & 31);
            }
        }

        /// <summary>True when object <paramref name="index"/> of the current text holds a string (see <see cref="StringValue"/>).</summary>
        public bool IsString(int index)
        {
            return index >= 0 && index < _stringObjects.Length * 32 && (_stringObjects[index >> 5] & (1 << (index & 31))) != 0;
        }

        /// <summary>Ends the object line: ")" and CR LF, or takes the whole line back when it did not fit.</summary>
        public void EndObject()
        {
            PutByte((byte)')');
            PutByte(13);
            PutByte(10);
            if (_lineFailed)
            {
                _length = _lineStart;
                ObjectsDropped++;
                if (Objects < _stringObjects.Length * 32)
                {
                    _stringObjects[Objects >> 5] &= ~(1 << (Objects & 31));
                }

                return;
            }

            Objects++;
        }

        /// <summary>Ends the text with "!"; room for it is always kept.</summary>
        public void Finish()
        {
            _buffer[_length++] = (byte)'!';
        }

        private bool Room(int bytes)
        {
            // One byte stays free for the final '!'.
            if (_lineFailed || _buffer.Length - 1 - _length < bytes)
            {
                _lineFailed = true;
                return false;
            }

            return true;
        }

        private void PutByte(byte b)
        {
            if (Room(1))
            {
                _buffer[_length++] = b;
            }
        }

        private void Put(byte[] data, int offset, int length)
        {
            if (Room(length))
            {
                System.Array.Copy(data, offset, _buffer, _length, length);
                _length += length;
            }
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}

using OpenAmi.P1.Values;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// Writes compact JSON as ASCII bytes into one reused, bounded buffer. Strings are escaped by the JSON rules
    /// (quote, backslash, control characters; non-ASCII as \u00XX), numbers come from exact decimals. When the
    /// buffer is full it stops writing and reports <see cref="Overflowed"/> instead of growing.
    /// </summary>
    /// <remarks>
    /// On the publish path only the byte[] overloads are used, with keys and words pre-encoded once
    /// (<c>static readonly byte[]</c>): on the device every executed string literal allocates and indexing a string
    /// walks it from its start. The string overloads are for start-up and rare messages.
    /// </remarks>
    public sealed class JsonBuffer
    {
        /// <summary>Longest text of an exact decimal: sign, 19 digits, point, and room to spare.</summary>
        internal const int MaxNumberLength = 24;

        private static readonly byte[] HexDigits = OpenAmi.Text.Ascii.GetBytes("0123456789abcdef");

        private readonly byte[] _buffer;
        private readonly int _capacity;
        private int _length;
        private bool _overflowed;

        // The last instant written and its text: an envelope writes its ts and the meter clock, mostly the same second.
        private readonly byte[] _lastIso = new byte[IsoTimeText.Length];
        private long _lastIsoUnix = long.MinValue;

        public JsonBuffer(int capacity) : this(new byte[capacity], capacity)
        {
        }

        /// <summary>
        /// Writes into the first <paramref name="capacity"/> bytes of <paramref name="buffer"/>, which its owner lends
        /// between messages (the gateway writes each message straight into the outbox's record buffer, saving the
        /// device a second message-sized buffer).
        /// </summary>
        public JsonBuffer(byte[] buffer, int capacity)
        {
            _buffer = buffer;
            _capacity = capacity;
        }

        /// <summary>The bytes written, [0, <see cref="Length"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        public int Length
        {
            get { return _length; }
        }

        /// <summary>Bytes the buffer may hold.</summary>
        internal int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>
        /// Takes back the buffer after a writer put bytes straight into <see cref="Buffer"/> from <see cref="Length"/>
        /// up to <paramref name="length"/>, having checked itself that they fit <see cref="Capacity"/> (see
        /// EnvelopeWriter: on the interpreter a call per piece cost more than the copy).
        /// </summary>
        internal void Commit(int length)
        {
            _length = length;
        }

        /// <summary>True when something did not fit: the content is then incomplete and must not be sent.</summary>
        public bool Overflowed
        {
            get { return _overflowed; }
        }

        public void Clear()
        {
            _length = 0;
            _overflowed = false;
        }

        /// <summary>Appends pre-encoded bytes as they are (keys, punctuation, quoted words).</summary>
        public void Raw(byte[] bytes)
        {
            int n = bytes.Length;
            if (_overflowed || _length + n > _capacity)
            {
                _overflowed = true;
                return;
            }

            System.Array.Copy(bytes, 0, _buffer, _length, n);
            _length += n;
        }

        /// <summary>Appends <paramref name="a"/>, the first <paramref name="bLength"/> bytes of <paramref name="b"/>, and <paramref name="c"/>.</summary>
        /// <remarks>
        /// One call where the envelope writes key, word and key in a row: on the interpreter a call costs about as much as
        /// the copy itself, and a register writes a dozen pieces.
        /// </remarks>
        public void Raw(byte[] a, byte[] b, int bLength, byte[] c)
        {
            int at = _length;
            int end = at + a.Length + bLength + c.Length;
            if (_overflowed || end > _capacity)
            {
                _overflowed = true;
                return;
            }

            byte[] buffer = _buffer;
            System.Array.Copy(a, 0, buffer, at, a.Length);
            at += a.Length;
            System.Array.Copy(b, 0, buffer, at, bLength);
            at += bLength;
            System.Array.Copy(c, 0, buffer, at, c.Length);
            _length = end;
        }

        /// <summary>Appends four pre-encoded pieces (see the three-piece overload, for why).</summary>
        public void Raw(byte[] a, byte[] b, byte[] c, byte[] d)
        {
            int at = _length;
            int end = at + a.Length + b.Length + c.Length + d.Length;
            if (_overflowed || end > _capacity)
            {
                _overflowed = true;
                return;
            }

            byte[] buffer = _buffer;
            System.Array.Copy(a, 0, buffer, at, a.Length);
            at += a.Length;
            System.Array.Copy(b, 0, buffer, at, b.Length);
            at += b.Length;
            System.Array.Copy(c, 0, buffer, at, c.Length);
            at += c.Length;
            System.Array.Copy(d, 0, buffer, at, d.Length);
            _length = end;
        }

        /// <summary>Appends bytes [start, start+length) of <paramref name="bytes"/> as they are.</summary>
        public void Raw(byte[] bytes, int start, int length)
        {
            if (Reserve(length))
            {
                System.Array.Copy(bytes, start, _buffer, _length, length);
                _length += length;
            }
        }

        /// <summary>Appends ASCII text as is. Start-up and rare messages only (see remarks).</summary>
        public void Raw(string ascii)
        {
            char[] chars = ascii.ToCharArray();
            if (!Reserve(chars.Length))
            {
                return;
            }

            for (int i = 0; i < chars.Length; i++)
            {
                _buffer[_length++] = (byte)chars[i];
            }
        }

        public void Raw(char c)
        {
            if (Reserve(1))
            {
                _buffer[_length++] = (byte)c;
            }
        }

        /// <summary>Appends a JSON string literal of <paramref name="text"/>. Start-up and rare messages only.</summary>
        public void String(string text)
        {
            char[] chars = text.ToCharArray();
            Raw('"');
            for (int i = 0; i < chars.Length; i++)
            {
                Escaped(chars[i]);
            }

            Raw('"');
        }

        /// <summary>Appends a JSON string literal of bytes [start, start+length) read as Latin-1.</summary>
        /// <remarks>Ids and serials need no escaping: they are checked in one loop and copied in one call.</remarks>
        public void String(byte[] source, int start, int length)
        {
            int end = start + length;
            int i = start;
            while (i < end)
            {
                byte b = source[i];
                if (b < 0x20 || b > 0x7E || b == (byte)'"' || b == (byte)'\\')
                {
                    break;
                }

                i++;
            }

            if (i == end && !_overflowed && _length + length + 2 <= _capacity)
            {
                byte[] buffer = _buffer;
                buffer[_length] = (byte)'"';
                System.Array.Copy(source, start, buffer, _length + 1, length);
                _length += length + 2;
                buffer[_length - 1] = (byte)'"';
                return;
            }

            Raw('"');
            for (i = start; i < end; i++)
            {
                Escaped((char)source[i]);
            }

            Raw('"');
        }

        /// <summary>Appends an exact decimal number.</summary>
        public void Number(P1Decimal value)
        {
            if (Reserve(MaxNumberLength))
            {
                _length += P1Decimal.WriteAscii(value.Mantissa, value.Scale, _buffer, _length);
            }
        }

        /// <summary>Appends an integer.</summary>
        public void Number(long value)
        {
            if (Reserve(MaxNumberLength))
            {
                _length += P1Decimal.WriteAscii(value, 0, _buffer, _length); // no decimal struct made and copied
            }
        }

        /// <summary>Appends <c>true</c> or <c>false</c>.</summary>
        public void Boolean(bool value)
        {
            Raw(value ? JsonWords.True : JsonWords.False);
        }

        /// <summary>Appends a UTC instant as an ISO-8601 string literal: "2026-06-22T14:30:00Z".</summary>
        public void IsoTime(long unixSeconds)
        {
            if (Reserve(IsoTimeText.Length + 2))
            {
                byte[] buffer = _buffer;
                buffer[_length++] = (byte)'"';
                if (unixSeconds != _lastIsoUnix)
                {
                    // Another second of the same day (the next telegram, or a sub-meter's capture time after the meter's
                    // time): only the time of day is written again.
                    if (unixSeconds >= 0 && _lastIsoUnix >= 0 && unixSeconds / 86400 == _lastIsoUnix / 86400)
                    {
                        IsoTimeText.WriteTimeOfDay(unixSeconds, _lastIso, 0);
                    }
                    else
                    {
                        IsoTimeText.Write(unixSeconds, _lastIso, 0);
                    }

                    _lastIsoUnix = unixSeconds;
                }

                System.Array.Copy(_lastIso, 0, buffer, _length, IsoTimeText.Length);
                _length += IsoTimeText.Length;
                buffer[_length++] = (byte)'"';
            }
        }

        /// <summary>Copies the content out; allocates, for tools and tests.</summary>
        public string ToText()
        {
            return OpenAmi.Text.Ascii.GetString(_buffer, 0, _length);
        }

        /// <summary>
        /// The JSON string literal of <paramref name="text"/>, quotes and escapes included, as bytes: for ids written in
        /// every message, encoded once.
        /// </summary>
        public static byte[] Quote(string text)
        {
            var json = new JsonBuffer((6 * text.Length) + 2);
            json.String(text);
            byte[] quoted = new byte[json.Length];
            System.Array.Copy(json.Buffer, quoted, quoted.Length);
            return quoted;
        }

        private void Escaped(char c)
        {
            if (c == '"' || c == '\\')
            {
                Raw('\\');
                Raw(c);
            }
            else if (c >= (char)0x20 && c < (char)0x7F)
            {
                Raw(c);
            }
            else if (c == '\n')
            {
                Raw('\\');
                Raw('n');
            }
            else if (c == '\r')
            {
                Raw('\\');
                Raw('r');
            }
            else if (c == '\t')
            {
                Raw('\\');
                Raw('t');
            }
            else if (Reserve(6))
            {
                _buffer[_length++] = (byte)'\\';
                _buffer[_length++] = (byte)'u';
                _buffer[_length++] = HexDigits[(c >> 12) & 0xF];
                _buffer[_length++] = HexDigits[(c >> 8) & 0xF];
                _buffer[_length++] = HexDigits[(c >> 4) & 0xF];
                _buffer[_length++] = HexDigits[c & 0xF];
            }
        }

        private bool Reserve(int n)
        {
            if (_overflowed || _length + n > _capacity)
            {
                _overflowed = true;
                return false;
            }

            return true;
        }
    }
}

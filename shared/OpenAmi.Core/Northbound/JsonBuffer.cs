using OpenAmi.P1.Values;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// Writes compact JSON as ASCII bytes into one reused, bounded buffer. Strings are escaped by the JSON rules
    /// (quote, backslash, control characters; non-ASCII as \u00XX), numbers come from exact decimals. When the
    /// buffer is full it stops writing and reports <see cref="Overflowed"/> instead of growing.
    /// </summary>
    public sealed class JsonBuffer
    {
        private const string HexDigits = "0123456789abcdef";

        private readonly byte[] _buffer;
        private int _length;
        private bool _overflowed;

        public JsonBuffer(int capacity)
        {
            _buffer = new byte[capacity];
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

        /// <summary>Appends ASCII text as is (keys, punctuation, known-safe literals).</summary>
        public void Raw(string ascii)
        {
            int n = ascii.Length;
            if (!Reserve(n))
            {
                return;
            }

            for (int i = 0; i < n; i++)
            {
                _buffer[_length++] = (byte)ascii[i];
            }
        }

        public void Raw(char c)
        {
            if (Reserve(1))
            {
                _buffer[_length++] = (byte)c;
            }
        }

        /// <summary>Appends a JSON string literal of <paramref name="text"/>.</summary>
        public void String(string text)
        {
            Raw('"');
            for (int i = 0; i < text.Length; i++)
            {
                Escaped(text[i]);
            }

            Raw('"');
        }

        /// <summary>Appends a JSON string literal of bytes [start, start+length) read as Latin-1.</summary>
        public void String(byte[] source, int start, int length)
        {
            Raw('"');
            int end = start + length;
            for (int i = start; i < end; i++)
            {
                Escaped((char)source[i]);
            }

            Raw('"');
        }

        /// <summary>Appends an exact decimal number.</summary>
        public void Number(P1Decimal value)
        {
            if (Reserve(24))
            {
                _length += value.WriteAscii(_buffer, _length);
            }
        }

        /// <summary>Appends an integer.</summary>
        public void Number(long value)
        {
            Number(new P1Decimal(value, 0));
        }

        /// <summary>Appends a UTC instant as an ISO-8601 string literal: "2026-06-22T14:30:00Z".</summary>
        public void IsoTime(long unixSeconds)
        {
            if (Reserve(IsoTimeText.Length + 2))
            {
                _buffer[_length++] = (byte)'"';
                _length += IsoTimeText.Write(unixSeconds, _buffer, _length);
                _buffer[_length++] = (byte)'"';
            }
        }

        /// <summary>Copies the content out; allocates, for tools and tests.</summary>
        public string ToText()
        {
            return OpenAmi.Text.Ascii.GetString(_buffer, 0, _length);
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
                Raw("\\n");
            }
            else if (c == '\r')
            {
                Raw("\\r");
            }
            else if (c == '\t')
            {
                Raw("\\t");
            }
            else
            {
                Raw("\\u");
                Raw(HexDigits[(c >> 12) & 0xF]);
                Raw(HexDigits[(c >> 8) & 0xF]);
                Raw(HexDigits[(c >> 4) & 0xF]);
                Raw(HexDigits[c & 0xF]);
            }
        }

        private bool Reserve(int n)
        {
            if (_overflowed || _length + n > _buffer.Length)
            {
                _overflowed = true;
                return false;
            }

            return true;
        }
    }
}

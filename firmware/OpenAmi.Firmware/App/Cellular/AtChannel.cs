namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The modem's side of the UART as lines, without ever waiting: <see cref="Poll"/> returns at once with a line,
    /// a data prompt, or nothing. Responses are &lt;CR&gt;&lt;LF&gt;-framed (SIM7070_SIM7080_SIM7090 Series AT Command
    /// Manual V1.07 §1.4); AT+SMPUB answers "&gt;" without a line end (§17.2.4). The line buffer is bounded: a longer
    /// line is cut and marked <see cref="Truncated"/>.
    /// </summary>
    public sealed class AtChannel
    {
        public const int Nothing = 0;
        public const int Line = 1;
        public const int Prompt = 2;

        private readonly IModemPort _port;
        private readonly byte[] _in = new byte[256];
        private readonly byte[] _line;
        private int _length;
        private int _inCount;
        private int _inNext;
        private bool _truncated;
        private bool _overflow;

        public AtChannel(IModemPort port, int maxLine)
        {
            _port = port;
            _line = new byte[maxLine];
        }

        /// <summary>The line <see cref="Poll"/> returned, valid until the next call.</summary>
        public byte[] Buffer
        {
            get { return _line; }
        }

        public int Length { get; private set; }

        /// <summary>The line was longer than the buffer and was cut.</summary>
        public bool Truncated { get; private set; }

        /// <summary>True while a "&gt;" at the start of a line is a data prompt (after AT+SMPUB).</summary>
        public bool PromptExpected;

        /// <summary>The next event from what has arrived; <see cref="Nothing"/> when no complete line is there yet.</summary>
        public int Poll()
        {
            while (true)
            {
                if (_inNext == _inCount)
                {
                    _inCount = _port.Read(_in, 0, _in.Length);
                    _inNext = 0;
                    if (_inCount <= 0)
                    {
                        _inCount = 0;
                        return Nothing;
                    }
                }

                byte b = _in[_inNext++];
                if (b == '\r')
                {
                    continue;
                }

                if (b == '\n')
                {
                    if (_length == 0)
                    {
                        continue;
                    }

                    Length = _length;
                    Truncated = _truncated;
                    _length = 0;
                    _truncated = false;
                    _overflow = false;
                    return Line;
                }

                if (b == '>' && _length == 0 && PromptExpected)
                {
                    PromptExpected = false;
                    return Prompt;
                }

                if (_length < _line.Length)
                {
                    _line[_length++] = b;
                }
                else if (!_overflow)
                {
                    _overflow = true;
                    _truncated = true;
                }
            }
        }

        /// <summary>Sends <paramref name="count"/> bytes of <paramref name="data"/> as they are.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            _port.Write(data, offset, count);
        }

        /// <summary>Drops what was half received (after a power cycle).</summary>
        public void Reset()
        {
            _length = 0;
            _truncated = false;
            _overflow = false;
            _inNext = _inCount = 0;
            PromptExpected = false;
        }

        /// <summary>True when the line starts with <paramref name="prefix"/>.</summary>
        public bool StartsWith(byte[] prefix)
        {
            if (Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (_line[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when the line is exactly <paramref name="text"/>.</summary>
        public bool Is(byte[] text)
        {
            return Length == text.Length && StartsWith(text);
        }

        /// <summary>The unsigned decimal number starting at <paramref name="at"/>, or -1 when there is none.</summary>
        public int NumberAt(int at)
        {
            int value = -1;
            for (int i = at; i < Length; i++)
            {
                byte b = _line[i];
                if (b < '0' || b > '9')
                {
                    break;
                }

                value = (value < 0 ? 0 : value * 10) + (b - '0');
                if (value > 100000000)
                {
                    return -1;
                }
            }

            return value;
        }

        /// <summary>Where the <paramref name="n"/>th comma-separated field (0-based) starts after <paramref name="from"/>, or -1.</summary>
        public int Field(int from, int n)
        {
            int at = from;
            bool quoted = false;
            for (int field = 0; field < n; field++)
            {
                while (at < Length && (quoted || _line[at] != ','))
                {
                    if (_line[at] == '"')
                    {
                        quoted = !quoted;
                    }

                    at++;
                }

                if (at >= Length)
                {
                    return -1;
                }

                at++;
            }

            while (at < Length && _line[at] == ' ')
            {
                at++;
            }

            return at;
        }
    }
}

using System.Threading;
using OpenAmi.Gateway;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// AT command exchange with a modem: sends a command, collects lines until OK or ERROR (or a timeout), and hands
    /// every unsolicited line (+SMSUB, +SMSTATE, …) to a handler, also while waiting for a reply.
    /// </summary>
    public sealed class AtChannel
    {
        public delegate void UnsolicitedHandler(byte[] line, int length);

        public const int Ok = 0;
        public const int Error = 1;
        public const int Timeout = 2;

        private readonly IModemPort _port;
        private readonly IGatewayClock _clock;
        private readonly byte[] _line;
        private readonly byte[] _in = new byte[128];
        private readonly byte[] _out = new byte[300];
        private int _length;
        private int _inCount;
        private int _inNext;

        public AtChannel(IModemPort port, IGatewayClock clock, int maxLine)
        {
            _port = port;
            _clock = clock;
            _line = new byte[maxLine];
        }

        /// <summary>Receives unsolicited result lines.</summary>
        public UnsolicitedHandler Unsolicited;

        /// <summary>The last information line of the last command (e.g. "+SMSTATE: 1"), as text.</summary>
        public string LastInfo { get; private set; }

        /// <summary>Sends <paramref name="command"/> and waits for OK or ERROR.</summary>
        public int Command(string command, int timeoutMs)
        {
            Send(command);
            return WaitResult(timeoutMs);
        }

        /// <summary>Sends a command that answers with a "&gt;" prompt, then <paramref name="data"/>, and waits for OK.</summary>
        public int CommandWithData(string command, byte[] data, int offset, int count, int timeoutMs)
        {
            Send(command);
            long deadline = _clock.TickMs + timeoutMs;
            while (true)
            {
                int b = NextByteBefore(deadline);
                if (b < 0)
                {
                    return Timeout;
                }

                if (b == '>' && _length == 0)
                {
                    break;
                }

                int result = Accept((byte)b);
                if (result == Error)
                {
                    return Error;
                }
            }

            _port.Write(data, offset, count);
            return WaitResult(timeoutMs);
        }

        /// <summary>Reads whatever has arrived and dispatches unsolicited lines (call when idle).</summary>
        public void Pump()
        {
            int b;
            while ((b = NextByte()) >= 0)
            {
                Accept((byte)b);
            }
        }

        private void Send(string command)
        {
            int n = command.Length < _out.Length - 1 ? command.Length : _out.Length - 1;
            for (int i = 0; i < n; i++)
            {
                _out[i] = (byte)command[i];
            }

            _out[n] = (byte)'\r';
            _port.Write(_out, 0, n + 1);
        }

        private int WaitResult(int timeoutMs)
        {
            long deadline = _clock.TickMs + timeoutMs;
            LastInfo = null;
            while (true)
            {
                int b = NextByteBefore(deadline);
                if (b < 0)
                {
                    return Timeout;
                }

                int result = Accept((byte)b);
                if (result >= 0)
                {
                    return result;
                }
            }
        }

        /// <summary>Adds a byte to the line; at a line end returns Ok/Error for final results, else -1.</summary>
        private int Accept(byte b)
        {
            if (b == '\r')
            {
                return -1;
            }

            if (b != '\n')
            {
                if (_length < _line.Length)
                {
                    _line[_length++] = b;
                }

                return -1;
            }

            int length = _length;
            _length = 0;
            if (length == 0)
            {
                return -1;
            }

            if (Is("OK", length))
            {
                return Ok;
            }

            if (Is("ERROR", length) || StartsWith("+CME ERROR", length))
            {
                return Error;
            }

            if (StartsWith("+SMSUB:", length) || StartsWith("+SMSTATE: 0", length) || StartsWith("+APP PDP:", length))
            {
                if (Unsolicited != null)
                {
                    Unsolicited(_line, length);
                }

                if (!StartsWith("+SMSTATE", length))
                {
                    return -1;
                }
            }

            LastInfo = new string(Chars(length));
            return -1;
        }

        private char[] Chars(int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)_line[i];
            }

            return chars;
        }

        private bool Is(string text, int length)
        {
            return length == text.Length && StartsWith(text, length);
        }

        private bool StartsWith(string text, int length)
        {
            if (length < text.Length)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (_line[i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The next byte from the modem, waiting for it until <paramref name="deadline"/>; -1 after.</summary>
        private int NextByteBefore(long deadline)
        {
            while (true)
            {
                int b = NextByte();
                if (b >= 0 || _clock.TickMs > deadline)
                {
                    return b;
                }

                Thread.Sleep(5);
            }
        }

        private int NextByte()
        {
            if (_inNext == _inCount)
            {
                _inCount = _port.Read(_in, 0, _in.Length);
                _inNext = 0;
                if (_inCount <= 0)
                {
                    _inCount = 0;
                    return -1;
                }
            }

            return _in[_inNext++];
        }
    }
}

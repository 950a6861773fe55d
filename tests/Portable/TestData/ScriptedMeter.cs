using OpenAmi.Iec62056;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// A meter on the other end of an IIecLine: answers a sign-on at 300 baud with its identification, and an
    /// acknowledgement with the data message at the speed the acknowledgement chose. Bytes sent at the wrong
    /// speed are lost, as on a real line.
    /// </summary>
    public sealed class ScriptedMeter : IIecLine
    {
        private readonly byte[] _identification;
        private readonly byte[] _data;
        private readonly byte[] _sent = new byte[1024];
        private int _sentLength;
        private int _consumed;
        private byte[] _pending;
        private int _pendingPos;
        private int _wantedBaud;

        public ScriptedMeter(string identification, byte[] data)
        {
            _identification = Bytes.Of(identification);
            _data = data;
            Baud = 300;
        }

        public int Baud { get; private set; }

        public int DataBaud { get; private set; }

        public int SignOns { get; private set; }

        public int SilentSignOns { get; set; }

        /// <summary>Everything the requester sent so far.</summary>
        public string Sent()
        {
            return Bytes.Text(_sent, 0, _sentLength);
        }

        public void Write(byte[] data, int offset, int count)
        {
            System.Array.Copy(data, offset, _sent, _sentLength, count);
            _sentLength += count;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (_pending == null || _pendingPos >= _pending.Length || (_wantedBaud != 0 && Baud != _wantedBaud))
            {
                return 0;
            }

            // A few bytes per poll, as a UART delivers them.
            int n = _pending.Length - _pendingPos;
            n = n < 7 ? n : 7;
            n = n < count ? n : count;
            System.Array.Copy(_pending, _pendingPos, buffer, offset, n);
            _pendingPos += n;
            return n;
        }

        public void SetBaudRate(int baud)
        {
            Baud = baud;
        }

        /// <summary>Looks at what the requester sent since the last step and answers it.</summary>
        public void Step()
        {
            string sent = Bytes.Text(_sent, _consumed, _sentLength - _consumed);
            if (sent.EndsWith("!\r\n") && sent.StartsWith("/?"))
            {
                _consumed = _sentLength;
                SignOns++;
                if (SignOns > SilentSignOns && Baud == 300)
                {
                    _pending = _identification;
                    _pendingPos = 0;
                    _wantedBaud = 300;
                }
            }
            else if (sent.Length == 6 && sent[0] == '\u0006' && sent.EndsWith("\r\n"))
            {
                _consumed = _sentLength;
                _wantedBaud = ModeCRequester.BaudOf((byte)sent[2]);
                DataBaud = _wantedBaud;
                _pending = _data;
                _pendingPos = 0;
            }
        }
    }
}

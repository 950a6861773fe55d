using OpenAmi.Firmware.App;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// A meter behind a UART whose settings the firmware chooses: the meter sends at its own speed, framing and
    /// polarity; read with the same settings the bytes arrive as sent, with any other they arrive as what a UART
    /// makes of them (a deterministic scramble standing for wrong bit timing, parity and polarity): garbage.
    /// </summary>
    public sealed class SimulatedP1Line : IP1Line, IConfigurableLine
    {
        private readonly int _baud;
        private readonly int _dataBits;
        private readonly char _parity;
        private readonly bool _invert;
        private byte[] _pending = new byte[0];
        private int _at;
        private int _noise = 0x5A;

        public SimulatedP1Line(int baud, int dataBits, char parity, bool invert)
        {
            _baud = baud;
            _dataBits = dataBits;
            _parity = parity;
            _invert = invert;
            Baud = 115200;
            DataBits = 8;
            Parity = 'N';
        }

        /// <summary>The settings the firmware set last.</summary>
        public int Baud { get; private set; }

        public int DataBits { get; private set; }

        public char Parity { get; private set; }

        public bool Invert { get; private set; }

        /// <summary>How many times the firmware reopened the line.</summary>
        public int Reconfigured { get; private set; }

        public bool Matches
        {
            get { return Baud == _baud && DataBits == _dataBits && Parity == _parity && Invert == _invert; }
        }

        /// <summary>The meter sends <paramref name="telegram"/> (ASCII): it arrives as the settings allow.</summary>
        public void Send(string telegram)
        {
            byte[] bytes = Bytes.Of(telegram);
            if (!Matches)
            {
                for (int i = 0; i < bytes.Length; i++)
                {
                    _noise = ((_noise * 73) + 41) & 0xFF;
                    bytes[i] = (byte)(Invert != _invert ? ~bytes[i] ^ _noise : bytes[i] ^ _noise);
                }
            }

            byte[] all = new byte[_pending.Length - _at + bytes.Length];
            System.Array.Copy(_pending, _at, all, 0, _pending.Length - _at);
            System.Array.Copy(bytes, 0, all, _pending.Length - _at, bytes.Length);
            _pending = all;
            _at = 0;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _pending.Length - _at < count ? _pending.Length - _at : count;
            System.Array.Copy(_pending, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        public void Configure(int baudRate, int dataBits, char parity, int stopBits, bool invert)
        {
            Baud = baudRate;
            DataBits = dataBits;
            Parity = parity;
            Invert = invert;
            Reconfigured++;
            _pending = new byte[0]; // a reopened driver starts with an empty buffer
            _at = 0;
        }
    }
}

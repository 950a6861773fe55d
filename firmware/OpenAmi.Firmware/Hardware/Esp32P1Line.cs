using System.IO.Ports;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// One P1 data line on an ESP32 UART (COM2 or COM3). The line is open collector: idle high through the pull-up
    /// means the UART must invert unless a transistor already has.
    /// </summary>
    public sealed class Esp32P1Line : IP1Line, IConfigurableLine
    {
        /// <summary>
        /// Native receive buffer. The longest telegrams in the corpus are 1.4 KB (Belgian, 13 months of peaks) and
        /// 1.5 KB (Luxembourg, encrypted); 4 KiB holds two of them, or 350 ms of 115200 baud while the GC runs.
        /// </summary>
        public const int ReadBufferBytes = 4096;

        private readonly int _com;
        private SerialPort _port;
        private bool _dataPending;

        public Esp32P1Line(int com, int rxPin, int txPin, int baudRate, bool sevenEvenOne, bool invert)
            : this(com, rxPin, txPin, baudRate, sevenEvenOne ? 7 : 8, sevenEvenOne ? 'E' : 'N', 1, invert)
        {
        }

        /// <summary>A line with any framing: P1 (115200 8N1, 9600 7E1), HAN (2400 8E1 or 8N1), IEC 62056-21 mode D.</summary>
        public Esp32P1Line(int com, int rxPin, int txPin, int baudRate, int dataBits, char parity, int stopBits, bool invert)
        {
            // Pins first: the ESP32 maps a UART's pins when the port is created, and opens only with RX and TX set.
            Configuration.SetPinFunction(rxPin, com == 2 ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(txPin, com == 2 ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            _com = com;
            Open(baudRate, dataBits, parity, stopBits, invert);
        }

        /// <summary>The line search's next candidate: the driver is installed again with the new settings.</summary>
        public void Configure(int baudRate, int dataBits, char parity, int stopBits, bool invert)
        {
            _port.DataReceived -= OnDataReceived;
            _port.Close();
            _port.Dispose();
            Open(baudRate, dataBits, parity, stopBits, invert);
        }

        private void Open(int baudRate, int dataBits, char parity, int stopBits, bool invert)
        {
            _port = new SerialPort(
                "COM" + _com, baudRate, parity == 'E' ? Parity.Even : (parity == 'O' ? Parity.Odd : Parity.None), dataBits,
                stopBits == 2 ? StopBits.Two : StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadBufferSize = ReadBufferBytes;
            _port.InvertSignalLevels = invert; // before Open(): the ESP32 applies it when it installs the driver
            _port.DataReceived += OnDataReceived;
            _port.Open();
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                _dataPending = false;
                return 0;
            }

            // Read only what is buffered: Read() with more would block until it arrives.
            return _port.Read(buffer, offset, available < count ? available : count);
        }

        /// <summary>Whether the UART signalled data since the last empty read (the loop may skip its sleep).</summary>
        public bool DataPending
        {
            get { return _dataPending; }
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            // Short by design: it runs on the event thread. Some firmware raises it with nothing buffered.
            _dataPending = true;
        }
    }
}

using System.IO.Ports;
using System.Text;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The provisioning console on a spare UART (COM3, 115200 8N1, through any USB-serial adapter). COM1 carries
    /// nanoFramework's debugger, so the console cannot share it.
    /// </summary>
    public sealed class SerialConsole : OpenAmi.Capture.ICaptureWriter
    {
        private readonly SerialPort _port;
        private readonly ProvisioningConsole _console;
        private readonly ConsoleLineReader _reader = new ConsoleLineReader();
        private readonly byte[] _buffer = new byte[64];

        public SerialConsole(int rxPin, int txPin, ProvisioningConsole console)
        {
            _console = console;
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM3_TX);
            _port = new SerialPort("COM3", 115200, Parity.None, 8, StopBits.One);
            _port.Open();
            Say("openami console: " + ProvisioningConsole.Help);
        }

        /// <summary>Prints a line on the console.</summary>
        public void Say(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + "\r\n");
            _port.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Writes bytes as they are (a capture export).</summary>
        public void Write(byte[] data, int offset, int count)
        {
            _port.Write(data, offset, count);
        }

        /// <summary>Runs whatever complete lines have arrived; call from the main loop.</summary>
        public void Poll()
        {
            int available = _port.BytesToRead;
            while (available > 0)
            {
                int n = _port.Read(_buffer, 0, available < _buffer.Length ? available : _buffer.Length);
                for (int i = 0; i < n; i++)
                {
                    string line = _reader.Feed(_buffer[i]);
                    if (line != null)
                    {
                        Say(_console.Execute(line));
                    }
                }

                available -= n;
            }
        }
    }
}

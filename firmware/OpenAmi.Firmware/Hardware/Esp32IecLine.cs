using System.IO.Ports;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App;
using OpenAmi.Iec62056;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// An IEC 62056-21 optical head (or RS-485 transceiver) on an ESP32 UART, 7E1: the mode C requester writes the
    /// sign-on and acknowledgement on TX and switches the speed during a readout. The port is closed and reopened
    /// around a speed change, so the new speed is applied on every firmware version.
    /// </summary>
    public sealed class Esp32IecLine : IIecLine, IP1Line
    {
        public const int ReadBufferBytes = 2048;

        private readonly SerialPort _port;

        public Esp32IecLine(int com, int rxPin, int txPin, bool invert)
        {
            Configuration.SetPinFunction(rxPin, com == 2 ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(txPin, com == 2 ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            _port = new SerialPort("COM" + com, ModeCRequester.InitialBaudRate, Parity.Even, 7, StopBits.One);
            _port.Handshake = Handshake.None;
            _port.ReadBufferSize = ReadBufferBytes;
            _port.InvertSignalLevels = invert;
            _port.Open();
        }

        public void Write(byte[] data, int offset, int count)
        {
            _port.Write(data, offset, count);
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return 0;
            }

            return _port.Read(buffer, offset, available < count ? available : count);
        }

        public void SetBaudRate(int baud)
        {
            if (_port.BaudRate == baud)
            {
                return;
            }

            _port.Close();
            _port.BaudRate = baud;
            _port.Open();
        }
    }
}

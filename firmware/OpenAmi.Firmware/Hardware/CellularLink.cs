using System;
using System.Device.Gpio;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App;
using OpenAmi.Firmware.App.Cellular;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The SIM7080 as the link sees it: its UART (COM3), its PWRKEY line, and its supply through the board's AXP2101
    /// (brought up here, before the modem can start).
    /// </summary>
    public sealed class CellularLink : IModemPort, IModemPower
    {
        private readonly SerialPort _port;
        private readonly GpioPin _powerKey;
        private readonly Axp2101 _pmu;

        private CellularLink(BoardProfile board, GpioController gpio)
        {
            if (board.PmuSdaPin >= 0)
            {
                _pmu = new Axp2101(board.PmuSdaPin, board.PmuSclPin);
                Console.WriteLine(_pmu.PowerModem() ? "modem supply on (AXP2101 DC3 3.0 V, BLDO2 3.3 V)" : "the AXP2101 does not answer on I2C: the modem may have no supply");
            }

            _powerKey = gpio.OpenPin(board.ModemPowerKeyPin, PinMode.Output);
            _powerKey.Write(PinValue.Low);
            Configuration.SetPinFunction(board.ModemRxPin, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(board.ModemTxPin, DeviceFunction.COM3_TX);
            _port = new SerialPort("COM3", 115200, Parity.None, 8, StopBits.One);
            _port.ReadBufferSize = 4096;
            _port.Open();
        }

        /// <summary>The modem link of <paramref name="config"/>: TLS files read from flash, the clock fed by the network.</summary>
        public static Sim7080MqttLink Create(FirmwareConfig config, GpioController gpio, NetworkClock clock)
        {
            var modem = new CellularLink(config.Board, gpio);
            CellularOptions options = config.Cellular;
            if (config.BrokerTls)
            {
                options.CaPem = ReadPem(config.CaPath, "the broker's CA certificate");
                options.ClientCertPem = config.CertPath == null ? null : ReadPem(config.CertPath, "the client certificate");
                options.ClientKeyPem = config.CertKeyPath == null ? null : ReadPem(config.CertKeyPath, "the client key");
            }

            return new Sim7080MqttLink(modem, modem, clock, clock, options);
        }

        // A missing or oversized file leaves the link without it: it then never connects (tls_setup_failed), never in plain text.
        private static byte[] ReadPem(string path, string what)
        {
            string text = new FlashConfigStore(path).Read();
            if (text == null || text.Length > CellularOptions.MaxFileBytes)
            {
                Console.WriteLine("mqtts over cellular needs " + what + " (PEM, under 10240 bytes) at " + path + ": the link will not connect without it");
                return null;
            }

            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            return available <= 0 ? 0 : _port.Read(buffer, offset, available < count ? available : count);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        // LilyGO drives PWRKEY through a transistor: the pin high is the key pressed.
        public void SetPowerKey(bool pressed)
        {
            _powerKey.Write(pressed ? PinValue.High : PinValue.Low);
        }

        public bool SetSupply(bool on)
        {
            return _pmu != null && _pmu.SetModemSupply(on);
        }
    }
}

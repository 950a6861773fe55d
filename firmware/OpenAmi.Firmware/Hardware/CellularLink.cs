using System.Device.Gpio;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Mqtt;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>The SIM7080's UART (COM3) and power key, and the MQTT link that speaks AT over them.</summary>
    public sealed class CellularLink : IModemPort
    {
        private readonly SerialPort _port;

        private CellularLink(int rxPin, int txPin)
        {
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM3_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM3_TX);
            _port = new SerialPort("COM3", 115200, Parity.None, 8, StopBits.One);
            _port.ReadBufferSize = 4096;
            _port.Open();
        }

        /// <summary>Powers the modem up (a 1 s pulse on PWRKEY) and returns the link over it.</summary>
        public static IMqttLink Create(FirmwareConfig config)
        {
            BoardProfile board = config.Board;
            var controller = new GpioController();
            GpioPin powerKey = controller.OpenPin(board.ModemPowerKeyPin, PinMode.Output);
            powerKey.Write(PinValue.Low);
            Thread.Sleep(100);
            powerKey.Write(PinValue.High);
            Thread.Sleep(1000);
            powerKey.Write(PinValue.Low);
            Thread.Sleep(3000);
            var modem = new CellularLink(board.ModemRxPin, board.ModemTxPin);
            return new Sim7080MqttLink(modem, new DeviceClock(), config.Apn, config.BrokerHost, config.BrokerPort, config.User, config.Password);
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
    }
}

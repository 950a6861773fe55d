using System;
using System.Device.I2c;
using nanoFramework.Hardware.Esp32;
using OpenAmi.Firmware.App.Cellular;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The X-Powers AXP2101 power manager of the LilyGO T-SIM7080G-S3, on I2C bus 1 at address 0x34
    /// (nanoFramework.System.Device.I2c 1.1.29, declared in tests/NanoSurface). What it is told is
    /// App/Cellular/Axp2101Setup.cs, tested against a simulated register file.
    /// </summary>
    public sealed class Axp2101 : IRegisterBus, IDisposable
    {
        public const int Address = 0x34;

        private readonly I2cDevice _device;
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _register = new byte[1];
        private readonly byte[] _read = new byte[1];

        public Axp2101(int sdaPin, int sclPin)
        {
            Configuration.SetPinFunction(sdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(sclPin, DeviceFunction.I2C1_CLOCK);
            _device = new I2cDevice(new I2cConnectionSettings(1, Address, I2cBusSpeed.StandardMode));
        }

        /// <summary>Sets 3.0 V on DCDC3 and 3.3 V on BLDO2 and switches both on; false when the chip does not answer.</summary>
        public bool PowerModem()
        {
            return Axp2101Setup.PowerModem(this);
        }

        /// <summary>Switches the modem's supply (DCDC3) on or off.</summary>
        public bool SetModemSupply(bool on)
        {
            return Axp2101Setup.SetModemSupply(this, on);
        }

        public int Read(int register)
        {
            _register[0] = (byte)register;
            I2cTransferResult result = _device.WriteRead(_register, _read);
            return result.Status == I2cTransferStatus.FullTransfer ? _read[0] : -1;
        }

        public bool Write(int register, int value)
        {
            _write[0] = (byte)register;
            _write[1] = (byte)value;
            return _device.Write(_write).Status == I2cTransferStatus.FullTransfer;
        }

        public void Dispose()
        {
            _device.Dispose();
        }
    }
}

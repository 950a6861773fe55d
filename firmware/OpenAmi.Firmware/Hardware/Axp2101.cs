using System;
using System.Device.I2c;
using nanoFramework.Hardware.Esp32;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The X-Powers AXP2101 power manager of the LilyGO T-SIM7080G-S3, on I2C bus 1 at address 0x34. It feeds the
    /// modem from DCDC3 (3.0 V, the modem's main supply, 2.7–3.4 V) and its antenna/level shifter from BLDO2 (3.3 V);
    /// both must be on before PWRKEY can start the SIM7080. Registers (AXP2101 datasheet, as LilyGO's XPowersLib
    /// names them): 0x03 chip id (0x4A), 0x80 DCDC on/off (bit 2: DCDC3), 0x84 DCDC3 voltage (1.6–3.4 V in 100 mV
    /// steps from code 88), 0x90 LDO on/off (bit 5: BLDO2), 0x97 BLDO2 voltage (0.5–3.5 V in 100 mV steps), 0x30 ADC
    /// channels (bit 1: the battery temperature pin, off, or the board never charges without a thermistor).
    /// </summary>
    public sealed class Axp2101 : IDisposable
    {
        public const int Address = 0x34;
        private const byte ChipIdRegister = 0x03;
        private const byte ChipId = 0x4A;
        private const byte DcdcEnable = 0x80;
        private const byte Dcdc3Voltage = 0x84;
        private const byte LdoEnable = 0x90;
        private const byte Bldo2Voltage = 0x97;
        private const byte AdcChannels = 0x30;
        private const int Dcdc3Bit = 1 << 2;
        private const int Bldo2Bit = 1 << 5;

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

        /// <summary>True when the chip answers with its id.</summary>
        public bool Present
        {
            get { return Read(ChipIdRegister) == ChipId; }
        }

        /// <summary>Sets 3.0 V on DCDC3 and 3.3 V on BLDO2 and switches both on; false when the chip does not answer.</summary>
        public bool PowerModem()
        {
            if (!Present)
            {
                return false;
            }

            int dc3 = Read(Dcdc3Voltage);
            int bldo2 = Read(Bldo2Voltage);
            int adc = Read(AdcChannels);
            return dc3 >= 0 && bldo2 >= 0 && adc >= 0
                && Write(Dcdc3Voltage, (dc3 & 0x80) | (88 + ((3000 - 1600) / 100)))
                && Write(Bldo2Voltage, (bldo2 & 0xE0) | ((3300 - 500) / 100))
                && Write(AdcChannels, adc & ~0x02)
                && SetBits(LdoEnable, Bldo2Bit, true)
                && SetBits(DcdcEnable, Dcdc3Bit, true);
        }

        /// <summary>Switches the modem's supply (DCDC3) on or off.</summary>
        public bool SetModemSupply(bool on)
        {
            return SetBits(DcdcEnable, Dcdc3Bit, on);
        }

        public void Dispose()
        {
            _device.Dispose();
        }

        private bool SetBits(byte register, int bits, bool on)
        {
            int value = Read(register);
            return value >= 0 && Write(register, on ? value | bits : value & ~bits);
        }

        private int Read(byte register)
        {
            _register[0] = register;
            I2cTransferResult result = _device.WriteRead(_register, _read);
            return result.Status == I2cTransferStatus.FullTransfer ? _read[0] : -1;
        }

        private bool Write(byte register, int value)
        {
            _write[0] = register;
            _write[1] = (byte)value;
            return _device.Write(_write).Status == I2cTransferStatus.FullTransfer;
        }
    }
}

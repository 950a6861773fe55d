namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>8-bit registers of a chip on a bus (the AXP2101 on I2C): -1 or false when the chip does not answer.</summary>
    public interface IRegisterBus
    {
        int Read(int register);

        bool Write(int register, int value);
    }

    /// <summary>
    /// What the LilyGO T-SIM7080G-S3's AXP2101 power manager must be told before PWRKEY can start the SIM7080: DCDC3
    /// at 3.0 V (the modem's main supply, 2.7–3.4 V) and BLDO2 at 3.3 V (its level shifter and the GNSS antenna), both
    /// switched on; the TS pin taken off battery-temperature duty, or the board never charges without a thermistor.
    /// Registers from the AXP2101 datasheet, named as LilyGO's XPowersLib names them: 0x03 chip id (0x4A), 0x30 ADC
    /// channels (bit 1: TS), 0x50 TS pin control (bit 4 set, bits 3–0 cleared: an external input that does not gate charging),
    /// 0x80 DCDC on/off (bit 2: DCDC3), 0x84 DCDC3 voltage (1.6–3.4 V in 100 mV steps from code 88; bit 7 kept),
    /// 0x90 LDO on/off (bit 5: BLDO2), 0x97 BLDO2 voltage (0.5–3.5 V in 100 mV steps; bits 7–5 kept).
    /// Voltages are set before the outputs are switched on, so the modem never sees the chip's default.
    /// </summary>
    public static class Axp2101Setup
    {
        public const int ChipIdRegister = 0x03;
        public const int ChipId = 0x4A;
        public const int AdcChannels = 0x30;
        public const int TsPinControl = 0x50;
        public const int DcdcEnable = 0x80;
        public const int Dcdc3Voltage = 0x84;
        public const int LdoEnable = 0x90;
        public const int Bldo2Voltage = 0x97;
        public const int Dcdc3Bit = 1 << 2;
        public const int Bldo2Bit = 1 << 5;
        public const int TsMeasureBit = 1 << 1;
        public const int ModemMillivolts = 3000;
        public const int LevelShifterMillivolts = 3300;

        /// <summary>True when the chip answers with its id.</summary>
        public static bool Present(IRegisterBus bus)
        {
            return bus.Read(ChipIdRegister) == ChipId;
        }

        /// <summary>Sets and switches on the modem's supplies; false when the chip is absent or a transfer failed.</summary>
        public static bool PowerModem(IRegisterBus bus)
        {
            if (!Present(bus))
            {
                return false;
            }

            int dc3 = bus.Read(Dcdc3Voltage);
            int bldo2 = bus.Read(Bldo2Voltage);
            int adc = bus.Read(AdcChannels);
            int ts = bus.Read(TsPinControl);
            return dc3 >= 0 && bldo2 >= 0 && adc >= 0 && ts >= 0
                && bus.Write(Dcdc3Voltage, (dc3 & 0x80) | Dcdc3Code(ModemMillivolts))
                && bus.Write(Bldo2Voltage, (bldo2 & 0xE0) | Bldo2Code(LevelShifterMillivolts))
                && bus.Write(TsPinControl, (ts & 0xF0) | 0x10)
                && bus.Write(AdcChannels, adc & ~TsMeasureBit)
                && SetBits(bus, LdoEnable, Bldo2Bit, true)
                && SetBits(bus, DcdcEnable, Dcdc3Bit, true);
        }

        /// <summary>Switches the modem's main supply (DCDC3) on or off, the other outputs untouched.</summary>
        public static bool SetModemSupply(IRegisterBus bus, bool on)
        {
            return SetBits(bus, DcdcEnable, Dcdc3Bit, on);
        }

        /// <summary>DCDC3's code for 1600–3400 mV (100 mV steps from code 88).</summary>
        public static int Dcdc3Code(int millivolts)
        {
            return 88 + ((millivolts - 1600) / 100);
        }

        /// <summary>BLDO2's code for 500–3500 mV (100 mV steps).</summary>
        public static int Bldo2Code(int millivolts)
        {
            return (millivolts - 500) / 100;
        }

        private static bool SetBits(IRegisterBus bus, int register, int bits, bool on)
        {
            int value = bus.Read(register);
            return value >= 0 && bus.Write(register, on ? value | bits : value & ~bits);
        }
    }
}

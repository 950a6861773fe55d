// nanoFramework.Hardware.Esp32 1.6.40: pin functions.
// Source: nanoframework/nanoFramework.Hardware.Esp32 tag v1.6.40, nanoFramework.Hardware.Esp32/Configuration.cs and
// DeviceTypePins.cs. A DeviceFunction value is device type * 0x10000 (SPI 1, I2C 2, SERIAL 3, PWM 4, ADC 5, I2S 6,
// SDMMC 8) + device index * 0x100 + item: COM2_RX is 0x30201.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceTypes
    {
        GPIO = 0x00000, SPI = 0x10000, I2C = 0x20000, SERIAL = 0x30000, PWM = 0x40000, ADC = 0x50000, I2S = 0x60000, SDMMC = 0x80000,
    }

    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10100, SPI1_MISO = 0x10101, SPI1_CLOCK = 0x10102,
        SPI2_MOSI = 0x10200, SPI2_MISO = 0x10201, SPI2_CLOCK = 0x10202,
        I2C1_DATA = 0x20100, I2C1_CLOCK = 0x20101,
        I2C2_DATA = 0x20200, I2C2_CLOCK = 0x20201,
        COM1_TX = 0x30100, COM1_RX = 0x30101, COM1_RTS = 0x30102, COM1_CTS = 0x30103,
        COM2_TX = 0x30200, COM2_RX = 0x30201, COM2_RTS = 0x30202, COM2_CTS = 0x30203,
        COM3_TX = 0x30300, COM3_RX = 0x30301, COM3_RTS = 0x30302, COM3_CTS = 0x30303,
        COM4_TX = 0x30400, COM4_RX = 0x30401, COM4_RTS = 0x30402, COM4_CTS = 0x30403,
        PWM1 = 0x40100, PWM2 = 0x40200, PWM3 = 0x40300, PWM4 = 0x40400, PWM5 = 0x40500, PWM6 = 0x40600, PWM7 = 0x40700, PWM8 = 0x40800,
        PWM9 = 0x40900, PWM10 = 0x40A00, PWM11 = 0x40B00, PWM12 = 0x40C00, PWM13 = 0x40D00, PWM14 = 0x40E00, PWM15 = 0x40F00, PWM16 = 0x41000,
        ADC1_CH0 = 0x50100, ADC1_CH1 = 0x50101, ADC1_CH2 = 0x50102, ADC1_CH3 = 0x50103, ADC1_CH4 = 0x50104, ADC1_CH5 = 0x50105, ADC1_CH6 = 0x50106,
        ADC1_CH7 = 0x50107, ADC1_CH8 = 0x50108, ADC1_CH9 = 0x50109, ADC1_CH10 = 0x5010A, ADC1_CH11 = 0x5010B, ADC1_CH12 = 0x5010C, ADC1_CH13 = 0x5010D,
        ADC1_CH14 = 0x5010E, ADC1_CH15 = 0x5010F, ADC1_CH16 = 0x50110, ADC1_CH17 = 0x50111, ADC1_CH18 = 0x50112, ADC1_CH19 = 0x50113,
        I2S1_MCK = 0x60100, I2S1_BCK = 0x60101, I2S1_WS = 0x60102, I2S1_DATA_OUT = 0x60103, I2S1_MDATA_IN = 0x60104,
        I2S2_MCK = 0x60200, I2S2_BCK = 0x60201, I2S2_WS = 0x60202, I2S2_DATA_OUT = 0x60203, I2S2_MDATA_IN = 0x60204,
        SDMMC1_CLOCK = 0x80100, SDMMC1_COMMAND = 0x80101, SDMMC1_D0 = 0x80102, SDMMC1_D1 = 0x80103, SDMMC1_D2 = 0x80104, SDMMC1_D3 = 0x80105,
        SDMMC2_CLOCK = 0x80200, SDMMC2_COMMAND = 0x80201, SDMMC2_D0 = 0x80202, SDMMC2_D1 = 0x80203, SDMMC2_D2 = 0x80204, SDMMC2_D3 = 0x80205,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { }
        public static int GetFunctionPin(DeviceFunction function) { throw null; }
    }
}

// nanoFramework.Hardware.Esp32 1.6.40: pin functions.
// Source: nanoframework/nanoFramework.Hardware.Esp32 nanoFramework.Hardware.Esp32/Configuration.cs and
// DeviceTypePins.cs, as quoted in ../shared/notes/nanoframework.md section 2 ("Pin API").
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM1_TX = 0x0100, COM1_RX, COM1_RTS, COM1_CTS,
        COM2_TX = 0x0200, COM2_RX, COM2_RTS, COM2_CTS,
        COM3_TX = 0x0300, COM3_RX, COM3_RTS, COM3_CTS,
    }

    public static class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { }
        public static int GetFunctionPin(DeviceFunction function) { throw null; }
    }
}

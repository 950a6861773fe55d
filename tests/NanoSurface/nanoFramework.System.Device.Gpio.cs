// nanoFramework.System.Device.Gpio 1.1.62 (assembly System.Device.Gpio).
// Source: nanoframework/System.Device.Gpio System.Device.Gpio/GpioController.cs, GpioPin.cs, PinValue.cs,
// PinMode.cs, as quoted in ../shared/notes/nanoframework.md section 3.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input, InputPullDown, InputPullUp, Output, OutputOpenDrain, OutputOpenDrainPullUp, OutputOpenSource, OutputOpenSourcePullDown,
    }

    public struct PinValue
    {
        public static readonly PinValue Low;
        public static readonly PinValue High;
        public static implicit operator PinValue(int value) { throw null; }
        public static implicit operator PinValue(bool value) { throw null; }
    }

    public class GpioPin : IDisposable
    {
        public void Write(PinValue value) { }
        public PinValue Read() { throw null; }
        public void Toggle() { }
        public void SetPinMode(PinMode value) { }
        public void Dispose() { }
    }

    public class GpioController : IDisposable
    {
        public GpioController() { }
        public GpioPin OpenPin(int pinNumber) { throw null; }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw null; }
        public void Write(int pinNumber, PinValue value) { }
        public PinValue Read(int pinNumber) { throw null; }
        public void ClosePin(int pinNumber) { }
        public bool IsPinOpen(int pinNumber) { throw null; }
        public void Dispose() { }
    }
}

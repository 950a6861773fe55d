// nanoFramework.System.Device.Gpio 1.1.62 (assembly System.Device.Gpio).
// Source: nanoframework/System.Device.Gpio tag v1.1.62, System.Device.Gpio/GpioController.cs, GpioPin.cs,
// PinValue.cs (Low and High are static properties), PinMode.cs.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input, InputPullDown, InputPullUp, Output, OutputOpenDrain, OutputOpenDrainPullUp, OutputOpenSource, OutputOpenSourcePullDown,
    }

    public readonly struct PinValue
    {
        public static PinValue High { get { throw null; } }
        public static PinValue Low { get { throw null; } }
        public static implicit operator PinValue(int value) { throw null; }
        public static implicit operator PinValue(bool value) { throw null; }
        public static explicit operator byte(PinValue value) { throw null; }
        public static explicit operator int(PinValue value) { throw null; }
        public static explicit operator bool(PinValue value) { throw null; }
        public bool Equals(PinValue other) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public static bool operator ==(PinValue a, PinValue b) { throw null; }
        public static bool operator !=(PinValue a, PinValue b) { throw null; }
    }

    public sealed class GpioPin : IDisposable
    {
        public void Write(PinValue value) { }
        public PinValue Read() { throw null; }
        public void Toggle() { }
        public void SetPinMode(PinMode value) { }
        public void Dispose() { }
    }

    public sealed class GpioController : IDisposable
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

using System.Device.Gpio;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>A GPIO output (request line, relay, LED), with the board's polarity applied.</summary>
    public sealed class GpioOutputPin : IOutputPin
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;

        public GpioOutputPin(GpioController controller, int pinNumber, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            Write(false);
        }

        public void Write(bool high)
        {
            _pin.Write(high != _activeLow ? PinValue.High : PinValue.Low);
        }
    }
}

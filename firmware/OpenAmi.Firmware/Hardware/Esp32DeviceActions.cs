using nanoFramework.Runtime.Native;
using OpenAmi.Commands;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>What signed commands may do on the ESP32: switch the board's relay and reboot.</summary>
    public sealed class Esp32DeviceActions : IDeviceActions
    {
        private readonly IOutputPin _relay;

        /// <param name="relay">The relay output, or null when the board has none.</param>
        public Esp32DeviceActions(IOutputPin relay)
        {
            _relay = relay;
        }

        /// <summary>Set when a reboot was asked for; the main loop stops the gateway cleanly and reboots.</summary>
        public bool RebootRequested { get; private set; }

        public bool HasRelay
        {
            get { return _relay != null; }
        }

        public void SetRelay(string meterSerial, bool connected)
        {
            _relay.Write(connected);
        }

        public void Reboot()
        {
            // Not here: the command's result must be published first. The loop reboots a few seconds later.
            RebootRequested = true;
        }

        /// <summary>Restarts the chip.</summary>
        public static void RebootNow()
        {
            Power.RebootDevice();
        }
    }
}

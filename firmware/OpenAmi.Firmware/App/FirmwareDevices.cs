using OpenAmi.Commands;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// The adapters the firmware runs on: nanoFramework hardware on the ESP32 (Program.cs), simulated UART, GPIO
    /// and flash in the desktop simulation. Everything the host needs from the outside world is here.
    /// </summary>
    public sealed class FirmwareDevices
    {
        /// <summary>One P1 data line per configured port.</summary>
        public IP1Line[] Lines;

        /// <summary>
        /// Per port, the line an IEC 62056-21 mode C requester drives (TX, baud switch), or null: such a port is read
        /// through it instead of <see cref="Lines"/>. Null when no port reads a meter in mode C.
        /// </summary>
        public OpenAmi.Iec62056.IIecLine[] IecLines;

        /// <summary>One data-request output per configured port.</summary>
        public IOutputPin[] RequestPins;

        public IOutputPin Led = new NoPin();
        public IRecordStore OutboxStore;
        public IBlobStore Blobs;
        public IGatewayClock Clock;
        public IMqttLink Link;
        public INetworkMonitor Network;
        public IMemoryProbe Memory;
        public IHmacSha256 Hmac;

        /// <summary>The AES engine for meter keys; the managed one unless the platform proved its native one works.</summary>
        public IAesFactory Aes = new ManagedAesFactory();
        public IDeviceActions Actions;

        /// <summary>Where the console's support capture keeps telegrams (I:\capture on the device), or null for none.</summary>
        public OpenAmi.Capture.ICaptureStore Captures;
    }
}

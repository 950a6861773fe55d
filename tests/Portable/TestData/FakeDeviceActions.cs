using System.Collections;
using OpenAmi.Commands;

namespace OpenAmi.Tests.Portable
{
    /// <summary>A board with (or without) a relay that records what commands made it do.</summary>
    public sealed class FakeDeviceActions : IDeviceActions
    {
        public readonly ArrayList RelayCalls = new ArrayList();

        public bool HasRelay { get; set; } = true;

        public int Reboots { get; private set; }

        public void SetRelay(string meterSerial, bool connected)
        {
            RelayCalls.Add(meterSerial + (connected ? ":connect" : ":disconnect"));
        }

        public void Reboot()
        {
            Reboots++;
        }
    }
}

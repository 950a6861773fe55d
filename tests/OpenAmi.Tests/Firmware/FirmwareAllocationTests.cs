using OpenAmi.Firmware.App;
using OpenAmi.Outbox;
using OpenAmi.Tests.EndToEnd;
using OpenAmi.Tests.Portable;
using Xunit;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The firmware's loop turn on the device's heap budget: between reports, draining the UART, decoding, parsing and
/// ticking the runtime allocate nothing (a count, not a timing).
/// </summary>
public class FirmwareAllocationTests
{
    [Fact]
    public void ALoopTurnWithATelegramAllocatesNothingBetweenReports()
    {
        string config = "board = devkitc-wroom\nwifi_ssid = a\nbroker = mqtt://127.0.0.1\nfeeder = f\ngateway = g\ninterval = 900\n";
        var uart = new SimulatedUart();
        var clock = new FakeClock { UtcNowUnix = 1_780_000_000, IsTrusted = true, TickMs = 1000 };
        var devices = new FirmwareDevices
        {
            Lines = [uart],
            RequestPins = [new SimulatedPin()],
            Led = new SimulatedPin(),
            OutboxStore = new MemoryRecordStore(),
            Blobs = new OpenAmi.Commands.MemoryBlobStore(),
            Clock = clock,
            Link = new FakeLink(),
            Network = new SimulatedNetwork(),
            Memory = new SimulatedMemory(),
        };
        var host = new FirmwareHost(FirmwareConfig.Load(config, "t"), devices, FirmwareHost.DeviceOutbox());
        host.Start();

        // The telegrams are built first: the meter's bytes are not the firmware's allocations.
        byte[][] telegrams = Enumerable.Range(0, 120).Select(i => TelegramServer.Telegram(1_780_000_000 + i, 5_000_000 + i)).ToArray();
        for (int i = 0; i < 20; i++)
        {
            uart.Receive(telegrams[i]);
            clock.Advance(1);
            host.Poll();
        }

        // Feeding the simulated UART allocates in the queue, so each telegram is queued before measuring its turn.
        long allocated = 0;
        for (int i = 20; i < 120; i++)
        {
            uart.Receive(telegrams[i]);
            clock.Advance(1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            host.Poll();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(120, host.FramesOn(0));
        Assert.Equal(120, host.Runtime.FramesOk);
        Assert.Equal(0, allocated);
    }
}

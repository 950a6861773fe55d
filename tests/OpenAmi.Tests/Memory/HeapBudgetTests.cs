using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;
using OpenAmi.Tests.Firmware;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// Holds the device heap budget of issue 9 in CI: the firmware's own composition (FirmwareHost with its decoders,
/// gateway runtime, outbox and command processor, as Program.cs builds it) is built here with the meter key and a
/// command key, fed the bench telegrams, and its nanoCLR heap estimated with <see cref="NanoHeapModel"/>.
/// Platform adapters (UART, flash, MQTT link, clock, HMAC and AES ports) are not part of the runtime's budget.
/// </summary>
public class HeapBudgetTests(ITestOutputHelper output)
{
    /// <summary>Managed heap one port's whole runtime may hold on the device.</summary>
    /// <remarks>Ratchet while issue 9 lands in parts: lowered with each part, down to 32 KB.</remarks>
    public const long OnePortBudget = 96 * 1024;

    /// <summary>What each further port may add.</summary>
    public const long FurtherPortBudget = 13 * 1024;

    private const string Config =
        "board = olimex-esp32-poe\nnetwork = ethernet\nbroker = mqtt://127.0.0.1\nfeeder = feeder-1\ngateway = gw-1\n" +
        "mode = full\nkey = 0123456789abcdef0123456789abcdef\naad = 30ffeeddccbbaa99887766554433221100\n" +
        "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

    [Fact]
    public void OnePortRuntimeFitsTheDeviceHeapAndEachFurtherPortFitsItsShare()
    {
        HeapEstimate one = Estimate(1);
        HeapEstimate two = Estimate(2);
        long further = two.Total - one.Total;
        output.WriteLine($"nanoCLR heap estimate, one port's whole runtime: {one.Total:N0} B (static tables {one.Statics:N0} B); budget {OnePortBudget:N0} B");
        output.WriteLine($"each further port: {further:N0} B; budget {FurtherPortBudget:N0} B");
        output.WriteLine("largest holders, one port:");
        output.WriteLine(one.Breakdown);
        Assert.True(one.Total <= OnePortBudget, $"one port holds {one.Total:N0} B, over the {OnePortBudget:N0} B budget:\n{one.Breakdown}");
        Assert.True(further <= FurtherPortBudget, $"a further port holds {further:N0} B, over the {FurtherPortBudget:N0} B budget");
    }

    public sealed record HeapEstimate(long Total, long Statics, string Breakdown);

    /// <summary>Builds the firmware runtime with <paramref name="ports"/> ports, runs telegrams through it, estimates its heap.</summary>
    public static HeapEstimate Estimate(int ports)
    {
        string bench = Path.Combine(RepoPaths.Root, "samples", "bench");
        byte[][] inputs =
        [
            File.ReadAllBytes(Path.Combine(bench, "dsmr5-1phase-sagemcom-xs210.p1")),
            File.ReadAllBytes(Path.Combine(bench, "belgium-3phase-13month-fluvius.p1")),
            File.ReadAllBytes(Path.Combine(bench, "luxembourg-smarty-encrypted.bin")),
        ];
        return Estimate(Config + $"ports = {ports}\n", ports, inputs);
    }

    /// <summary>Builds the firmware runtime from <paramref name="text"/>, feeds each port the inputs in turn, estimates its heap.</summary>
    public static HeapEstimate Estimate(string text, int ports, byte[][] inputs)
    {
        var clock = new FakeClock { UtcNowUnix = 1_780_000_000, IsTrusted = true, TickMs = 1000 };
        var uarts = Enumerable.Range(0, ports).Select(_ => new SimulatedUart()).ToArray();
        var devices = new FirmwareDevices
        {
            Lines = uarts,
            RequestPins = Enumerable.Range(0, ports).Select(_ => (IOutputPin)new SimulatedPin()).ToArray(),
            Led = new SimulatedPin(),
            OutboxStore = new MemoryRecordStore(),
            Blobs = new MemoryBlobStore(),
            Clock = clock,
            Link = new FakeLink(),
            Network = new SimulatedNetwork(),
            Memory = new SimulatedMemory(),
            Hmac = new SoftwareHmacSha256(),
            Actions = new FakeDeviceActions(),
        };
        FirmwareConfig config = FirmwareConfig.Load(text, "t");
        if (config.ProblemCount > 0 || config.Ports != ports)
        {
            throw new InvalidOperationException("the budget's configuration is not usable: " + config.Describe());
        }

        var host = new FirmwareHost(config, devices, FirmwareHost.DeviceOutbox());
        host.Start();
        ((FakeLink)devices.Link).Connect();

        for (int round = 0; round < 3; round++)
        {
            for (int port = 0; port < ports; port++)
            {
                uarts[port].Receive(inputs[(round + port) % inputs.Length]);
            }

            clock.Advance(1);
            host.Poll();
        }

        var model = new NanoHeapModel(IsAdapter);
        model.Add(host);
        return new HeapEstimate(model.Total, model.Statics, model.Breakdown(90));
    }

    // Adapters stand for the platform (flash, UART, network, crypto engines); their heap is the platform's, not the runtime's.
    private static bool IsAdapter(object o) =>
        o is FirmwareDevices || o is IRecordStore || o is IBlobStore || o is IMqttLink || o is IGatewayClock || o is IHmacSha256
        || o is IBlockCipher || o is IDeviceActions || o is IP1Line || o is IOutputPin || o is INetworkMonitor || o is IMemoryProbe
        || (o.GetType().Namespace ?? "").StartsWith("OpenAmi.Tests", StringComparison.Ordinal);
}

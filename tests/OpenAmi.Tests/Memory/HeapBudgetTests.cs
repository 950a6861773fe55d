using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;
using OpenAmi.Tests.Firmware;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using System.Reflection;
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
    /// <remarks>
    /// Issue 9's budget. Held between telegrams and commands: a command borrows about 5 KB more while it is handled
    /// (its scratch, decoding and answer buffers, see ScratchBuffer), given back after it.
    /// </remarks>
    public const long OnePortBudget = 32 * 1024;

    /// <summary>What each further port may add.</summary>
    public const long FurtherPortBudget = 8 * 1024;

    private const string Config =
        "board = olimex-esp32-poe-wrover\nnetwork = ethernet\nbroker = mqtt://127.0.0.1\nfeeder = feeder-1\ngateway = gw-1\n" +
        "mode = full\nkey = 0123456789abcdef0123456789abcdef\naad = 30ffeeddccbbaa99887766554433221100\n" +
        "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

    [Fact]
    public void OnePortRuntimeFitsTheDeviceHeapAndEachFurtherPortFitsItsShare()
    {
        HeapEstimate one = Estimate(1);
        HeapEstimate two = Estimate(2);
        long further = two.Runtime - one.Runtime;
        output.WriteLine($"nanoCLR heap estimate, one port's whole runtime: {one.Runtime:N0} B (static tables {one.Statics:N0} B); budget {OnePortBudget:N0} B");
        output.WriteLine($"with the firmware app around it (configuration, board, host loop): {one.Total:N0} B");
        output.WriteLine($"each further port: {further:N0} B; budget {FurtherPortBudget:N0} B");
        output.WriteLine("largest holders, one port:");
        output.WriteLine(one.Breakdown);
        Assert.True(one.Runtime <= OnePortBudget, $"one port's runtime holds {one.Runtime:N0} B, over the {OnePortBudget:N0} B budget:\n{one.Breakdown}");
        Assert.True(further <= FurtherPortBudget, $"a further port holds {further:N0} B, over the {FurtherPortBudget:N0} B budget");
    }

    /// <summary>
    /// The firmware's heap plan (HeapPlan, which refuses a configuration its board cannot hold) never plans less than
    /// the runtime of a configuration holds: plaintext in VMRS mode, and with each feature that adds to it.
    /// </summary>
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    public void TheHeapPlanCoversEachFeaturesRuntime(bool fullMode, bool decryption, bool commands)
    {
        string bench = Path.Combine(RepoPaths.Root, "samples", "bench");
        var inputs = new List<byte[]>
        {
            File.ReadAllBytes(Path.Combine(bench, "dsmr5-1phase-sagemcom-xs210.p1")),
            File.ReadAllBytes(Path.Combine(bench, "belgium-3phase-13month-fluvius.p1")),
        };
        string text = "board = olimex-esp32-poe-wrover\nnetwork = ethernet\nbroker = mqtt://127.0.0.1\nfeeder = feeder-1\ngateway = gw-1\nports = 1\n"
            + (fullMode ? "mode = full\n" : "mode = vmrs\n");
        if (decryption)
        {
            text += "key = 0123456789abcdef0123456789abcdef\naad = 30ffeeddccbbaa99887766554433221100\n";
            inputs.Add(File.ReadAllBytes(Path.Combine(bench, "luxembourg-smarty-encrypted.bin")));
        }

        if (commands)
        {
            text += "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
        }

        HeapEstimate estimate = Estimate(text, 1, inputs.ToArray());
        int planned = HeapPlan.FirstPort(fullMode, decryption, commands);
        output.WriteLine($"full {fullMode}, decryption {decryption}, commands {commands}: runtime {estimate.Runtime:N0} B, planned {planned:N0} B");
        Assert.True(estimate.Runtime <= planned, $"the runtime holds {estimate.Runtime:N0} B and HeapPlan plans {planned:N0} B:\n{estimate.Breakdown}");
    }

    public sealed record HeapEstimate(long Total, long Runtime, long Statics, string Breakdown);

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

        // A grant and a command pass through the command processor, so its buffers are counted as it holds them
        // between commands (lent per message, released after).
        if (host.Commands != null)
        {
            var link = (FakeLink)devices.Link;
            link.AckAll(0); // the broker took the telemetry: the in-flight window is free for the answers
            host.Poll();
            int answers = link.Count;
            DeliverCommands(link.Listener, clock.UtcNowUnix);
            host.Poll();
            string said = string.Concat(Enumerable.Range(answers, link.Count - answers).Select(link.Payload));
            if (!said.Contains("\"grant_result\"") || !said.Contains("\"command_result\""))
            {
                throw new InvalidOperationException("the grant and the command were not answered: the estimate would not cover the command path. Published: " + string.Join("\n", Enumerable.Range(0, link.Count).Select(i => link.Topic(i) + " " + link.Payload(i))));
            }
        }

        // The runtime first (decoders, gateway runtime with its outbox, command processor), then what the
        // firmware app adds around it (configuration, board profile, host loop).
        var model = new NanoHeapModel(IsAdapter);
        var decoders = (PortDecoder[])typeof(FirmwareHost).GetField("_decoders", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(host)!;
        model.Add(decoders);
        model.Add(host.Runtime);
        model.Add(host.Commands);
        long runtime = model.Total;
        model.Add(host);
        return new HeapEstimate(model.Total, runtime, model.Statics, model.Breakdown(90));
    }

    private static void DeliverCommands(IMqttLinkListener listener, long now)
    {
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        string root = "openami/v1/feeder-1/gw-1";
        string grant = MessageSigner.Sign(new SoftwareHmacSha256(), "k1", key,
            "{\"sessionId\":\"s1\",\"participants\":[\"hes-1\",\"gw-1\"],\"gatewayId\":\"gw-1\",\"feederScope\":{\"feederId\":\"feeder-1\",\"meters\":[\"m1\"]},"
            + "\"operations\":[\"relay_off\"],\"validFrom\":\"" + OpenAmi.Northbound.IsoTimeText.Format(now - 60) + "\",\"validTo\":\""
            + OpenAmi.Northbound.IsoTimeText.Format(now + 3600) + "\",\"ctr\":1}");
        string command = MessageSigner.Sign(new SoftwareHmacSha256(), "k1", key,
            "{\"cmdId\":\"c1\",\"feederId\":\"feeder-1\",\"gatewayId\":\"gw-1\",\"meterSerial\":\"m1\",\"op\":\"relay_off\",\"ctr\":2,\"iat\":"
            + (now - 5) + ",\"exp\":" + (now + 120) + "}");
        Deliver(listener, root + "/session/s1", grant);
        Deliver(listener, root + "/meter/m1/command", command);
    }

    private static void Deliver(IMqttLinkListener listener, string topic, string message)
    {
        byte[] t = System.Text.Encoding.ASCII.GetBytes(topic);
        byte[] m = System.Text.Encoding.ASCII.GetBytes(message);
        listener.OnMessage(t, t.Length, m, m.Length);
    }

    // Adapters stand for the platform (flash, UART, network, crypto engines); their heap is the platform's, not the runtime's.
    private static bool IsAdapter(object o) =>
        o is FirmwareDevices || o is IRecordStore || o is IBlobStore || o is IMqttLink || o is IGatewayClock || o is IHmacSha256
        || o is IBlockCipher || o is IDeviceActions || o is IP1Line || o is IOutputPin || o is INetworkMonitor || o is IMemoryProbe
        || (o.GetType().Namespace ?? "").StartsWith("OpenAmi.Tests", StringComparison.Ordinal);
}

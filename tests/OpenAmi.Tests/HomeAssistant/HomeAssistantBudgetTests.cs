using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Parsing;
using OpenAmi.Tests.Memory;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.HomeAssistant;

/// <summary>
/// Home Assistant discovery on the device's budgets (issue 9): what it adds to one port's whole firmware runtime
/// on the nanoCLR heap (estimated by <see cref="NanoHeapModel"/>), and that telegrams after the first allocate
/// nothing with discovery on (counted on desktop; the IL scan of HotPathAllocationTests covers the interpreter).
/// </summary>
public class HomeAssistantBudgetTests(ITestOutputHelper output)
{
    /// <summary>What discovery may add to one port's runtime: a meter's table, the payload writer and its static tables.</summary>
    public const long DiscoveryBudget = 5 * 1024;

    private const string Config =
        "board = olimex-esp32-poe\nnetwork = ethernet\nbroker = mqtt://127.0.0.1\nfeeder = feeder-1\ngateway = gw-1\nmode = full\nports = 1\n";

    [Fact]
    public void DiscoveryFitsItsShareOfTheDeviceHeap()
    {
        byte[][] inputs = [File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", "belgium-3phase-13month-fluvius.p1"))];
        HeapBudgetTests.HeapEstimate without = HeapBudgetTests.Estimate(Config, 1, inputs);
        HeapBudgetTests.HeapEstimate with = HeapBudgetTests.Estimate(Config + "ha_discovery = true\n", 1, inputs);
        // The entity table is a static class no object points to: the model does not reach it, the device holds it anyway.
        var table = new NanoHeapModel(_ => false);
        Type entities = typeof(GatewayRuntime).Assembly.GetType("OpenAmi.Gateway.HomeAssistantEntities")!;
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(entities.TypeHandle);
        foreach (var field in entities.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            if (!field.IsLiteral && !field.FieldType.IsPrimitive)
            {
                table.Add(field.GetValue(null));
            }
        }

        output.WriteLine("entity table:\n" + table.Breakdown(8));
        long added = with.Runtime - without.Runtime + table.Total;
        long statics = with.Statics - without.Statics + table.Total;
        output.WriteLine($"one port, full mode, Belgian 3-phase meter with gas: {without.Runtime:N0} B without discovery, {with.Runtime + table.Total:N0} B with it (the runtime, as HeapBudgetTests counts it)");
        output.WriteLine($"discovery adds {added:N0} B, of which {statics:N0} B of static tables (entity table {table.Total:N0} B); budget {DiscoveryBudget:N0} B");
        Assert.True(added <= DiscoveryBudget, $"discovery adds {added:N0} B, over its {DiscoveryBudget:N0} B:\n{with.Breakdown}");
        Assert.True(with.Runtime + table.Total <= HeapBudgetTests.OnePortBudget, $"with discovery one port's runtime holds {with.Runtime + table.Total:N0} B, over {HeapBudgetTests.OnePortBudget:N0} B");
    }

    [Fact]
    public void TelegramsAfterTheFirstAllocateNothingWithDiscoveryOn()
    {
        foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
        {
            var options = new GatewayOptions { FeederId = "f", GatewayId = "g", IntervalSeconds = 900, HaDiscovery = true }; // between reports: the memory store allocates per message
            options.Mapping.Mode = mode;
            var clock = new FakeClock { UtcNowUnix = 1_780_000_000, TickMs = 5000 };
            var link = new CountingLink();
            var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link);
            runtime.Start();
            link.Connect(runtime);
            Telegram telegram = Parsed.First(Telegrams.FluviusThreeMonthPeaks)!;
            for (int i = 0; i < 20; i++)
            {
                runtime.OnFrame(0, telegram);
                clock.Advance(1);
                runtime.Tick();
                link.AckAll();
            }

            long discovery = runtime.DiscoveryMessages;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                runtime.OnFrame(0, telegram);
                clock.Advance(1);
                runtime.Tick();
                link.AckAll();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            output.WriteLine($"{mode}: {discovery} discovery messages at warm-up, {runtime.DiscoveryMessages - discovery} after; {allocated} B allocated in 200 telegrams");
            Assert.Equal(0, allocated);
            Assert.Equal(discovery, runtime.DiscoveryMessages);
        }
    }

    /// <summary>A link that takes everything and keeps nothing, so the runtime's own allocations are what is counted.</summary>
    private sealed class CountingLink : OpenAmi.Mqtt.IMqttLink
    {
        private readonly int[] _pending = new int[4096];
        private OpenAmi.Mqtt.IMqttLinkListener? _listener;
        private int _id;
        private int _count;

        /// <summary>Acknowledges what was published, as a broker would, after the call that published it.</summary>
        public void AckAll()
        {
            for (int i = 0; i < _count; i++)
            {
                _listener!.OnPublishAcknowledged(_pending[i]);
            }

            _count = 0;
        }

        public bool IsConnected { get; private set; }

        public void Connect(OpenAmi.Mqtt.IMqttLinkListener listener)
        {
            IsConnected = true;
            listener.OnConnected();
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, OpenAmi.Mqtt.IMqttLinkListener listener) => _listener = listener;

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            int id = _id = (_id % 60000) + 1;
            _pending[_count++] = id;
            return id;
        }

        public void Subscribe(string topicFilter)
        {
        }

        public void Stop() => IsConnected = false;
    }
}

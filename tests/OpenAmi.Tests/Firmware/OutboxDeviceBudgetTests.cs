using System.Reflection;
using OpenAmi.Firmware.App;
using OpenAmi.Outbox;
using OpenAmi.Tests.Memory;
using OpenAmi.Vmrs;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The outbox on the ESP32's budget (issue 9): what one port's outbox holds on the nanoCLR heap, memory queue
/// included, and that appending, publishing, acknowledging and retrying allocate nothing (counted on desktop, and
/// read as IL for what only the interpreter allocates, such as string literals).
/// </summary>
public class OutboxDeviceBudgetTests(ITestOutputHelper output)
{
    private const int BudgetBytes = 8 * 1024;

    private static readonly byte[] Topic = "openami/v1/feeder-1/pole-0042/meter/E0044007131650618/telemetry"u8.ToArray();

    [Fact]
    public void OnePortsOutboxFitsEightKilobytesOfDeviceHeap()
    {
        var outbox = new PersistentOutbox(new MemoryRecordStore(), FirmwareHost.DeviceOutbox());
        var model = new NanoHeapModel(o => o is IRecordStore);
        model.Add(outbox);
        long own = model.Total - model.Statics;
        OutboxOptions o = FirmwareHost.DeviceOutbox();
        output.WriteLine($"device outbox: {own:N0} B on the nanoCLR heap, plus {model.Statics:N0} B of static tables shared by every port "
            + $"(record buffer {o.MaxRecordBytes} B, index {o.MaxRecords} records, memory queue {o.MemoryQueueBytes} B / {o.MemoryQueueRecords} messages, "
            + $"{o.MaxInflight} in flight)");
        output.WriteLine(model.Breakdown(12));
        Assert.True(own <= BudgetBytes, $"the device outbox holds {own} B, over its {BudgetBytes} B:\n{model.Breakdown(12)}");
    }

    [Fact]
    public void EveryEnvelopeOfTheCorpusFitsADeviceRecordInBothModes()
    {
        // The record bound decides what the device can keep: a message over it is counted unstorable and lost.
        var outbox = new PersistentOutbox(new MemoryRecordStore(), FirmwareHost.DeviceOutbox());
        int largest = 0;
        string largestOf = "";
        foreach (object[] capture in OpenAmi.Tests.Northbound.EnvelopeCorpusTests.AllCaptures())
        {
            foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
            {
                foreach (string envelope in OpenAmi.Tests.Northbound.EnvelopeCorpusTests.Envelopes((string)capture[0], mode))
                {
                    byte[] payload = System.Text.Encoding.UTF8.GetBytes(envelope);
                    if (payload.Length > largest)
                    {
                        largest = payload.Length;
                        largestOf = $"{capture[0]} ({mode})";
                    }

                    Assert.True(outbox.Append(MessageKind.Telemetry, outbox.NextSeq(), Topic, Topic.Length, payload, 0, payload.Length, 1),
                        $"a {payload.Length} B envelope of {capture[0]} ({mode}) does not fit a {FirmwareHost.DeviceOutbox().MaxRecordBytes} B device record");
                }
            }
        }

        output.WriteLine($"largest envelope of the corpus: {largest} B, {largestOf}; device record {FirmwareHost.DeviceOutbox().MaxRecordBytes} B");
    }

    [Fact]
    public void AppendPublishAndAcknowledgeAllocateNothingAfterWarmUp()
    {
        var store = new MemoryRecordStore();
        var outbox = new PersistentOutbox(store, FirmwareHost.DeviceOutbox());
        byte[] payload = new byte[700];
        payload[0] = (byte)'{';
        payload[^1] = (byte)'}';
        int packetId = 1;
        long tick = 0;

        void Cycle()
        {
            long seq = outbox.NextSeq();
            outbox.Append(seq % 50 == 0 ? MessageKind.Event : MessageKind.Telemetry, seq, Topic, Topic.Length, payload, 0, payload.Length, 1);
            int entry = outbox.NextToPublish(1, true);
            Assert.True(outbox.Load(entry, out _, out _, out _));
            outbox.MarkInflight(entry, packetId);
            Assert.True(outbox.Acknowledge(packetId++));
            outbox.Tick(tick += 1000);
        }

        for (int i = 0; i < 2000; i++)
        {
            Cycle(); // through many segment deletions and checkpoints: every buffer the store reuses exists now
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Cycle();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(store.MetaWrites >= 3000 / 16, "checkpoints happened during the measurement too");
    }

    [Fact]
    public void MessagesHeldInMemoryAllocateNothingEither()
    {
        var store = new ReadOnlyStore();
        var outbox = new PersistentOutbox(store, FirmwareHost.DeviceOutbox());
        byte[] payload = new byte[300];
        int packetId = 1;

        void Cycle()
        {
            long seq = outbox.NextSeq();
            outbox.Append(MessageKind.Telemetry, seq, Topic, Topic.Length, payload, 0, payload.Length, 1);
            int entry = outbox.NextToPublish(1, true);
            Assert.True(outbox.Load(entry, out _, out _, out _));
            outbox.MarkInflight(entry, packetId);
            Assert.True(outbox.Acknowledge(packetId++));
        }

        for (int i = 0; i < 100; i++)
        {
            Cycle();
        }

        Assert.Equal(StorageFault.Denied, outbox.Fault);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Cycle();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("Append")]
    [InlineData("NextToPublish")]
    [InlineData("Load")]
    [InlineData("MarkInflight")]
    [InlineData("Acknowledge")]
    [InlineData("Requeue")]
    [InlineData("RequeueAllInflight")]
    [InlineData("Tick")]
    public void NothingOnTheOutboxPathsAllocatesOnTheDevice(string name)
    {
        // Read as IL, every branch: string literals, arrays, objects and boxing (the desktop counters miss literals).
        MethodInfo method = typeof(PersistentOutbox).GetMethod(name, BindingFlags.Public | BindingFlags.Instance)!;
        var scanner = new IlAllocationScanner(t => t == typeof(IRecordStore), [], [typeof(PersistentOutbox).Assembly]);
        List<string> findings = scanner.Scan(method).Distinct().ToList();
        output.WriteLine($"PersistentOutbox.{name}: {scanner.MethodsScanned} methods read");
        Assert.True(findings.Count == 0, $"PersistentOutbox.{name} reaches code that allocates on nanoCLR:\n" + string.Join("\n", findings));
    }

    /// <summary>A store that refuses every write without allocating (one exception object, thrown again and again).</summary>
    private sealed class ReadOnlyStore : IRecordStore
    {
        private static readonly RecordStoreException Refused = new(StorageFault.Denied, "read-only");

        public int[] ListSegments() => [];

        public int SegmentLength(int segment) => 0;

        public int Read(int segment, int position, byte[] buffer, int offset, int count) => 0;

        public void Append(int segment, byte[] buffer, int offset, int count) => throw Refused;

        public void Flush(int segment) => throw Refused;

        public void Delete(int segment) => throw Refused;

        public int ReadMeta(byte[] buffer) => 0;

        public void WriteMeta(byte[] buffer, int count) => throw Refused;
    }
}

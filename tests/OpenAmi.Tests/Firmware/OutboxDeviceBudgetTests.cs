using System.Reflection;
using OpenAmi.Firmware.App;
using OpenAmi.Outbox;
using OpenAmi.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The outbox on the ESP32's budget (issue 9): what one port's outbox holds on the nanoCLR heap, memory queue
/// included, and that appending, publishing and acknowledging allocate nothing and use no string literal.
/// </summary>
public class OutboxDeviceBudgetTests(ITestOutputHelper output)
{
    private const int BudgetBytes = 8 * 1024;

    private static readonly byte[] Topic = "openami/v1/feeder-1/pole-0042/meter/E0044007131650618/telemetry"u8.ToArray();

    [Fact]
    public void OnePortsOutboxFitsEightKilobytesOfDeviceHeap()
    {
        var outbox = new PersistentOutbox(new MemoryRecordStore(), FirmwareHost.DeviceOutbox());
        long bytes = NanoHeapModel.Estimate(outbox, o => o is IRecordStore);
        OutboxOptions o = FirmwareHost.DeviceOutbox();
        output.WriteLine($"device outbox: {bytes} B on the nanoCLR heap (record buffer {o.MaxRecordBytes} B, index {o.MaxRecords} records, "
            + $"memory queue {o.MemoryQueueBytes} B / {o.MemoryQueueRecords} messages, {o.MaxInflight} in flight)");
        Assert.True(bytes <= BudgetBytes, $"the device outbox holds {bytes} B, over its {BudgetBytes} B");
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

    [Fact]
    public void NoStringLiteralRunsOnTheOutboxPaths()
    {
        // Constructors and the option check run once; the store's own messages are the adapters' business.
        Type[] types = typeof(PersistentOutbox).Assembly.GetTypes()
            .Where(t => t.Namespace == "OpenAmi.Outbox" && t != typeof(MemoryRecordStore) && !typeof(Exception).IsAssignableFrom(t))
            .Append(typeof(OpenAmi.Binary.LittleEndian)).ToArray();
        var offenders = types
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.Name != "CheckOptions" && IlScanner.LoadsAString(m))
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();
        Assert.True(types.Length >= 10);
        Assert.True(offenders.Count == 0, "string literals on the outbox paths: " + string.Join(", ", offenders));
    }

    [Fact]
    public void TheScannerFindsAStringLiteral()
    {
        Assert.True(IlScanner.LoadsAString(typeof(OutboxDeviceBudgetTests).GetMethod(nameof(WithALiteral), BindingFlags.NonPublic | BindingFlags.Static)!));
        Assert.False(IlScanner.LoadsAString(typeof(OpenAmi.Binary.LittleEndian).GetMethod(nameof(OpenAmi.Binary.LittleEndian.ReadInt64))!));
    }

    private static string WithALiteral() => "allocates on nanoCLR";

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

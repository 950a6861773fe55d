// Shared with the desktop CLI, which compiles with nullable annotations on; the device code is written without them.
#nullable disable
using OpenAmi.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.DeviceBench
{
    /// <summary>
    /// The device bench, free of nanoFramework APIs so the same code runs on the ESP32 (Program.cs) and on desktop
    /// (<c>openami bench --device-profile</c>), and their lines can be compared one by one: for each bench input,
    /// N telegrams through framer, parser, typed reads, VMRS mapping and envelope (VMRS and full mode), then through
    /// the whole gateway runtime with a memory outbox; per stage the frames, a checksum of the typed values, the
    /// envelope's size and CRC-32, the time, and the free heap after warm-up, after one telegram and after N.
    /// </summary>
    public sealed class BenchRunner
    {
        /// <summary>The Luxembourg bench frame's key and AAD (samples/bench/README.md).</summary>
        public static readonly byte[] LuxembourgKey = Hex("0123456789abcdef0123456789abcdef");

        public static readonly byte[] LuxembourgAad = Hex("30ffeeddccbbaa99887766554433221100");

        private const int StageParse = 0;
        private const int StageVmrs = 1;
        private const int StageFull = 2;

        private readonly IBenchPlatform _platform;
        private readonly int _telegrams;

        public BenchRunner(IBenchPlatform platform, int telegrams)
        {
            _platform = platform;
            _telegrams = telegrams;
        }

        /// <summary>Runs every input through every stage, one line each, then the runtime's heap.</summary>
        public void Run()
        {
            _platform.WriteLine("openami device bench: " + _telegrams + " telegrams per input and stage; ms is the total; heap is free bytes (-1: not measured here)");
            Input("dsmr5", BenchInputs.Dsmr5, false);
            Input("belgian", BenchInputs.Belgian, false);
            Input("luxembourg", BenchInputs.Luxembourg, true);
            RuntimeHeap();
        }

        private void Input(string name, byte[] input, bool encrypted)
        {
            Stage(name, "parse", input, encrypted, StageParse);
            Stage(name, "vmrs", input, encrypted, StageVmrs);
            Stage(name, "full", input, encrypted, StageFull);
            GatewayStage(name, input, encrypted);
        }

        private void Stage(string name, string stage, byte[] input, bool encrypted, int kind)
        {
            var sink = new PipelineSink(kind == StageParse ? null : new VmrsMapper(Mapping(kind == StageFull)));
            var decoder = new P1StreamDecoder(sink);
            if (encrypted)
            {
                decoder.SetDecryption(new AesGcm(new SoftwareAes128(LuxembourgKey)), LuxembourgAad);
            }

            decoder.Write(input, 0, input.Length); // warm-up: first-use tables and buffers
            long heapWarm = _platform.FreeHeap();
            decoder.Write(input, 0, input.Length);
            long heapOne = _platform.FreeHeap();
            sink.Reset();
            string region = name + "-" + stage;
            _platform.Mark(true, region);
            long start = _platform.TickMs();
            for (int i = 0; i < _telegrams; i++)
            {
                decoder.Write(input, 0, input.Length);
            }

            long ms = _platform.TickMs() - start;
            _platform.Mark(false, region);
            long heapN = _platform.FreeHeap();
            string detail = kind == StageParse ? "values " + sink.Checksum.ToString("X16") : "values -";
            Line(name, stage, sink.FramesOk, detail, sink.EnvelopeBytes, sink.EnvelopeCrc, ms, heapWarm, heapOne, heapN);
        }

        // The whole per-telegram path: decoder, runtime (every frame reported), outbox in memory, a link that acknowledges at once.
        private void GatewayStage(string name, byte[] input, bool encrypted)
        {
            var link = new AcknowledgingLink();
            var clock = new BenchClock(_platform);
            GatewayRuntime runtime = NewRuntime(clock, link, new MemoryRecordStore());
            var decoder = new PortDecoder(runtime, 0, encrypted ? new AesGcm(new SoftwareAes128(LuxembourgKey)) : null, encrypted ? LuxembourgAad : null);
            runtime.Start();
            Turn(decoder, link, runtime, clock, input);
            long heapWarm = _platform.FreeHeap();
            Turn(decoder, link, runtime, clock, input);
            long heapOne = _platform.FreeHeap();
            long framesBefore = runtime.FramesOk;
            string region = name + "-gateway";
            _platform.Mark(true, region);
            long start = _platform.TickMs();
            for (int i = 0; i < _telegrams; i++)
            {
                Turn(decoder, link, runtime, clock, input);
            }

            long ms = _platform.TickMs() - start;
            _platform.Mark(false, region);
            long heapN = _platform.FreeHeap();
            Line(name, "gateway", runtime.FramesOk - framesBefore, "published " + runtime.Published, link.LastLength, link.LastCrc, ms, heapWarm, heapOne, heapN);
            if (runtime.Outbox.Unacknowledged > 0 || runtime.Unstorable > 0)
            {
                _platform.WriteLine(name + " gateway: " + runtime.Outbox.Unacknowledged + " unacknowledged, " + runtime.Unstorable + " unstorable");
            }
        }

        // One telegram a second: it is decoded and stored, published, acknowledged, and the runtime ticks.
        private static void Turn(PortDecoder decoder, AcknowledgingLink link, GatewayRuntime runtime, BenchClock clock, byte[] input)
        {
            clock.Advance();
            decoder.Write(input, 0, input.Length);
            link.AcknowledgePending();
            runtime.Tick();
        }

        // What one port's whole runtime holds: free heap before building it minus free heap after its first telegrams.
        // The bench's stand-ins for the platform (link, clock, AES engine, memory store) are made before the first
        // measurement, and the store's segments, which a board keeps in flash, are set apart.
        private void RuntimeHeap()
        {
            var link = new AcknowledgingLink();
            var clock = new BenchClock(_platform);
            var store = new MemoryRecordStore();
            var aes = new SoftwareAes128(LuxembourgKey);
            long before = _platform.FreeHeap();
            GatewayRuntime runtime = NewRuntime(clock, link, store);
            var decoder = new PortDecoder(runtime, 0, new AesGcm(aes), LuxembourgAad);
            runtime.Start();
            decoder.Write(BenchInputs.Luxembourg, 0, BenchInputs.Luxembourg.Length);
            runtime.Tick();
            long after = _platform.FreeHeap();
            int segments = store.SegmentBufferBytes;
            _platform.WriteLine("runtime heap: one port, full mode, with GCM: " + (before < 0 ? "-1" : (before - after - segments).ToString())
                + " B held (the memory outbox's " + segments + " B of segments, flash on a board, set apart)");
            if (runtime.FramesOk != 1)
            {
                _platform.WriteLine("runtime heap: the frame was not decoded (" + runtime.FramesOk + ")");
            }
        }

        private static GatewayRuntime NewRuntime(IGatewayClock clock, IMqttLink link, MemoryRecordStore store)
        {
            var options = new GatewayOptions();
            options.FeederId = "bench";
            options.GatewayId = "device";
            options.IntervalSeconds = 0;
            options.ClockJumpSeconds = 0;
            options.Mapping = Mapping(true);
            // The device's outbox bounds (FirmwareHost.DeviceOutbox), in memory.
            var outboxOptions = new OutboxOptions();
            outboxOptions.SegmentBytes = 16 * 1024;
            outboxOptions.MaxSegments = 4;
            outboxOptions.MaxRecords = 192;
            outboxOptions.MaxRecordBytes = 3072;
            outboxOptions.MaxInflight = 16;
            outboxOptions.MemoryQueueBytes = 1280;
            outboxOptions.MemoryQueueRecords = 6;
            return new GatewayRuntime(options, clock, new PersistentOutbox(store, outboxOptions), link);
        }

        private static MappingOptions Mapping(bool full)
        {
            var options = new MappingOptions();
            options.Mode = full ? MappingMode.Full : MappingMode.Vmrs;
            return options;
        }

        private void Line(string name, string stage, long frames, string detail, int bytes, uint crc, long ms, long heapWarm, long heapOne, long heapN)
        {
            _platform.WriteLine(name + " " + stage + ": frames " + frames + ", " + detail + ", envelope " + bytes
                + " B crc32 " + crc.ToString("X8") + ", " + ms + " ms, " + (frames == 0 ? 0 : ms * 1000 / frames) + " us/telegram, heap "
                + heapWarm + " / " + heapOne + " / " + heapN);
        }

        private static byte[] Hex(string text)
        {
            byte[] bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((HexText.Digit((byte)text[2 * i]) << 4) | HexText.Digit((byte)text[(2 * i) + 1]));
            }

            return bytes;
        }
    }
}

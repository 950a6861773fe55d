using OpenAmi.P1.Dlms;
using System.CommandLine;
using System.Diagnostics;
using OpenAmi.Cli.Options;
using System.Reflection;
using OpenAmi.Crypto;
using System.Text;
using OpenAmi.Desktop.Crypto;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Northbound;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami bench</c>: throughput and allocations of feed + CRC + parse + typing every value, on three
/// bundled inputs. Figures, not assertions: the README and the issue notes quote what this prints.
/// </summary>
public static class BenchCommand
{
    private const string LuxembourgKeyHex = "0123456789abcdef0123456789abcdef";
    private const string LuxembourgAadHex = "30ffeeddccbbaa99887766554433221100";

    public static Command Create(CliIO io)
    {
        var command = new Command("bench", "Parse throughput and allocations per telegram for the bundled benchmark inputs.");
        var seconds = new Typed<double?>("--seconds", "N", "Seconds per input, after warm-up [default: 3]", Parsers.Seconds(0, inclusive: false));
        var deviceProfile = new Option<int?>("--device-profile")
        {
            Description = "Run the device bench (firmware/OpenAmi.DeviceBench) here, to compare with a board's output line by line [default: 20 telegrams]",
            HelpName = "TELEGRAMS",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    return 20;
                }

                if (int.TryParse(r.Tokens[0].Value, out int n) && n > 0)
                {
                    return n;
                }

                r.AddError($"--device-profile takes a number of telegrams above 0, not '{r.Tokens[0].Value}'");
                return null;
            },
        };
        command.Add(seconds.Option);
        command.Add(deviceProfile);
        Help.Examples(command, "openami bench", "openami bench --seconds 10", "openami bench --device-profile 50   # the device bench, on this machine");
        command.SetAction(r =>
        {
            if (r.ValueIfGiven(deviceProfile) is int telegrams)
            {
                new OpenAmi.DeviceBench.BenchRunner(new DesktopBenchPlatform(io.Out), telegrams).Run();
                return ExitCodes.Ok;
            }

            return Run(r.ValueIfGiven(seconds.Option) ?? 3, io.Out);
        });
        return command;
    }

    public static int Run(double seconds, TextWriter stdout)
    {
        stdout.WriteLine($"openami bench: feed bytes + CRC-16 + parse + type every value; {seconds:0.#} s per input, after warm-up");
        stdout.WriteLine($"{"input",-40} {"bytes",6} {"MB/s",8} {"telegrams/s",12} {"alloc B/telegram",17}");
        Measure("DSMR 5, 1-phase (Sagemcom XS210)", "dsmr5-1phase-sagemcom-xs210.p1", false, seconds, stdout);
        Measure("Belgium 3-phase, 13-month 98.1.0", "belgium-3phase-13month-fluvius.p1", false, seconds, stdout);
        Measure("Luxembourg, AES-128-GCM encrypted", "luxembourg-smarty-encrypted.bin", true, seconds, stdout);
        Measure("  same, core GCM over BCL AES-ECB", "luxembourg-smarty-encrypted.bin", false, seconds, stdout, new AesGcm(new BclAesBlockCipher(Convert.FromHexString(LuxembourgKeyHex))));
        Measure("  same, core GCM over managed AES", "luxembourg-smarty-encrypted.bin", false, seconds, stdout, new AesGcm(new SoftwareAes128(Convert.FromHexString(LuxembourgKeyHex))));

        stdout.WriteLine();
        stdout.WriteLine("VMRS mapping + envelope writing, per telegram, after warm-up");
        stdout.WriteLine($"{"input",-40} {"mode",5} {"envelopes",9} {"bytes",6} {"per s",10} {"alloc B/envelope",17}");
        var outboxRows = new List<string>();
        foreach (var (label, resource) in new[] { ("DSMR 5, 1-phase (Sagemcom XS210)", "dsmr5-1phase-sagemcom-xs210.p1"), ("Belgium 3-phase, 13-month 98.1.0", "belgium-3phase-13month-fluvius.p1") })
        {
            foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
            {
                int recordBytes = MeasureEnvelope(label, resource, mode, seconds / 2, stdout);
                int perDay = recordBytes * 96;
                outboxRows.Add($"{label,-40} {(mode == MappingMode.Full ? "full" : "vmrs"),5} {recordBytes,12} {perDay,14} {perDay * 7L * 2,22}");
            }
        }

        stdout.WriteLine();
        stdout.WriteLine("Outbox: bytes stored per 15-minute report (records with topic, header and checksum), per day, and for 7 days of two meters");
        stdout.WriteLine($"{"input",-40} {"mode",5} {"bytes/report",12} {"bytes/day",14} {"7 days x 2 meters",22}");
        outboxRows.ForEach(stdout.WriteLine);

        stdout.WriteLine();
        MeasureCommands(stdout);
        return ExitCodes.Ok;
    }

    private static void Measure(string label, string resource, bool encrypted, double seconds, TextWriter stdout, IGcmCipher? gcm = null)
    {
        byte[] input = ReadResource(resource);
        var sink = new TypingSink();
        var decoder = new P1StreamDecoder(sink);
        gcm ??= encrypted ? new BclAesGcm(Convert.FromHexString(LuxembourgKeyHex)) : null;
        if (gcm != null)
        {
            decoder.SetDecryption(gcm, Convert.FromHexString(LuxembourgAadHex));
        }

        for (int i = 0; i < 2000; i++)
        {
            decoder.Write(input, 0, input.Length);
        }

        if (sink.Telegrams != 2000 || sink.Bad != 0)
        {
            throw new InvalidOperationException($"bench input {resource} did not decode cleanly ({sink.Telegrams} telegrams, {sink.Bad} bad)");
        }

        const int Batch = 500;
        long iterations = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < Batch; i++)
            {
                decoder.Write(input, 0, input.Length);
            }

            iterations += Batch;
        }

        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double elapsed = clock.Elapsed.TotalSeconds;
        double megabytesPerSecond = input.Length * (double)iterations / elapsed / 1e6;
        double telegramsPerSecond = iterations / elapsed;
        double allocPerTelegram = allocated / (double)iterations;
        stdout.WriteLine($"{label,-40} {input.Length,6} {megabytesPerSecond,8:0.0} {telegramsPerSecond,12:0} {allocPerTelegram,17:0.00}");
        GC.KeepAlive(sink.Checksum);
    }

    // Returns the bytes one report of this telegram takes in the outbox (every envelope's record).
    private static int MeasureEnvelope(string label, string resource, MappingMode mode, double seconds, TextWriter stdout)
    {
        byte[] input = ReadResource(resource);
        var framer = new P1Framer();
        framer.Feed(input, 0, input.Length);
        var telegram = new Telegram();
        TelegramParser.Parse(framer.Buffer, framer.FrameLength, framer.FrameCrc, false, telegram);
        var mapper = new VmrsMapper(new MappingOptions { Mode = mode });
        var readings = Enumerable.Range(0, 10).Select(_ => new MeterReading()).ToArray();
        var writer = new EnvelopeWriter();
        int envelopes = 0;
        int bytes = 0;
        for (int i = 0; i < 1000; i++)
        {
            (envelopes, bytes) = MapAndWrite(mapper, telegram, readings, writer);
        }

        long iterations = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 500; i++)
            {
                MapAndWrite(mapper, telegram, readings, writer);
            }

            iterations += 500;
        }

        double perSecond = iterations / clock.Elapsed.TotalSeconds;
        double alloc = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(iterations * envelopes);
        string modeName = mode == MappingMode.Full ? "full" : "vmrs";
        stdout.WriteLine($"{label,-40} {modeName,5} {envelopes,9} {bytes,6} {perSecond,10:0} {alloc,17:0.00}");

        // A record holds the envelope (with its seq), its topic, an 18-byte header and a 4-byte CRC.
        int topicBytes = Topics.Telemetry("feeder-north-01", "pole-0042", "E0000000000000000").Length;
        return bytes + (envelopes * (topicBytes + 18 + 4 + ",\"seq\":1234567".Length));
    }

    // Encoded once, as the gateway does: the string overload of Write encodes them on every call (tools and tests).
    private static readonly GatewayIds BenchIds = new("feeder-north-01", "pole-0042");

    // Returns how many envelopes one telegram gives and their total size in bytes.
    private static (int Envelopes, int Bytes) MapAndWrite(VmrsMapper mapper, Telegram telegram, MeterReading[] readings, EnvelopeWriter writer)
    {
        int n = mapper.Map(telegram, 1_780_000_000, false, readings);
        int bytes = 0;
        for (int r = 0; r < n; r++)
        {
            writer.Write(readings[r], BenchIds, null, -1, false);
            bytes += writer.Length;
        }

        return (n, bytes);
    }

    // A signed read_now through the whole command path: signature, JSON, checks, replay state, signed result, outbox.
    private static void MeasureCommands(TextWriter stdout)
    {
        const int Count = 5000;
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var hmac = new BclHmacSha256();
        var clock = new OpenAmi.Desktop.Gateway.SystemGatewayClock();
        var link = new NullLink();
        var store = new OpenAmi.Outbox.MemoryRecordStore();
        var runtime = new OpenAmi.Gateway.GatewayRuntime(new OpenAmi.Gateway.GatewayOptions { FeederId = "f", GatewayId = "g" }, clock,
            new OpenAmi.Outbox.PersistentOutbox(store, new OpenAmi.Outbox.OutboxOptions { MaxSegments = 250 }), link);
        var blobs = new OpenAmi.Commands.MemoryBlobStore();
        // A gateway that has run before: its replay state exists (a first start refuses commands for a minute).
        var state = new OpenAmi.Commands.ReplayGuard(blobs, new byte[OpenAmi.Commands.ReplayGuard.BufferLength]);
        state.Establish(clock.UtcNowUnix - 3600);
        state.Persist();
        var processor = new OpenAmi.Commands.CommandProcessor(
            new OpenAmi.Commands.CommandOptions { FeederId = "f", GatewayId = "g", Keys = new OpenAmi.Commands.CommandKeys("k1", key, null!, null!) },
            runtime, clock, hmac, blobs, new NoActions());
        long now = clock.UtcNowUnix;
        byte[] topic = Encoding.ASCII.GetBytes("openami/v1/f/g/meter/m1/command");
        byte[][] commands = new byte[Count][];
        for (int i = 0; i < Count; i++)
        {
            commands[i] = Encoding.ASCII.GetBytes(OpenAmi.Commands.MessageSigner.Sign(hmac, "k1", key,
                $"{{\"cmdId\":\"c{i}\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m1\",\"op\":\"resync\",\"ctr\":{i + 1},\"iat\":{now},\"exp\":{now + 120}}}"));
        }

        int writesBefore = blobs.Writes;
        int appendsBefore = store.Writes;
        var clockWatch = Stopwatch.StartNew();
        foreach (byte[] command in commands)
        {
            processor.OnMessage(topic, topic.Length, command, command.Length);
        }

        clockWatch.Stop();
        stdout.WriteLine($"Signed commands: {clockWatch.Elapsed.TotalMilliseconds * 1000 / Count:0.0} µs each through the whole path "
            + $"({processor.Accepted} accepted); storage writes per command: {(blobs.Writes - writesBefore) / (double)Count:0.##} replay-state blob, "
            + $"{(store.Writes - appendsBefore) / (double)Count:0.##} outbox record (the signed result)");
    }

    private sealed class NullLink : OpenAmi.Mqtt.IMqttLink
    {
        public bool IsConnected => false;

        public void Start(string clientId, string willTopic, byte[] willPayload, OpenAmi.Mqtt.IMqttLinkListener listener)
        {
        }

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain) => -1;

        public void Subscribe(string topicFilter)
        {
        }

        public void Stop()
        {
        }
    }

    private sealed class NoActions : OpenAmi.Commands.IDeviceActions
    {
        public bool HasRelay => false;

        public void SetRelay(string meterSerial, bool connected)
        {
        }

        public void Reboot()
        {
        }
    }

    private static byte[] ReadResource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("bench/" + name)
            ?? throw new InvalidOperationException($"bench input {name} is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Parses each frame and reads every value through its typed accessor, as a consumer would.</summary>
    private sealed class TypingSink : IP1FrameSink
    {
        private readonly Telegram _telegram = new();

        public long Telegrams;
        public long Bad;
        public long Checksum;

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Telegrams++;
            if (crc == CrcStatus.Bad)
            {
                Bad++;
                return;
            }

            Telegram t = _telegram;
            TelegramParser.Parse(frame, length, crc, wasEncrypted, t);
            long sum = t.ObjectCount;
            for (int g = 0; g < t.GroupTotal; g++)
            {
                switch (t.GetKind(g))
                {
                    case P1ValueKind.Number:
                        t.TryGetNumber(g, out P1Decimal value);
                        sum += value.Mantissa + t.GetUnit(g);
                        break;
                    case P1ValueKind.Timestamp:
                        t.TryGetTimestamp(g, out P1Timestamp stamp);
                        sum += stamp.IsValid ? stamp.ToUnixSeconds(120, 60, 60) : 0;
                        break;
                    case P1ValueKind.ObisReference:
                        t.TryGetObisReference(g, out var code);
                        sum += code.Key;
                        break;
                }
            }

            Checksum += sum;
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
            Bad++;
        }
    }
}

/// <summary>The device bench on desktop: the same lines as on a board; heap is not measured here (-1).</summary>
internal sealed class DesktopBenchPlatform(TextWriter stdout) : OpenAmi.DeviceBench.IBenchPlatform
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long FreeHeap() => -1;

    public long TickMs() => _clock.ElapsedMilliseconds;

    public void WriteLine(string line) => stdout.WriteLine(line);

    public void Mark(bool begin, string region)
    {
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenAmi.Cli;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.Tests.EndToEnd;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Hostile;

/// <summary>
/// The hostile-input suite of issue 15: random and adversarial byte streams through <c>parse</c>, <c>envelope</c>,
/// <c>gaps</c> and <c>gateway</c> (in process, and as a process for memory). No stream may invent a meter: noise
/// gives none at all, damaged captures only the meters (and the very frames) that were really sent.
/// </summary>
public partial class HostileInputTests : IDisposable
{
    private static readonly byte[] Key = Convert.FromHexString(HostileStreams.LuxembourgKeyHex);

    private readonly string _dir = Directory.CreateTempSubdirectory("openami-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string> NoiseKinds() => ["random-1", "random-2", "random-3", "punctuation", "bursts", "binary"];

    private static byte[] Noise(string kind) => kind switch
    {
        "random-1" => HostileStreams.RandomBytes(1, 1 << 20),
        "random-2" => HostileStreams.RandomBytes(2, 1 << 19),
        "random-3" => HostileStreams.RandomBytes(3, 1 << 19),
        "punctuation" => HostileStreams.PunctuationNoise(4, 1 << 20),
        "bursts" => HostileStreams.Bursts(5, 1 << 18),
        _ => HostileStreams.BinaryFile(),
    };

    [Theory]
    [MemberData(nameof(NoiseKinds))]
    public void NoiseGivesNoTelegramNoEnvelopeNoModelAndNoMeter(string kind)
    {
        string file = Write(kind + ".bin", Noise(kind));

        var (parseExit, parsed, _) = Cli("parse", "--json", file);
        Assert.Equal(1, parseExit);
        Assert.Empty(Lines(parsed));

        var (_, envelopes, envelopeErr) = Cli("envelope", "--feeder", "f", "--gateway", "g", file);
        Assert.Empty(Lines(envelopes));
        Assert.StartsWith("0 envelope(s) from ", Lines(envelopeErr)[^1]);

        var (_, gaps, _) = Cli("gaps", "--format", "json", file);
        Assert.Empty(Models(gaps));

        Assert.Empty(GatewayMeters(file, out string gatewayErr));
        Assert.Matches("frames ok 0 bad", gatewayErr);
    }

    [Fact]
    public void NoiseOnAKeyedPortGivesNoMeterEither()
    {
        string file = Write("random-keyed.bin", HostileStreams.RandomBytes(6, 1 << 19));
        Assert.Empty(GatewayMeters(file, out _, "--key", HostileStreams.LuxembourgKeyHex, "--aad", HostileStreams.LuxembourgAadHex));
        var (_, envelopes, _) = Cli("envelope", "--feeder", "f", "--gateway", "g",
            "--key", HostileStreams.LuxembourgKeyHex, "--aad", HostileStreams.LuxembourgAadHex, file);
        Assert.Empty(Lines(envelopes));
    }

    [Fact]
    public void BitFlippedCapturesGiveOnlyTheirIntactTelegrams()
    {
        byte[] stream = HostileStreams.BitFlips(7, 1000, out int intact);

        // In the core: exactly the untouched copies are accepted, each byte for byte as sent.
        Decode d = Decode.All(stream);
        var port = new FrameAcceptance();
        var originals = OriginalFrames(HostileStreams.CrcTelegrams);
        var accepted = d.Frames.Where(f => port.Judge(f.Telegram) == FrameVerdict.Accepted).ToList();
        Assert.All(accepted, f => Assert.Contains(Convert.ToHexString(f.Bytes), originals));
        Assert.Equal(intact, accepted.Count);

        string file = Write("bitflips.bin", stream);
        AssertOnlyRealMeters(file, HostileStreams.CrcTelegrams);
    }

    [Fact]
    public void TruncatedCapturesGiveOnlyWholeTelegrams()
    {
        byte[] stream = HostileStreams.Truncations(8, 1000);
        Decode d = Decode.All(stream);
        var port = new FrameAcceptance();
        var originals = OriginalFrames(HostileStreams.Telegrams);
        var accepted = d.Frames.Where(f => port.Judge(f.Telegram) == FrameVerdict.Accepted).ToList();
        Assert.NotEmpty(accepted);
        Assert.All(accepted, f => Assert.Contains(Convert.ToHexString(f.Bytes), originals));

        string file = Write("truncations.bin", stream);
        AssertOnlyRealMeters(file, HostileStreams.Telegrams);
    }

    [Fact]
    public void ForgedEncryptedFramesAreRejectedAndOnlyIntactOnesRead()
    {
        byte[] stream = HostileStreams.ForgedEncrypted(9, 400, out int intact);
        Decode d = Decode.All(stream, key: Key, aad: Convert.FromHexString(HostileStreams.LuxembourgAadHex));
        var port = new FrameAcceptance { RequireEncryption = true };
        var accepted = d.Frames.Where(f => port.Judge(f.Telegram) == FrameVerdict.Accepted).ToList();
        Assert.NotEmpty(accepted);
        Assert.True(accepted.Count <= intact);
        byte[] plain = Assert.Single(OriginalFrameBytes(HostileStreams.EncryptedFrame, Key));
        Assert.All(accepted, f => Assert.Equal(plain, f.Bytes));
        Assert.NotEmpty(d.Rejections);

        string file = Write("forged-encrypted.bin", stream);
        string[] keyArgs = ["--key", HostileStreams.LuxembourgKeyHex, "--aad", HostileStreams.LuxembourgAadHex];
        Assert.Equal(["SAG1030790002574"], GatewayMeters(file, out _, keyArgs));
        var (_, envelopes, _) = Cli(["envelope", "--feeder", "f", "--gateway", "g", .. keyArgs, file]);
        Assert.All(Lines(envelopes), line => Assert.Contains("/meter/SAG1030790002574/telemetry", line));
    }

    [Fact]
    public void PlaintextInjectedOnAKeyedPortIsRefusedUnlessAllowed()
    {
        string file = Write("injection.bin", HostileStreams.PlaintextInjection(3));
        string[] keyArgs = ["--key", HostileStreams.LuxembourgKeyHex, "--aad", HostileStreams.LuxembourgAadHex];

        Assert.Equal(["SAG1030790002574"], GatewayMeters(file, out string refusing, keyArgs));
        Assert.Contains("refuses telegrams: plaintext on a port with a decryption key", refusing);
        Assert.Contains("frames not taken as data: 30 plaintext on a port with a decryption key", refusing);

        Assert.Equal(["E0044007131650618", "SAG1030790002574"], GatewayMeters(file, out _, [.. keyArgs, "--allow-plaintext"]));

        string config = Write("allow.conf", "allow_plaintext = yes\n"u8.ToArray());
        Assert.Equal(["E0044007131650618", "SAG1030790002574"], GatewayMeters(file, out _, [.. keyArgs, "--config", config]));
    }

    [Fact]
    public void GapsKeepsAtMostItsModelLimitHoweverManyModelsArrive()
    {
        // Well-formed telegrams of a CRC-less dialect, each claiming a model of its own: a stream an attacker controls.
        var stream = new MemoryStream();
        int models = GapsCommandLimit + 200;
        for (int i = 0; i < models; i++)
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(
                $"/XYZ5 MODEL{i:D6}\r\n\r\n1-0:1.8.1(00185.000*kWh)\r\n1-0:1.8.2(00084.000*kWh)\r\n1-0:1.7.0(0000.98*kW)\r\n!\r\n"));
        }

        string file = Write("many-models.bin", stream.ToArray());
        var (exit, matrix, stderr) = Cli("gaps", "--format", "json", file);
        Assert.Equal(0, exit);
        Assert.Equal(GapsCommandLimit, Models(matrix).Count);
        Assert.Contains($"only the first {GapsCommandLimit} models are shown; 200 frame(s) of further models are not", stderr);
    }

    private const int GapsCommandLimit = OpenAmi.Cli.Commands.GapsCommand.MaxModels;

    [Fact]
    public void PortDecoderAllocatesNothingWhileReadingNoise()
    {
        // The device path (PortDecoder + GatewayRuntime) holds no state per frame: memory cannot grow with noise.
        var link = new FakeLink();
        var options = new GatewayOptions { FeederId = "f", GatewayId = "g", IntervalSeconds = 0 };
        var runtime = new GatewayRuntime(options, new FakeClock { UtcNowUnix = 1700000000L }, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link);
        runtime.Start();
        link.Connect();
        var port = new PortDecoder(runtime, 0, new BclAesBlockCipher(Key), Convert.FromHexString(HostileStreams.LuxembourgAadHex));
        byte[] noise = HostileStreams.PunctuationNoise(10, 1 << 20);
        byte[] random = HostileStreams.RandomBytes(11, 1 << 20);
        port.Write(noise, 0, noise.Length); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 4; round++)
        {
            port.Write(noise, 0, noise.Length);
            port.Write(random, 0, random.Length);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4096, $"{allocated} bytes allocated reading 8 MB of noise");
        Assert.Equal(0L, runtime.FramesOk);
        Assert.Equal(0, link.CountOn("/telemetry"));
    }

    [Fact]
    public void CliCommandsReadNoiseOfAnySizeInBoundedMemory()
    {
        // Allocation of a command over 8 MB of noise read from stdin, against 1 MB: what it keeps cannot grow.
        foreach (string verb in new[] { "parse", "envelope", "gaps" })
        {
            long small = AllocatedBy(verb, 1 << 20);
            long large = AllocatedBy(verb, 8 << 20);
            Assert.True(large - small < (512 << 10), $"{verb}: {small} bytes allocated for 1 MB of noise, {large} for 8 MB");
        }
    }

    [Fact]
    public void GatewayProcessReadsLargeNoiseInBoundedMemory()
    {
        // Peak resident memory of `openami gateway --fast` over 2 MB and 24 MB of noise: the capture is streamed.
        long small = PeakResidentKiB(Write("noise-2.bin", HostileStreams.RandomBytes(12, 2 << 20)));
        long large = PeakResidentKiB(Write("noise-24.bin", HostileStreams.RandomBytes(13, 24 << 20)));
        Assert.True(large - small < 12 * 1024, $"peak RSS {small} KiB for 2 MB of noise, {large} KiB for 24 MB");
    }

    private void AssertOnlyRealMeters(string file, IReadOnlyList<byte[]> telegrams)
    {
        // What the meters really are: every telegram through the same commands, each file a port of its own.
        string[] singles = telegrams.Select((t, i) => Write($"single-{i}.bin", t)).ToArray();
        var (_, envelopes, _) = Cli(["envelope", "--feeder", "f", "--gateway", "g", .. singles]);
        var realSerials = Lines(envelopes).Select(SerialOf).ToHashSet();
        var (_, gaps, _) = Cli(["gaps", "--format", "json", .. singles]);
        var realHeaders = Models(gaps).ToHashSet();
        Assert.NotEmpty(realSerials);

        var (_, parsed, _) = Cli("parse", "--json", file);
        foreach (string line in Lines(parsed))
        {
            using JsonDocument frame = JsonDocument.Parse(line);
            if (frame.RootElement.GetProperty("crc").GetString() != "bad")
            {
                Assert.Contains(frame.RootElement.GetProperty("header").GetString(), realHeaders);
            }
        }

        var (_, output, _) = Cli("envelope", "--feeder", "f", "--gateway", "g", file);
        Assert.NotEmpty(Lines(output));
        Assert.All(Lines(output).Select(SerialOf), serial => Assert.Contains(serial, realSerials));

        var (_, matrix, _) = Cli("gaps", "--format", "json", file);
        Assert.All(Models(matrix), model => Assert.Contains(model, realHeaders));

        SortedSet<string> meters = GatewayMeters(file, out _);
        Assert.NotEmpty(meters);
        Assert.All(meters, serial => Assert.Contains(serial, realSerials));
    }

    private static HashSet<string> OriginalFrames(IEnumerable<byte[]> telegrams) =>
        telegrams.SelectMany(t => Decode.All(t).Frames).Select(f => Convert.ToHexString(f.Bytes)).ToHashSet();

    private static IEnumerable<byte[]> OriginalFrameBytes(byte[] encrypted, byte[] key) =>
        Decode.All(encrypted, key: key, aad: Convert.FromHexString(HostileStreams.LuxembourgAadHex)).Frames.Select(f => f.Bytes);

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        Assert.NotEqual(2, exit);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    // The meters `openami gateway` published for (telemetry or events), running in process on one file source.
    private SortedSet<string> GatewayMeters(string file, out string stderrText, params string[] extra)
    {
        string outbox = Path.Combine(_dir, "outbox-" + Guid.NewGuid().ToString("N"));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["gateway", "--source", file, "--fast", "--interval", "0", "--feeder", "f", "--gateway", "g", "--outbox", outbox, .. extra];
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        stderrText = stderr.ToString();
        Assert.True(exit is 0 or 1, $"exit {exit}: {stderrText}");
        return new SortedSet<string>(MeterTopic().Matches(stdout.ToString()).Select(m => m.Groups[1].Value));
    }

    private static long AllocatedBy(string verb, int noiseBytes)
    {
        string[] args = verb switch
        {
            "parse" => ["parse", "--json", "-"],
            "envelope" => ["envelope", "--feeder", "f", "--gateway", "g", "-"],
            _ => ["gaps", "-"],
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Program.Run(args, () => new NoiseStream(noiseBytes), stdout, stderr);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long PeakResidentKiB(string noiseFile)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { GatewayProcess.CliDll, "gateway", "--source", noiseFile, "--fast", "--outbox", noiseFile + ".outbox" })
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long peak = 0;
        string status = $"/proc/{process.Id}/status";
        while (!process.WaitForExit(20))
        {
            try
            {
                Match m = Regex.Match(File.ReadAllText(status), @"VmHWM:\s+(\d+) kB");
                peak = m.Success ? Math.Max(peak, long.Parse(m.Groups[1].Value)) : peak;
            }
            catch (IOException)
            {
                // it exited between the check and the read
            }
        }

        Assert.True(peak > 0, "no memory sample was taken");
        return peak;
    }

    private static string SerialOf(string envelopeLine)
    {
        using JsonDocument doc = JsonDocument.Parse(envelopeLine);
        return doc.RootElement.GetProperty("payload").GetProperty("meterSerial").GetString()!;
    }

    private static List<string> Models(string gapsJson)
    {
        using JsonDocument doc = JsonDocument.Parse(gapsJson);
        return doc.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("model").GetString()!).ToList();
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"/meter/([^/]+)/(?:telemetry|event)")]
    private static partial Regex MeterTopic();

    /// <summary>Random bytes made as they are read, so a test can feed any size without holding it.</summary>
    private sealed class NoiseStream(long length) : Stream
    {
        private readonly Random _random = new(14);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            _random.NextBytes(buffer.AsSpan(offset, n));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

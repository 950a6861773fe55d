using System.Text.RegularExpressions;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Telegrams;
using OpenAmi.Meters;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Han;

/// <summary>
/// Every file of tests/fixtures/han read as its INDEX.md says: format, link check, decryption, and each object's
/// value and unit (scaler applied), and the meter timestamp.
/// </summary>
public class HanFixtureCorpusTests
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "fixtures", "han");

    public static IEnumerable<object[]> Files() => Expectations.Load(Folder).Select(e => new object[] { e.File });

    [Theory]
    [MemberData(nameof(Files))]
    public void DecodesAsTheIndexSays(string file)
    {
        Expectation expected = Expectations.Load(Folder).Single(e => e.File == file);
        var result = Decoded.Read(Path.Combine(Folder, file), expected.Key, expected.Aad, MeterFormat.Auto);
        Assert.Equal(expected.Format, MeterFormat.NameOf(result.Format) == "p1" && expected.Format == "iec62056-21" ? "iec62056-21" : MeterFormat.NameOf(result.Format));

        if (expected.Key == null && expected.Encrypted)
        {
            Assert.Empty(result.Frames);
            Assert.Contains(DlmsStatus.NoKey, result.Rejections);
            return;
        }

        Assert.Empty(result.Rejections);
        Assert.Single(result.Frames);
        Decoded.Frame frame = result.Frames[0];
        Assert.Equal(expected.Check, frame.Check == CrcStatus.Bad ? "bad" : "ok");
        if (expected.Check == "bad" && expected.Format is "hdlc" or "mbus")
        {
            // A frame that fails its check is counted, never decoded.
            Assert.Equal(0, frame.Telegram.ObjectCount);
            return;
        }

        if (expected.Timestamp != null)
        {
            Assert.Equal(expected.Timestamp, frame.Timestamp);
        }

        foreach (ExpectedObject o in expected.Objects)
        {
            if (o.Obis == "?")
            {
                continue;
            }

            int index = frame.Find(o.Obis);
            Assert.True(index >= 0, $"{file}: {o.Obis} missing");
            string? value = TypedValues.Value(frame.Telegram, index, frame.Strings.Contains(index));
            Assert.True(SameValue(o.Value, value), $"{file}: {o.Obis} is {value}, INDEX says {o.Value}");
            if (o.Unit != null)
            {
                Assert.True(
                    string.Equals(o.Unit, TypedValues.Unit(frame.Telegram, index), StringComparison.OrdinalIgnoreCase),
                    $"{file}: {o.Obis} unit {TypedValues.Unit(frame.Telegram, index)}, INDEX says {o.Unit}");
            }
        }
    }

    [Fact]
    public void EveryFileOfTheCorpusIsListed()
    {
        var listed = Expectations.Load(Folder).Select(e => e.File).ToHashSet();
        foreach (string path in Directory.GetFiles(Folder).Where(p => !p.EndsWith(".md", StringComparison.Ordinal)))
        {
            Assert.Contains(Path.GetFileName(path), listed);
        }

        Assert.True(listed.Count >= 22);
    }

    // Numbers compare exactly as decimals (the INDEX writes IEC readouts with their leading zeros); the rest as text.
    private static bool SameValue(string expected, string? actual)
    {
        if (actual == expected)
        {
            return true;
        }

        if (actual == null || !TryDecimal(expected, out P1Decimal a) || !TryDecimal(actual, out P1Decimal b))
        {
            return false;
        }

        return P1Decimal.Compare(a, b) == 0 && a.Scale == b.Scale;
    }

    private static bool TryDecimal(string text, out P1Decimal value)
    {
        value = default;
        Match m = Regex.Match(text, @"^([+-]?)(\d+)(?:\.(\d+))?$");
        if (!m.Success)
        {
            return false;
        }

        string fraction = m.Groups[3].Value;
        long mantissa = long.Parse(m.Groups[2].Value + fraction);
        value = new P1Decimal(m.Groups[1].Value == "-" ? -mantissa : mantissa, fraction.Length);
        return true;
    }
}

public sealed record ExpectedObject(string Obis, string Value, string? Unit);

public sealed record Expectation(string File, string Format, string Check, bool Encrypted, byte[]? Key, byte[]? Aad, string? Timestamp, List<ExpectedObject> Objects);

/// <summary>Reads the "Expected decode per file" sections of the corpus INDEX.md.</summary>
public static class Expectations
{
    private static readonly Dictionary<string, List<Expectation>> Cache = new();

    public static List<Expectation> Load(string folder)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(folder, out List<Expectation>? list))
            {
                list = Parse(File.ReadAllLines(Path.Combine(folder, "INDEX.md")));
                Cache[folder] = list;
            }

            return list;
        }
    }

    private static List<Expectation> Parse(string[] lines)
    {
        var result = new List<Expectation>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match head = Regex.Match(lines[i], @"^### `([^`]+)`");
            if (!head.Success)
            {
                continue;
            }

            string file = head.Groups[1].Value;
            string format = "", check = "";
            bool encrypted = false;
            byte[]? key = null, aad = null;
            string? timestamp = null;
            var objects = new List<ExpectedObject>();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("### ", StringComparison.Ordinal); j++)
            {
                string line = lines[j];
                Match f = Regex.Match(line, @"^- Format: ([\w-]+);.*check \*\*(\w+)\*\*");
                if (f.Success)
                {
                    format = f.Groups[1].Value;
                    check = f.Groups[2].Value;
                }

                if (line.StartsWith("- Encryption:", StringComparison.Ordinal))
                {
                    encrypted = true;
                    Match k = Regex.Match(line, @"; key `([0-9a-f]{32})`");
                    key = k.Success ? Convert.FromHexString(k.Groups[1].Value) : null;
                    Match a = Regex.Match(line, @"\(AAD `([0-9a-f]+)`\)");
                    aad = a.Success ? Convert.FromHexString(a.Groups[1].Value) : null;
                }

                if (line.Contains("encrypted, no key", StringComparison.Ordinal) || line.Contains("key not public", StringComparison.Ordinal))
                {
                    encrypted = true;
                }

                Match t = Regex.Match(line, @"^- Meter timestamp: `([^`]+)`");
                if (t.Success)
                {
                    timestamp = t.Groups[1].Value;
                }

                if (line.StartsWith("- Objects (", StringComparison.Ordinal))
                {
                    foreach (Match o in Regex.Matches(line, @"`([^`]+)` = `([^`]*)`( [^;(]+?)?(?: \(p\))?(?:;|$)"))
                    {
                        string unit = o.Groups[3].Value.Trim();
                        objects.Add(new ExpectedObject(o.Groups[1].Value, o.Groups[2].Value, unit.Length == 0 ? null : unit));
                    }
                }
            }

            if (file.Contains("nokey", StringComparison.Ordinal))
            {
                encrypted = true;
                key = null;
            }

            result.Add(new Expectation(file, format, check, encrypted, key, aad, timestamp, objects));
        }

        return result;
    }
}

/// <summary>Runs a capture through the format-detecting decoder and keeps each frame parsed.</summary>
public static class Decoded
{
    public sealed record Frame(Telegram Telegram, CrcStatus Check, string? Timestamp, HashSet<int> Strings)
    {
        public int Find(string obis)
        {
            byte[] text = System.Text.Encoding.ASCII.GetBytes(obis);
            if (ObisCode.TryParse(text, 0, text.Length, out ObisCode code))
            {
                int index = Telegram.Find(code);
                if (index >= 0)
                {
                    return index;
                }
            }

            // A readout may hold one code twice; the INDEX then names the line by its address.
            for (int i = 0; i < Telegram.ObjectCount; i++)
            {
                if (TypedValues.Address(Telegram, i) == obis)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    public sealed record Result(int Format, List<Frame> Frames, List<DlmsStatus> Rejections);

    public static Result Read(string path, byte[]? key, byte[]? aad, int format)
    {
        var sink = new Sink();
        var decoder = new MeterStreamDecoder(sink, format);
        sink.Decoder = decoder;
        if (key != null)
        {
            decoder.SetDecryption(new BclAesGcm(key), new BclAesBlockCipher(key), aad);
        }

        byte[] data = File.ReadAllBytes(path);
        decoder.Write(data, 0, data.Length);
        decoder.EndOfStream();
        return new Result(decoder.Format, sink.Frames, sink.Rejections);
    }

    private sealed class Sink : IP1FrameSink
    {
        public MeterStreamDecoder? Decoder;
        public readonly List<Frame> Frames = new();
        public readonly List<DlmsStatus> Rejections = new();

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            var copy = new byte[length];
            Array.Copy(frame, copy, length);
            var telegram = new Telegram();
            TelegramParser.Parse(copy, length, crc, wasEncrypted, telegram);
            P1Timestamp? notification = null;
            if (Decoder?.Han != null && Decoder.Han.TryGetNotificationTime(out P1Timestamp stamp))
            {
                notification = stamp;
            }

            var strings = new HashSet<int>();
            for (int i = 0; Decoder?.Han != null && i < telegram.ObjectCount; i++)
            {
                if (Decoder.Han.IsStringObject(i))
                {
                    strings.Add(i);
                }
            }

            Frames.Add(new Frame(telegram, crc, TypedValues.Timestamp(telegram, notification), strings));
        }

        public void OnEncryptedFrameRejected(DlmsStatus status) => Rejections.Add(status);
    }
}

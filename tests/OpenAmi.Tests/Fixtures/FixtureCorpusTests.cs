using Xunit;
using System.Text.RegularExpressions;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.Fixtures;

/// <summary>Every telegram of the corpus, read as tests/fixtures/p1/INDEX.md says it must be.</summary>
public class FixtureCorpusTests
{
    private static readonly HashSet<string> SpecialNegatives =
    [
        "basjes-negative-iskra-am550t-truncated-then-full.txt",
        "dsmrreader-negative-incomplete-telegram.txt",
        "dsmr5rs-negative-overflow-2485-bytes.txt",
    ];

    [Fact]
    public void IndexDescribesEveryTopLevelTelegram()
    {
        var files = Directory.GetFiles(RepoPaths.Fixtures, "*.txt").Select(Path.GetFileName).Order().ToList();
        var rows = FixtureIndex.Rows.Select(r => r.File).Order().ToList();
        Assert.Equal(files, rows);
        Assert.True(rows.Count >= 70);
    }

    [Theory]
    [MemberData(nameof(FixtureIndex.TextFixtures), MemberType = typeof(FixtureIndex))]
    public void TelegramReadsAsTheIndexSays(string file)
    {
        FixtureRow row = FixtureIndex.Row(file);
        if (SpecialNegatives.Contains(file))
        {
            return; // each has its own test below
        }

        Decode d = Decode.All(File.ReadAllBytes(RepoPaths.Fixture(file)));
        DecodedFrame frame = Assert.Single(d.Frames);

        CrcStatus expectedCrc = row.Crc.Contains("VERIFIED") ? CrcStatus.Ok
            : row.Crc.Contains("MISMATCH") ? CrcStatus.Bad
            : CrcStatus.None;
        Assert.Equal(expectedCrc, frame.Crc);
        Assert.Equal(row.Header, frame.Telegram.GetHeaderText());
        Assert.Equal(0, frame.Telegram.ErrorCount);

        AssertRegister(frame, row.Version, "1-3:0.2.8", "0-0:96.1.4");
        AssertRegister(frame, row.Import1, "1-0:1.8.1");
        AssertRegister(frame, row.Import2, "1-0:1.8.2");
        AssertRegister(frame, row.Power, "1-0:1.7.0");
        AssertEquipmentId(frame, row.EquipmentId);
    }

    /// <summary>
    /// Each file is a port of its own: every telegram the index calls VERIFIED or "none" is accepted as data, every
    /// MISMATCH is a bad CRC, and the stream negatives give exactly the one good telegram they hold.
    /// </summary>
    [Theory]
    [MemberData(nameof(FixtureIndex.TextFixtures), MemberType = typeof(FixtureIndex))]
    public void TelegramIsAcceptedOrRefusedAsTheIndexSays(string file)
    {
        FixtureRow row = FixtureIndex.Row(file);
        Decode d = Decode.All(File.ReadAllBytes(RepoPaths.Fixture(file)));
        var port = new FrameAcceptance();
        int[] verdicts = d.Frames.Select(f => port.Judge(f.Telegram)).ToArray();
        int expected = row.Crc.Contains("MISMATCH") && file != "basjes-negative-iskra-am550t-truncated-then-full.txt"
            ? FrameVerdict.BadCrc
            : FrameVerdict.Accepted;
        Assert.Equal([expected], verdicts);
    }

    [Theory]
    [MemberData(nameof(CrcFixedFiles))]
    public void CrcFixedCopiesAreAccepted(string file)
    {
        Decode d = Decode.All(File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "crc-fixed", file)));
        Assert.Equal(FrameVerdict.Accepted, new FrameAcceptance().Judge(Assert.Single(d.Frames).Telegram));
    }

    [Theory]
    [MemberData(nameof(CrcFixedFiles))]
    public void CrcFixedCopiesVerify(string file)
    {
        string original = file.Replace(".crcfixed", "");
        Decode fixedCopy = Decode.All(File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "crc-fixed", file)));
        Decode source = Decode.All(File.ReadAllBytes(RepoPaths.Fixture(original)));
        DecodedFrame good = Assert.Single(fixedCopy.Frames);
        Assert.Equal(CrcStatus.Ok, good.Crc);
        Assert.Equal(CrcStatus.Bad, Assert.Single(source.Frames).Crc);
        Assert.Equal(source.Frames[0].Bytes, good.Bytes);
        Assert.Equal(0, good.Telegram.ErrorCount);
    }

    public static IEnumerable<object[]> CrcFixedFiles() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "crc-fixed")).Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [InlineData("athom-luxembourg-smarty-spec-example-encrypted-with-aad.bin", "30ffeeddccbbaa99887766554433221100")]
    [InlineData("athom-luxembourg-smarty-spec-example-encrypted-without-aad.bin", null)]
    public void EncryptedFramesDecryptToThePlainSpecExample(string file, string? aadHex)
    {
        byte[] key = Convert.FromHexString("0123456789abcdef0123456789abcdef");
        byte[]? aad = aadHex == null ? null : Convert.FromHexString(aadHex);
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "encrypted", file));
        byte[] plain = File.ReadAllBytes(RepoPaths.Fixture("athom-luxembourg-smarty-spec-example-plain.txt"));
        int bang = Array.IndexOf(plain, (byte)'!');

        foreach (int chunk in new[] { 1, 7, 64, data.Length })
        {
            Decode d = Decode.All(data, chunk, key: key, aad: aad);
            DecodedFrame frame = Assert.Single(d.Frames);
            Assert.True(frame.WasEncrypted);
            Assert.Equal(plain[..(bang + 1)], frame.Bytes);
            // The spec example's own CRC (8B52) is wrong, as INDEX.md says; it must be reported, not trusted.
            Assert.Equal(CrcStatus.Bad, frame.Crc);
            Assert.Empty(d.Rejections);
        }
    }

    [Theory]
    [InlineData("athom-luxembourg-smarty-spec-example-encrypted-with-aad.bin", null)]
    [InlineData("athom-luxembourg-smarty-spec-example-encrypted-without-aad.bin", "3000112233445566778899AABBCCDDEEFF")]
    public void EncryptedFrameWithTheWrongAadIsRejected(string file, string? aadHex)
    {
        byte[] key = Convert.FromHexString("0123456789abcdef0123456789abcdef");
        Decode d = Decode.All(File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "encrypted", file)), key: key, aad: aadHex == null ? null : Convert.FromHexString(aadHex));
        Assert.Empty(d.Frames);
        Assert.Equal([DlmsStatus.TagMismatch], d.Rejections);
    }

    [Fact]
    public void EncryptedFrameWithTheWrongKeyIsRejected()
    {
        Decode d = Decode.All(
            File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "encrypted", "athom-luxembourg-smarty-spec-example-encrypted-with-aad.bin")),
            key: Convert.FromHexString("00000000000000000000000000000000"),
            aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        Assert.Empty(d.Frames);
        Assert.Equal([DlmsStatus.TagMismatch], d.Rejections);
    }

    [Fact]
    public void TruncatedTelegramThenFullOne()
    {
        Decode d = Decode.All(File.ReadAllBytes(RepoPaths.Fixture("basjes-negative-iskra-am550t-truncated-then-full.txt")));
        DecodedFrame frame = Assert.Single(d.Frames);
        Assert.Equal(CrcStatus.Ok, frame.Crc);
        Assert.Equal(1, d.Decoder.Framer.FramesTruncated);
        Assert.Equal("016366.258*kWh", frame.Raw("1-0:1.8.1"));
    }

    [Fact]
    public void CaptureStartingMidTelegramSkipsTheFragment()
    {
        Decode d = Decode.All(File.ReadAllBytes(RepoPaths.Fixture("dsmrreader-negative-incomplete-telegram.txt")));
        DecodedFrame frame = Assert.Single(d.Frames);
        Assert.Equal(CrcStatus.Ok, frame.Crc);
        Assert.Equal("/KFM5KAIFA-METER", frame.Telegram.GetHeaderText());
    }

    [Fact]
    public void RestartsAndJunkNeverYieldAGoodFrame()
    {
        // Six telegrams cut off mid-line by a new '/', then one with junk lines and a CRC that cannot match.
        byte[] data = File.ReadAllBytes(RepoPaths.Fixture("dsmr5rs-negative-overflow-2485-bytes.txt"));
        Decode normal = Decode.All(data);
        DecodedFrame frame = Assert.Single(normal.Frames);
        Assert.Equal(CrcStatus.Bad, frame.Crc);
        Assert.Equal(6, normal.Decoder.Framer.FramesTruncated);
        Assert.Equal(1, frame.Telegram.ErrorCount); // "***NO CARIER***" is reported and skipped
        Assert.Equal(ParseError.MalformedObis, frame.Telegram.GetErrorCode(0));
        Assert.Equal("000576.239*kWh", frame.Raw("1-0:1.8.1"));

        // With a buffer smaller than one segment every frame overflows and is dropped, and nothing is emitted.
        Decode small = Decode.All(data, capacity: 200);
        Assert.Empty(small.Frames);
        Assert.True(small.Decoder.Framer.Overflows >= 6);
    }

    private static void AssertRegister(DecodedFrame frame, string cell, params string[] codes)
    {
        if (cell == "-")
        {
            return;
        }

        // "(003808.351*kWh)" or "1.8.0(000025.653*kWh)" when the meter sends a total instead of tariffs.
        Match m = Regex.Match(cell, @"^(?:(\d+\.\d+\.\d+))?\((.*)\)$");
        Assert.True(m.Success, $"unexpected INDEX cell {cell}");
        string expected = m.Groups[2].Value;
        IEnumerable<string> candidates = m.Groups[1].Success ? [$"1-0:{m.Groups[1].Value}"] : codes;
        Assert.Contains(expected, candidates.Select(c => frame.Raw(c)));
    }

    private static void AssertEquipmentId(DecodedFrame frame, string cell)
    {
        if (cell == "-")
        {
            return;
        }

        string code = "0-0:96.1.1";
        string value = cell;
        if (cell.StartsWith("42.0.0 ", StringComparison.Ordinal))
        {
            code = "0-0:42.0.0";
            value = cell[7..];
        }
        else if (cell.StartsWith("0.0.0 ", StringComparison.Ordinal))
        {
            code = "1-0:0.0.0";
            value = cell[6..];
        }

        Match m = Regex.Match(value, "^(\\S+)(?: \\(\"(.*)\"\\))?$");
        Assert.True(m.Success, cell);
        Assert.Equal(m.Groups[1].Value, frame.Raw(code));
        if (m.Groups[2].Success)
        {
            int index = frame.Telegram.Find(frame.Telegram.GetObis(0).Key == 0 ? 0 : FindKey(frame, code));
            byte[] decoded = new byte[64];
            int n = frame.Telegram.DecodeHexText(frame.Telegram.GetFirstGroup(index), decoded, 0);
            Assert.Equal(m.Groups[2].Value, System.Text.Encoding.ASCII.GetString(decoded, 0, Math.Max(n, 0)));
        }
    }

    private static long FindKey(DecodedFrame frame, string code)
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(code);
        OpenAmi.P1.Obis.ObisCode.TryParse(text, 0, text.Length, out var obis);
        return obis.Key;
    }
}

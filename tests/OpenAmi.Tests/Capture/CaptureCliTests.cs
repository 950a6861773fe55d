using System.Text;
using System.Text.Json;
using OpenAmi.Capture;
using OpenAmi.Cli;
using OpenAmi.Desktop.Storage;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Capture;

/// <summary>
/// The Linux support capture end to end, in process: <c>openami gateway --capture-last N</c> over a file source keeps
/// the last N telegrams of the port as received, <c>openami capture export</c> writes them redacted, and
/// <c>openami parse</c> reads the export back.
/// </summary>
public class CaptureCliTests
{
    private const string Am550 = "athom-dsmr50-iskra-am550-isk5-2m550t-1011.txt";
    private const string TextMessage = "athom-dsmr3-iskra-mt382-1003-textmsg.txt";
    private const string TwoMbus = "ndokter-dsmr50-iskra-am550-two-mbus.txt";

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string NewDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "openami-capture-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Fixture(string name) => File.ReadAllText(RepoPaths.Fixture(name), Encoding.Latin1);

    // The AM550 telegram with the last digit of its stated CRC changed.
    private static string BadCrc()
    {
        string t = Fixture(Am550);
        int bang = t.LastIndexOf('!');
        char last = t[bang + 4];
        return t[..(bang + 4)] + (last == '8' ? '9' : '8') + t[(bang + 5)..];
    }

    private static (string Outbox, string Capture) Gateway(string input, int last)
    {
        string dir = NewDirectory();
        string source = Path.Combine(dir, "meter.p1");
        File.WriteAllBytes(source, Encoding.Latin1.GetBytes(input));
        string outbox = Path.Combine(dir, "outbox");
        var (exit, _, err) = Run("gateway", "--fast", "--source", source, "--outbox", outbox, "--feeder", "f", "--gateway", "g",
            "--capture-last", last.ToString());
        Assert.True(exit == 0, err);
        string capture = Path.Combine(outbox, "capture");
        Assert.Contains($"openami capture export --dir {capture}", err);
        return (outbox, capture);
    }

    private static List<JsonElement> Parsed(string file)
    {
        var (_, output, err) = Run("parse", "--json", file);
        Assert.DoesNotContain("Unhandled", err);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public void TheGatewayKeepsTheLastNTelegramsAsReceivedAndTheExportParsesBackWithTheirVerdicts()
    {
        string input = Fixture(TwoMbus) + "\u00ff\u00fe line noise \r\n" + Fixture(Am550) + BadCrc() + Fixture(TextMessage) + Fixture(Am550);
        var (_, capture) = Gateway(input, 3);

        // Bounded: three slots, holding the last three telegrams byte for byte (the bad CRC as it came).
        string[] slots = Directory.GetFiles(Path.Combine(capture, "port-1"), "slot-*.cap").Order().ToArray();
        Assert.Equal(3, slots.Length);
        using (var store = FileCaptureStore.Open(capture)!)
        {
            var kept = new List<string>();
            var buffer = new byte[TelegramCapture.MaxTelegramBytes + TelegramCapture.TrailerBytes];
            for (int s = 0; s < 3; s++)
            {
                int length = TelegramCapture.Check(buffer, store.Read(0, s, buffer), out long sequence, out _);
                Assert.True(length > 0);
                kept.Add(Encoding.Latin1.GetString(buffer, 0, length));
            }

            Assert.Equal(new[] { BadCrc(), Fixture(TextMessage), Fixture(Am550) }.Order(), kept.Order());
        }

        string exported = Path.Combine(NewDirectory(), "capture.txt");
        var (exit, _, err) = Run("capture", "export", "--dir", capture, "--out", exported);
        Assert.True(exit == 0, err);
        Assert.Contains("3 telegram(s) of 1 port(s)", err);
        string text = File.ReadAllText(exported, Encoding.Latin1);
        Assert.StartsWith("# OpenAMI P1 Gateway support capture. Read it back with: openami parse FILE\r\n# Redacted: equipment identifiers", text);
        Assert.Contains("# Port 1: 3 telegram(s), 1 with a bad CRC, 0 cut off.", text);

        // parse skips the header lines and reads the three telegrams, oldest first, each with the verdict it had.
        List<JsonElement> telegrams = Parsed(exported);
        Assert.Equal(["bad", "none", "ok"], telegrams.Select(t => t.GetProperty("crc").GetString()));
        Assert.Equal("/ISk5\\2MT382-1003", telegrams[1].GetProperty("header").GetString());

        // Exactly reproducible: the same capture exports to the same bytes.
        string again = Path.Combine(NewDirectory(), "again.txt");
        Assert.Equal(0, Run("capture", "export", "--dir", capture, "--out", again).Exit);
        Assert.Equal(File.ReadAllBytes(exported), File.ReadAllBytes(again));
    }

    [Fact]
    public void IdsSerialsAndTextMessagesAreReplacedAndEveryOtherByteIsKept()
    {
        string original = Fixture(TextMessage) + Fixture(TwoMbus);
        var (_, capture) = Gateway(original, 5);
        var (exit, exported, _) = Run("capture", "export", "--dir", capture);
        Assert.Equal(0, exit);
        string body = exported[exported.IndexOf('/')..].Replace("\r\n# ", "\n#"); // the telegrams, after the header
        Assert.Equal(original.Length, body.Length);

        string[] before = original.Split('\n');
        string[] after = body.Split('\n');
        Assert.Equal(before.Length, after.Length);
        int replaced = 0;
        for (int i = 0; i < before.Length; i++)
        {
            bool identity = before[i].Contains(":96.1.1(") || before[i].Contains(":96.1.0(") || before[i].Contains(":96.13.");
            if (identity && before[i] != after[i])
            {
                replaced++;
                Assert.Equal(before[i].Length, after[i].Length);
                Assert.Equal(before[i][..before[i].IndexOf('(')], after[i][..after[i].IndexOf('(')]);
            }
            else if (!before[i].StartsWith('!'))
            {
                Assert.Equal(before[i], after[i]);
            }
        }

        Assert.True(replaced >= 5, $"replaced {replaced} line(s)");
        Assert.DoesNotContain("00112233445566778899aabbccddeeff", exported);
        Assert.DoesNotContain("test-/-test", exported);
        foreach (System.Text.RegularExpressions.Match id in System.Text.RegularExpressions.Regex.Matches(Fixture(TwoMbus), @"\d-\d:96\.1\.[01]\(([0-9A-Fa-f]{6,})\)"))
        {
            Assert.DoesNotContain(id.Groups[1].Value, exported);
        }
    }

    [Fact]
    public void AnotherInstallationsKeyGivesOtherPseudonymsAndTheKeyIsTheOwnersOnly()
    {
        var (_, first) = Gateway(Fixture(Am550), 2);
        var (_, second) = Gateway(Fixture(Am550), 2);
        string a = Run("capture", "export", "--dir", first).Out;
        string b = Run("capture", "export", "--dir", second).Out;
        Assert.NotEqual(a, b);
        Assert.Equal(a.Length, b.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(first, "capture.key")));
        }
    }

    [Fact]
    public void ExportingWithoutACaptureSaysWhatToDoInOneLine()
    {
        var (exit, output, err) = Run("capture", "export", "--dir", Path.Combine(NewDirectory(), "none"));
        Assert.NotEqual(0, exit);
        Assert.Equal("", output);
        string line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("run the gateway with --capture-last N first", line);
    }

    [Fact]
    public void ASmallerCaptureLaterDropsTheSlotsBeyondIt()
    {
        var (outbox, capture) = Gateway(Fixture(Am550) + Fixture(Am550) + Fixture(Am550) + Fixture(Am550), 4);
        Assert.Equal(4, Directory.GetFiles(Path.Combine(capture, "port-1")).Length);
        string source = Path.Combine(NewDirectory(), "one.p1");
        File.WriteAllText(source, BadCrc() + Fixture(Am550), Encoding.Latin1);
        Assert.Equal(0, Run("gateway", "--fast", "--source", source, "--outbox", outbox, "--feeder", "f", "--gateway", "g", "--capture-last", "2").Exit);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(capture, "port-1")).Length);
        List<JsonElement> telegrams = Parsed(WriteExport(capture));
        Assert.Equal(["bad", "ok"], telegrams.Select(t => t.GetProperty("crc").GetString()));
    }

    private static string WriteExport(string capture)
    {
        string file = Path.Combine(NewDirectory(), "capture.txt");
        Assert.Equal(0, Run("capture", "export", "--dir", capture, "--out", file).Exit);
        return file;
    }
}

using System.Text.Json;
using OpenAmi.Cli;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary><c>openami parse</c> run in process: output shape, exit codes, messages.</summary>
public class CliParseTests
{
    private static (int Exit, string Out, string Err) Run(string[] args, byte[]? stdin = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(stdin ?? []), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Fixture(string name) => RepoPaths.Fixture(name);

    [Fact]
    public void JsonLineHasCrcHeaderAndRawGroupsAsSent()
    {
        var (exit, output, _) = Run(["parse", "--json", Fixture("athom-dsmr50-iskra-am550-isk5-2m550t-1011.txt")]);
        Assert.Equal(0, exit);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("{\"format\":\"p1\",\"check\":\"ok\",\"timestamp\":", line);
        Assert.Contains("\"crc\":\"ok\",\"header\":\"/ISK5\\\\2M550T-1011\",\"objects\":[{\"obis\":\"1-3:0.2.8\",\"value\":\"50\",\"raw\":[\"50\"]}", line);
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement objects = doc.RootElement.GetProperty("objects");
        Assert.Equal(35, objects.GetArrayLength());
        JsonElement t1 = objects.EnumerateArray().Single(o => o.GetProperty("obis").GetString() == "1-0:1.8.1");
        Assert.Equal("003808.351*kWh", t1.GetProperty("raw")[0].GetString());
        Assert.Equal("3808.351", t1.GetProperty("value").GetString());
        Assert.Equal("kWh", t1.GetProperty("unit").GetString());
        JsonElement log = objects.EnumerateArray().Single(o => o.GetProperty("obis").GetString() == "1-0:99.97.0");
        Assert.Equal(["1", "0-0:96.7.19", "180529135630S", "0000002451*s"], log.GetProperty("raw").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ContinuationLinesJoinTheRawListAndNoCrcIsNone()
    {
        var (exit, output, _) = Run(["parse", "--json", Fixture("athom-dsmr22-kamstrup-kmp5-zabf.txt")]);
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal("none", doc.RootElement.GetProperty("crc").GetString());
        JsonElement gas = doc.RootElement.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("obis").GetString() == "0-1:24.3.0");
        Assert.Equal(["120517020000", "08", "60", "1", "0-1:24.2.1", "m3", "00124.477"], gas.GetProperty("raw").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void SixthGroupIsPrintedOnlyWhenItIsNot255()
    {
        var (_, output, _) = Run(["parse", "--json", Fixture("robthree-dsmr42-synthetic-obis-dot255.txt")]);
        using JsonDocument doc = JsonDocument.Parse(output);
        var codes = doc.RootElement.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("obis").GetString()).ToList();
        Assert.Contains("1-0:21.7.0", codes);
        Assert.DoesNotContain(codes, c => c!.EndsWith(".255"));
    }

    [Fact]
    public void OneJsonLinePerFrameInStreamOrderAcrossFilesAndStdin()
    {
        byte[] stdin = File.ReadAllBytes(Fixture("ndokter-q3d-easymeter-esy5q3da1004.txt"));
        var (exit, output, _) = Run(["parse", "--json", Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"), "-"], stdin);
        Assert.Equal(0, exit);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Contains("/ESY5Q3DA1004 V3.04", lines[^1]);
        Assert.All(lines[..10], l => Assert.Contains("\"crc\":\"ok\"", l));
    }

    [Fact]
    public void BadCrcExitsOneAndSaysSo()
    {
        var (exit, output, error) = Run(["parse", "--json", Fixture("dsmrreader-negative-kaifa-dsmr42-bad-crc-ABCD.txt")]);
        Assert.Equal(1, exit);
        Assert.Contains("\"crc\":\"bad\"", output);
        Assert.Contains("bad CRC", error);
    }

    [Fact]
    public void NoFrameAtAllExitsOne()
    {
        var (exit, _, error) = Run(["parse", "-"], "no telegram here"u8.ToArray());
        Assert.Equal(1, exit);
        Assert.Contains("0 frame(s)", error);
    }

    [Fact]
    public void EncryptedFrameWithoutKeyIsReportedWithAHint()
    {
        var (exit, output, error) = Run(["parse", Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin")]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("--key", error);
    }

    [Fact]
    public void EncryptedFrameWithKeyAndAadDecodes()
    {
        var (exit, output, _) = Run(["parse", "--json", "--key", "0123456789ABCDEF0123456789ABCDEF", "--aad", "30ffeeddccbbaa99887766554433221100",
            Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin")]);
        Assert.Equal(0, exit);
        Assert.Contains("\"encrypted\":true", output);
        Assert.Contains("\"header\":\"/Lux5\\\\253694471_M\"", output);
    }

    [Fact]
    public void WrongKeyIsReportedAndNothingIsParsed()
    {
        var (exit, output, error) = Run(["parse", "--json", "--key", "00000000000000000000000000000000",
            Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin")]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("tag mismatch", error);
    }

    [Fact]
    public void DefaultAadIsTheLuxembourgOne()
    {
        // The "without AAD" fixture only opens with --aad none; with the default AAD its tag fails.
        string file = Path.Combine(RepoPaths.Fixtures, "encrypted", "athom-luxembourg-smarty-spec-example-encrypted-without-aad.bin");
        Assert.Contains("tag mismatch", Run(["parse", "--key", "0123456789abcdef0123456789abcdef", file]).Err);
        Assert.Contains("\"encrypted\":true", Run(["parse", "--json", "--key", "0123456789abcdef0123456789abcdef", "--aad", "none", file]).Out);
    }

    [Theory]
    [InlineData(new[] { "parse" }, "give one or more capture files")]
    [InlineData(new[] { "parse", "--key", "abc", "x" }, "32 hex digits")]
    [InlineData(new[] { "parse", "--aad", "zz", "x" }, "--aad takes hex")]
    [InlineData(new[] { "parse", "--frobnicate", "x" }, "unknown option --frobnicate")]
    [InlineData(new[] { "parse", "/no/such/file.p1" }, "no such file")]
    [InlineData(new[] { "frobnicate" }, "unknown command")]
    [InlineData(new string[0], "usage")]
    public void UsageErrorsExitTwoWithAMessageThatSaysWhatToDo(string[] args, string message)
    {
        var (exit, _, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void TableShowsNamesTypedValuesAndSkippedLines()
    {
        var (exit, output, _) = Run(["parse", Fixture("athom-dsmr40-spec-example.txt")]);
        Assert.Equal(1, exit); // the spec example's CRC is wrong
        Assert.Contains("CRC bad", output);
        Assert.Contains("Active energy import, tariff 1", output);
        Assert.Contains("123456.789 kWh", output);
        Assert.Contains("\"K8EG004046395507\"", output);
        Assert.Contains("2010-12-09 11:30:20 W", output);
    }
}

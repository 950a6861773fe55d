using System.Text.Json;
using OpenAmi.Cli;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary><c>openami envelope</c> and <c>openami gaps</c>, run in process.</summary>
public class CliEnvelopeAndGapsTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Fixture(string name) => RepoPaths.Fixture(name);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void EnvelopeLinePairsTheTopicWithThePayload()
    {
        var (exit, output, _) = Run("envelope", "--feeder", "feeder-north-01", "--gateway", "pole-0042", Fixture("athom-dsmr50-iskra-am550-isk5-2m550t-1011.txt"));
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(Lines(output)));
        Assert.Equal("openami/v1/feeder-north-01/pole-0042/meter/E0034006810516416/telemetry", doc.RootElement.GetProperty("topic").GetString());
        JsonElement payload = doc.RootElement.GetProperty("payload");
        Assert.Equal(["schemaVersion", "ts", "feederId", "gatewayId", "meterSerial", "registers"], payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2018-11-06T13:04:29Z", payload.GetProperty("ts").GetString());
        Assert.Equal(6757.178m, payload.GetProperty("registers")[0].GetProperty("value").GetDecimal());
    }

    [Fact]
    public void FullModeWritesSubMetersAsTheirOwnMeters()
    {
        var (exit, output, _) = Run("envelope", "--feeder", "f", "--gateway", "g", "--mode", "full", Fixture("robthree-dsmr50-synthetic-4-mbus-gj-kwh.txt"));
        Assert.Equal(0, exit);
        string[] topics = Lines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("topic").GetString()!).ToArray();
        Assert.Equal(5, topics.Length);
        Assert.Equal(5, topics.Distinct().Count());
        Assert.Contains(Lines(output), l => l.Contains("\"unit\":\"GJ\"") || l.Contains("\"unit\":\"MJ\""));
    }

    [Fact]
    public void BadFramesGiveNoEnvelopeOnlyAMessage()
    {
        var (exit, output, error) = Run("envelope", "--feeder", "f", "--gateway", "g", Fixture("dsmrreader-negative-kaifa-dsmr42-bad-crc-ABCD.txt"), Fixture("dsmrreader-dsmr42-kaifa.txt"));
        Assert.Equal(1, exit);
        Assert.Single(Lines(output));
        Assert.Contains("bad CRC", error);
    }

    [Theory]
    [InlineData(new[] { "envelope", "--gateway", "g", "x.p1" }, "Option '--feeder' is required")]
    [InlineData(new[] { "envelope", "--feeder", "", "--gateway", "g", "x.p1" }, "--feeder is empty")]
    [InlineData(new[] { "envelope", "--feeder", "a/b", "--gateway", "g", "x.p1" }, "--feeder 'a/b' contains '/'")]
    [InlineData(new[] { "envelope", "--feeder", "f", "--gateway", "g#", "x.p1" }, "contains '#'")]
    [InlineData(new[] { "envelope", "--feeder", "f", "--gateway", "g", "--mode", "most", "x.p1" }, "--mode is vmrs")]
    [InlineData(new[] { "envelope", "--feeder", "f", "--gateway", "g", "--local-offset", "abc", "x" }, "--local-offset")]
    [InlineData(new[] { "gaps", "--format", "xml", "x" }, "--format is md")]
    public void UsageErrors(string[] args, string message)
    {
        string[] withFile = args.Select(a => a == "x.p1" || a == "x" ? Fixture("dsmrreader-dsmr42-kaifa.txt") : a).ToArray();
        var (exit, _, error) = Run(withFile);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void GapsJsonHasOneModelPerHeaderWithACellPerVmrsRegister()
    {
        var (exit, output, _) = Run("gaps", "--format", "json",
            Fixture("dsmrreader-fluvius-3phase.txt"), Fixture("dsmrreader-fluvius-1phase-gas.txt"), Fixture("ndokter-q3d-easymeter-esy5q3da1004.txt"), Path.Combine(RepoPaths.Fixtures, "crc-fixed", "athom-luxembourg-smarty-spec-example-plain.crcfixed.txt"));
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(3, models.Count); // both Fluvius captures come from /FLU5S456789_A
        JsonElement fluvius = models.Single(m => m.GetProperty("model").GetString() == "/FLU5S456789_A");
        Assert.Equal(2, fluvius.GetProperty("frames").GetInt32());
        JsonElement registers = fluvius.GetProperty("registers");
        Assert.Equal(12, registers.EnumerateObject().Count());
        Assert.Equal("derived", registers.GetProperty("1.8.0").GetString());
        Assert.Equal("present", registers.GetProperty("1.7.0").GetString());
        Assert.Equal("absent", registers.GetProperty("14.7.0").GetString());
        Assert.Equal("absent", registers.GetProperty("96.5.0").GetString());
        JsonElement q3d = models.Single(m => m.GetProperty("model").GetString() == "/ESY5Q3DA1004 V3.04");
        Assert.Equal("present", q3d.GetProperty("registers").GetProperty("1.8.0").GetString());
        Assert.Equal("absent", q3d.GetProperty("registers").GetProperty("0.0.0").GetString());
        Assert.Equal(3, q3d.GetProperty("requiredCovered").GetInt32());
        Assert.Equal(7, q3d.GetProperty("requiredTotal").GetInt32());
        JsonElement lux = models.Single(m => m.GetProperty("model").GetString() == "/Lux5\\253694471_M");
        Assert.Equal("present", lux.GetProperty("registers").GetProperty("1.8.0").GetString());
    }

    [Fact]
    public void GapsMarkdownIsTheDefaultAndCsvIsForSpreadsheets()
    {
        var (_, md, _) = Run("gaps", Fixture("dsmrreader-fluvius-3phase.txt"));
        Assert.StartsWith("| model | frames | 1.8.0* |", md);
        Assert.Contains("| `/FLU5S456789_A` | 1 | derived | derived | present | present | absent | present |", md);

        var (_, csv, _) = Run("gaps", "--format", "csv", Fixture("dsmrreader-fluvius-3phase.txt"));
        string[] rows = Lines(csv);
        Assert.StartsWith("model,frames,1.8.0,2.8.0,1.7.0,32.7.0,14.7.0,0.0.0,", rows[0]);
        Assert.StartsWith("\"/FLU5S456789_A\",1,derived,derived,present,present,absent,present,", rows[1]);
        Assert.EndsWith(",6,7", rows[1]);
    }
}

using System.Text.Json;
using OpenAmi.Cli;
using OpenAmi.Cli.Commands;
using OpenAmi.Desktop.Sources;
using OpenAmi.Meters;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Han;

/// <summary>The CLI reads DLMS pushes and IEC 62056-21 readouts like P1: detected or forced, typed values, envelopes, gaps, a live readout.</summary>
public class HanCliTests
{
    private static string Fixture(string name) => Path.Combine(HanFixtureCorpusTests.Folder, name);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ParseDetectsHdlcAndPrintsTypedValues()
    {
        var (exit, output, _) = Run("parse", "--json", Fixture("amsreader-aidon-no-gh1119-list3.bin"));
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output.Trim());
        JsonElement root = doc.RootElement;
        Assert.Equal("hdlc", root.GetProperty("format").GetString());
        Assert.Equal("ok", root.GetProperty("check").GetString());
        Assert.Equal("2025-12-14T16:00:00+00:00", root.GetProperty("timestamp").GetString());
        JsonElement current = root.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("obis").GetString() == "1-0:31.7.0");
        Assert.Equal("0.5", current.GetProperty("value").GetString());
        Assert.Equal("A", current.GetProperty("unit").GetString());
        JsonElement id = root.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("obis").GetString() == "0-0:96.1.0");
        Assert.Equal("7359992890497997", id.GetProperty("value").GetString());
    }

    [Fact]
    public void ParseDecryptsMbusWithAKeyAndNoAad()
    {
        var (exit, output, err) = Run("parse", "--json", "--key", "36c66639e48a8ca4d6bc8b282a793bbb", Fixture("amshan-netznoe-spec-example-mbus-encrypted.bin"));
        Assert.True(exit == 0, err);
        using JsonDocument doc = JsonDocument.Parse(output.Trim());
        Assert.Equal("mbus", doc.RootElement.GetProperty("format").GetString());
        Assert.True(doc.RootElement.GetProperty("encrypted").GetBoolean());
    }

    [Fact]
    public void ABadFcsIsShownBadWithoutObjectsAndFailsTheExitStatus()
    {
        var (exit, output, err) = Run("parse", "--json", Fixture("amsreader-kamstrup-no-gh175-fcs-bad.bin"));
        Assert.Equal(1, exit);
        using JsonDocument doc = JsonDocument.Parse(output.Trim());
        Assert.Equal("bad", doc.RootElement.GetProperty("check").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("objects").GetArrayLength());
        Assert.Contains("1 bad CRC", err);
    }

    [Fact]
    public void ParseReadsAReadoutWithItsAddresses()
    {
        var (exit, output, _) = Run("parse", "--json", Fixture("weltenwort-logarex-lk13-modec-datamessage.txt"));
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output.Trim());
        Assert.Equal("iec62056-21", doc.RootElement.GetProperty("format").GetString());
        JsonElement first = doc.RootElement.GetProperty("objects")[0];
        Assert.Equal("1-0:96.1.0", first.GetProperty("obis").GetString());
        Assert.Equal("1-0:96.1.0*255", first.GetProperty("address").GetString());
        Assert.Equal("001LOG0065282495", first.GetProperty("value").GetString());
    }

    [Fact]
    public void FormatForcesTheDecoder()
    {
        var (exit, output, _) = Run("parse", "--json", "--format", "iec62056-21", Fixture("amshan-kamstrup-han-moded.txt"));
        Assert.Equal(0, exit);
        Assert.Contains("\"format\":\"iec62056-21\",\"check\":\"ok\"", output);
        var (usage, _, err) = Run("parse", "--format", "sml", Fixture("amshan-kamstrup-han-moded.txt"));
        Assert.Equal(2, usage);
        Assert.Contains("auto, p1, hdlc, mbus, han or iec62056-21", err);
    }

    [Fact]
    public void EnvelopeAndGapsReadPushes()
    {
        var (exit, output, err) = Run("envelope", "--feeder", "f1", "--gateway", "g1", Fixture("hassams-kaifa-se-ma304h4d-kfm001-list3.bin"));
        Assert.True(exit == 0, err);
        Assert.Contains("/meter/7340157011274532/telemetry", output);
        Assert.Contains("145122.745", output);

        var (gapsExit, gaps, gapsErr) = Run("gaps", "--format", "csv", Fixture("sdc-lg-e450-ch-vse2026.bin"));
        Assert.True(gapsExit == 0, gapsErr);
        Assert.Contains("1.8.0", gaps);
    }

    [Fact]
    public void EveryVerbThatReadsCapturesTakesAForcedFormat()
    {
        string moded = Fixture("amshan-kamstrup-han-moded.txt");
        var (envelopeExit, envelopes, envelopeErr) = Run("envelope", "--feeder", "f1", "--gateway", "g1", "--format", "iec62056-21", moded);
        Assert.True(envelopeExit == 0, envelopeErr);
        Assert.Contains("/telemetry", envelopes);

        var (gapsExit, gaps, gapsErr) = Run("gaps", "--format", "json", "--input-format", "han", Fixture("hassams-kaifa-se-ma304h4d-kfm001-list3.bin"));
        Assert.True(gapsExit == 0, gapsErr);
        Assert.Contains("\"models\"", gaps);

        // Forced to the wrong format, a push is no telegram at all.
        var (wrongExit, _, _) = Run("parse", "--format", "p1", Fixture("hassams-kaifa-se-ma304h4d-kfm001-list3.bin"));
        Assert.Equal(1, wrongExit);
    }

    [Fact]
    public void TheGatewayTakesItsFormatFromFormatOrTheConfigsProtocol()
    {
        Assert.Null(GatewayCommand.ReadSettings([], out GatewaySettings detected));
        Assert.Equal(MeterFormat.Auto, detected.Format);

        string config = Path.Combine(Directory.CreateTempSubdirectory("openami-han-conf-").FullName, "gateway.conf");
        File.WriteAllText(config, "protocol = han\nline = 2400-8e1\niec_mode = c\naad = 30c0c1c2c3c4c5c6c7c8c9cacbcccdcecf\n");
        Assert.Null(GatewayCommand.ReadSettings(["--config", config], out GatewaySettings fromConfig));
        Assert.Equal(MeterFormat.Hdlc, fromConfig.Format);
        Assert.NotNull(fromConfig.Decryption.HanAad); // an AAD given is used for pushes too; Luxembourg's default is not

        Assert.Null(GatewayCommand.ReadSettings(["--config", config, "--format", "iec62056-21"], out GatewaySettings fromOption));
        Assert.Equal(MeterFormat.Iec62056, fromOption.Format);
        Assert.Null(detected.Decryption.HanAad);

        File.WriteAllText(config, "protocol = sml\n");
        var (exit, _, error) = Run("gateway", "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("config protocol is auto, p1, hdlc, mbus, han or iec62056-21", error);
    }

    [Fact]
    public void ReadPerformsAReadoutThroughAnOpticalHead()
    {
        string data = "1.8.1(022108.7*kWh)\r\n!\r\n";
        byte[] body = System.Text.Encoding.ASCII.GetBytes(data + "\u0003");
        int bcc = 0;
        foreach (byte b in body)
        {
            bcc ^= b;
        }

        using var pty = PseudoTerminal.Create();
        var meter = new Thread(() =>
        {
            var buffer = new byte[64];
            string seen = "";
            try
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                if (!pty.WaitForReader(stop.Token))
                {
                    return;
                }

                while (true)
                {
                    int n = pty.Master.Read(buffer, 0, buffer.Length);
                    seen += System.Text.Encoding.Latin1.GetString(buffer, 0, n);
                    if (seen.EndsWith("/?!\r\n", StringComparison.Ordinal))
                    {
                        pty.Master.Write(System.Text.Encoding.ASCII.GetBytes("/LOG4LK13\r\n"));
                        seen = "";
                    }
                    else if (seen.Length >= 6 && seen[0] == '\u0006')
                    {
                        // The data goes out only once the reader has switched to the 4800 baud its acknowledgement chose.
                        if (!Poll.Until(() => pty.LineBaud() == 4800, TimeSpan.FromSeconds(10)))
                        {
                            return;
                        }

                        pty.Master.Write([0x02]);
                        pty.Master.Write(body);
                        pty.Master.Write([(byte)bcc]);
                        return;
                    }
                }
            }
            catch (IOException)
            {
            }
        }) { IsBackground = true };
        meter.Start();
        string output = Path.Combine(Path.GetTempPath(), $"openami-read-{Guid.NewGuid():N}.txt");
        try
        {
            var (exit, _, err) = Run("read", "iec62056-21", "serial:" + pty.SlavePath, "--out", output);
            Assert.True(exit == 0, err);
            Assert.Contains("4800 baud, BCC ok", err);
            Assert.Equal("/LOG4LK13\n\n1.8.1(022108.7*kWh)\n!\n", File.ReadAllText(output));
        }
        finally
        {
            File.Delete(output);
        }

        var (missing, _, missingErr) = Run("read", "iec62056-21", "serial:/dev/no-such-head");
        Assert.Equal(1, missing);
        Assert.Contains("no such device", missingErr);
    }
}

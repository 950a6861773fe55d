using System.Text;
using System.Text.RegularExpressions;
using OpenAmi.Northbound;
using OpenAmi.P1.Framing;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;

namespace OpenAmi.Tests.Vmrs;

/// <summary>
/// Issue 15 item 4: meters that number their electricity registers 1-1:… (Sagemcom XT211) had them published twice
/// in full mode, once as the VMRS entry and once as a raw register ("1.7.0" and "1.1.1.7.0.255").
/// </summary>
public class FullModeChannelOneTests
{
    [Fact]
    public void AnXt211RegisterIsPublishedOnceInFullMode()
    {
        // The capture's stated CRC is wrong (its source says so): recompute it so the frame is good data.
        string text = File.ReadAllText(RepoPaths.Fixture("athom-sagemcom-xt211.txt"));
        int bang = text.IndexOf('!');
        byte[] body = Encoding.ASCII.GetBytes(text[..(bang + 1)]);
        string framed = text[..(bang + 1)] + Crc16Arc.Compute(body, 0, body.Length).ToString("X4") + "\r\n";

        Decode d = Decode.All(Encoding.ASCII.GetBytes(framed));
        Assert.Single(d.Frames);
        Assert.Equal(CrcStatus.Ok, d.Frames[0].Crc);
        var mapper = new VmrsMapper(new MappingOptions { Mode = MappingMode.Full });
        var readings = Enumerable.Range(0, 4).Select(_ => new MeterReading()).ToArray();
        Assert.True(mapper.Map(d.Frames[0].Telegram, 1_780_000_000, false, readings) >= 1);
        var writer = new EnvelopeWriter();
        Assert.True(writer.Write(readings[0], "f", "g", null));
        string envelope = writer.ToText();

        List<string> keys = Regex.Matches(envelope, "\"obis\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        // The VMRS entry, once; the 1-1: object it came from is not repeated as a raw register. Registers outside
        // the VMRS keep their full code (1.1.1.8.1.255), once each.
        Assert.Single(keys, "1.7.0");
        Assert.DoesNotContain("1.1.1.7.0.255", keys);
        Assert.Single(keys, "1.1.1.8.1.255");
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}

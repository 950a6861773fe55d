using System.Globalization;
using System.Text;
using OpenAmi.Northbound;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;

namespace OpenAmi.Tests.Northbound;

/// <summary>Every envelope the core makes from the whole corpus, in both modes, against the schema and the rules.</summary>
public class EnvelopeCorpusTests
{
    private const long GatewayNow = 1_780_000_000; // 2026-05-28T20:26:40Z

    public static IEnumerable<object[]> AllCaptures()
    {
        foreach (string f in Directory.GetFiles(RepoPaths.Fixtures, "*.txt").Concat(Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "crc-fixed"))))
        {
            yield return [Path.GetRelativePath(RepoPaths.Fixtures, f)];
        }

        yield return ["encrypted/athom-luxembourg-smarty-spec-example-encrypted-with-aad.bin"];
        yield return ["../../../samples/bench/luxembourg-smarty-encrypted.bin"];
        yield return ["../../../samples/dsmr5-iskra-am550.p1"];
    }

    /// <summary>Envelopes (text) of every good frame of a capture, through the real decoder, mapper and writer.</summary>
    public static List<string> Envelopes(string capture, MappingMode mode)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
        Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        var mapper = new VmrsMapper(new MappingOptions { Mode = mode });
        var readings = Enumerable.Range(0, 10).Select(_ => new MeterReading()).ToArray();
        var writer = new EnvelopeWriter();
        var result = new List<string>();
        foreach (DecodedFrame frame in d.Frames)
        {
            int n = mapper.Map(frame.Telegram, GatewayNow, false, readings);
            if (frame.Crc == CrcStatus.Bad)
            {
                Assert.Equal(0, n); // a bad frame is never data
            }
            else
            {
                Assert.True(n >= 1);
            }

            for (int r = 0; r < n; r++)
            {
                Assert.True(writer.Write(readings[r], "feeder-north-01", "pole-0042", null));
                result.Add(writer.ToText());
            }
        }

        return result;
    }

    [Fact]
    public void TheSchemaRejectsWhatTheProfileForbids()
    {
        const string Good = "{\"schemaVersion\":\"0.1\",\"ts\":\"2026-06-22T14:30:00Z\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m\",\"registers\":[{\"obis\":\"1.8.0\",\"value\":1842.5,\"unit\":\"kWh\",\"quality\":\"good\"}]}";
        Assert.Empty(Schemas.Telemetry(Good));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("\"good\"", "\"fine\"")));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("\"ts\":\"2026-06-22T14:30:00Z\",", "")));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("\"meterSerial\":\"m\"", "\"meterSerial\":\"a/b\"")));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("14:30:00Z", "14:30:00+02:00")));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("\"unit\":\"kWh\",", "")));
        Assert.NotEmpty(Schemas.Telemetry(Good.Replace("}]}", ",\"extra\":1}]}")));
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void EveryEnvelopeOfEveryCaptureIsValidInBothModes(string capture)
    {
        foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
        {
            foreach (string envelope in Envelopes(capture, mode))
            {
                var errors = Schemas.Telemetry(envelope);
                Assert.True(errors.Count == 0, $"{capture} ({mode}): {string.Join("; ", errors)}\n{envelope}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void EnvelopesAreDeterministic(string capture)
    {
        Assert.Equal(Envelopes(capture, MappingMode.Full), Envelopes(capture, MappingMode.Full));
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void ImportTotalFollowsTheRuleOnEveryCapture(string capture)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
        Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        var mapper = new VmrsMapper(new MappingOptions());
        var readings = new[] { new MeterReading() };
        foreach (DecodedFrame frame in d.Frames.Where(f => f.Crc != CrcStatus.Bad))
        {
            mapper.Map(frame.Telegram, GatewayNow, false, readings);
            int entry = readings[0].FindVmrs(VmrsCatalog.ActiveImport);
            decimal? expected = IndependentImportTotal(frame.Telegram, out bool derived);
            if (expected == null)
            {
                Assert.Equal(-1, entry);
                continue;
            }

            Assert.True(entry >= 0, capture);
            Assert.Equal(expected.Value, decimal.Parse(readings[0].GetNumber(entry).ToString(), CultureInfo.InvariantCulture));
            Assert.Equal(derived, readings[0].IsDerived(entry));
        }
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void ClockAndTsFollowTheRuleOnEveryCapture(string capture)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
        Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        var mapper = new VmrsMapper(new MappingOptions());
        var readings = new[] { new MeterReading() };
        foreach (DecodedFrame frame in d.Frames.Where(f => f.Crc != CrcStatus.Bad))
        {
            mapper.Map(frame.Telegram, GatewayNow, false, readings);
            string raw = frame.Raw("0-0:1.0.0");
            DateTimeOffset? expected = IndependentClock(raw);
            int entry = readings[0].FindVmrs(VmrsCatalog.Clock);
            if (expected == null)
            {
                Assert.Equal(-1, entry);
                Assert.Equal(GatewayNow, readings[0].TimestampUnix);
            }
            else
            {
                Assert.Equal(expected.Value.ToUnixTimeSeconds(), readings[0].GetDateTime(entry));
                Assert.Equal(expected.Value.ToUnixTimeSeconds(), readings[0].TimestampUnix);
            }
        }
    }

    [Fact]
    public void MappingAndWritingAllocateNothingAfterWarmUp()
    {
        foreach (string input in new[] { "belgium-3phase-13month-fluvius.p1", "dsmr5-1phase-sagemcom-xs210.p1" })
        {
            byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", input));
            var telegram = new Telegram();
            var framer = new P1Framer();
            framer.Feed(data, 0, data.Length);
            Assert.True(framer.FrameReady);
            TelegramParser.Parse(framer.Buffer, framer.FrameLength, framer.FrameCrc, false, telegram);
            foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
            {
                var mapper = new VmrsMapper(new MappingOptions { Mode = mode });
                var readings = Enumerable.Range(0, 10).Select(_ => new MeterReading()).ToArray();
                var writer = new EnvelopeWriter();
                for (int i = 0; i < 20; i++)
                {
                    Run(mapper, telegram, readings, writer);
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 200; i++)
                {
                    Run(mapper, telegram, readings, writer);
                }

                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        static void Run(VmrsMapper mapper, Telegram telegram, MeterReading[] readings, EnvelopeWriter writer)
        {
            int n = mapper.Map(telegram, GatewayNow, false, readings);
            for (int r = 0; r < n; r++)
            {
                Assert.True(writer.Write(readings[r], Ids, null, r, false));
            }
        }
    }

    // The ids as the gateway holds them: encoded once.
    private static readonly GatewayIds Ids = new("feeder", "gateway");

    // 1.8.0 computed here with System.Decimal from the raw text, independently of the core's arithmetic.
    private static decimal? IndependentImportTotal(Telegram t, out bool derived)
    {
        derived = false;
        var tariffs = new List<decimal>();
        decimal? total = null;
        foreach (int b in new[] { 0, 1 })
        {
            for (int o = 0; o < t.ObjectCount; o++)
            {
                var code = t.GetObis(o);
                if (code.A != 1 || code.B != b || code.C != 1 || code.D != 8)
                {
                    continue;
                }

                string raw = t.GetGroupText(t.GetFirstGroup(o) + t.GetGroupCount(o) - 1);
                int star = raw.IndexOf('*');
                decimal value = decimal.Parse(star < 0 ? raw : raw[..star], CultureInfo.InvariantCulture);
                string unit = star < 0 ? "" : raw[(star + 1)..].ToLowerInvariant();
                if (unit == "wh")
                {
                    value /= 1000m;
                }

                if (code.E == 0)
                {
                    total ??= value;
                }
                else if (total == null)
                {
                    tariffs.Add(value);
                }
            }

            if (total != null)
            {
                return total;
            }

            if (tariffs.Count > 0)
            {
                derived = true;
                return tariffs.Sum();
            }
        }

        return null;
    }

    // The meter clock computed with the BCL: S is UTC+2, W is UTC+1; placeholders are not clocks.
    private static DateTimeOffset? IndependentClock(string raw)
    {
        if (raw.Length != 13 || !DateTime.TryParseExact(raw[..12], "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        if (raw.StartsWith("000101", StringComparison.Ordinal) || raw.StartsWith("700101", StringComparison.Ordinal))
        {
            return null;
        }

        TimeSpan offset = char.ToUpperInvariant(raw[12]) == 'S' ? TimeSpan.FromHours(2) : TimeSpan.FromHours(1);
        return new DateTimeOffset(local, offset);
    }
}

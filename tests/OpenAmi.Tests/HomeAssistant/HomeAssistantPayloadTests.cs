using System.Text.Json;
using OpenAmi.Gateway;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.Tests.Northbound;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.HomeAssistant;

/// <summary>
/// Every discovery config the gateway publishes for the whole corpus, in both modes, follows Home Assistant's
/// documented keys, device classes, state classes and units (<see cref="HomeAssistantDocumented"/>), and every
/// value_template resolves, against the telemetry the gateway published on the entity's state topic, to exactly
/// the value of the register it names.
/// </summary>
public class HomeAssistantPayloadTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> AllCaptures() => EnvelopeCorpusTests.AllCaptures();

    public sealed record Published(string Topic, string Payload, bool Retained);

    /// <summary>A capture through a gateway runtime with discovery on: every message it published, in order.</summary>
    public static List<Published> Through(string capture, MappingMode mode, string prefix = "homeassistant")
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
        Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        var options = new GatewayOptions { FeederId = "feeder-north-01", GatewayId = "pole-0042", IntervalSeconds = 0, HaDiscovery = true, HaPrefix = prefix };
        options.Mapping.Mode = mode;
        var clock = new FakeClock { UtcNowUnix = 1_780_000_000, TickMs = 5000, IsTrusted = false };
        var link = new FakeLink();
        var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link);
        runtime.Start();
        link.Connect();
        int acked = 0;
        foreach (DecodedFrame frame in d.Frames.Where(f => f.Crc != CrcStatus.Bad))
        {
            runtime.OnFrame(0, frame.Telegram);
            for (int t = 0; t < 10; t++)
            {
                clock.Advance(1);
                runtime.Tick();
                link.AckAll(acked);
                acked = link.Count;
            }
        }

        return Enumerable.Range(0, link.Count).Select(i => new Published(link.Topic(i), link.Payload(i), link.Retained(i))).ToList();
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void EveryConfigFollowsHomeAssistantsDocumentationAndItsTemplateReadsTheRegister(string capture)
    {
        foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
        {
            List<Published> run = Through(capture, mode);
            var configs = run.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)).ToList();
            if (run.Any(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && m.Payload.Contains("\"unit\":\"kWh\"", StringComparison.Ordinal)))
            {
                Assert.Contains(configs, c => c.Topic.Contains("/sensor/openami_", StringComparison.Ordinal) && !c.Topic.Contains("openami_gw_"));
            }

            foreach (Published config in configs)
            {
                Assert.True(config.Retained, $"{config.Topic} is not retained");
                List<string> problems = HomeAssistantDocumented.Problems(config.Topic, config.Payload);
                Assert.True(problems.Count == 0, $"{capture} ({mode}):\n{string.Join("\n", problems)}\n{config.Payload}");
                CheckTemplate(config, run, $"{capture} ({mode})");
            }
        }
    }

    // The template, rendered against the last message on its state topic that carries the register it names (matched
    // by key and unit, as a head end reads the envelope), gives that register's value; against a message without it,
    // nothing, which Home Assistant ignores (anonymised captures give a gas meter the electricity meter's id, so both
    // publish on one topic).
    private static void CheckTemplate(Published config, List<Published> run, string what)
    {
        JsonElement c = JsonDocument.Parse(config.Payload).RootElement;
        string stateTopic = c.GetProperty("state_topic").GetString()!;
        string template = c.GetProperty("value_template").GetString()!;
        var states = run.Where(m => m.Topic == stateTopic).ToList();
        Assert.True(states.Count > 0, $"{what}: nothing was published on {stateTopic}, the state topic of {config.Topic}");
        if (stateTopic.EndsWith("/status", StringComparison.Ordinal))
        {
            JsonElement status = JsonDocument.Parse(states[^1].Payload).RootElement;
            string expected = template.Contains("framesBad", StringComparison.Ordinal)
                ? status.GetProperty("counters").GetProperty("framesBad").GetRawText()
                : status.GetProperty("status").GetString()!;
            Assert.Equal(expected, JinjaSubset.Render(template, states[^1].Payload));
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(template, "r.obis == '(?<obis>[^']+)' and r.unit == '(?<unit>[^']+)'");
        Assert.True(match.Success, $"{what}: {template}");
        bool seen = false;
        foreach (Published state in states)
        {
            JsonElement[] registers = JsonDocument.Parse(state.Payload).RootElement.GetProperty("registers").EnumerateArray()
                .Where(r => r.GetProperty("obis").GetString() == match.Groups["obis"].Value && r.GetProperty("unit").GetString() == match.Groups["unit"].Value)
                .ToArray();
            Assert.True(registers.Length <= 1, $"{what}: {config.Topic} names {registers.Length} registers of {state.Payload}");
            string rendered = JinjaSubset.Render(template, state.Payload);
            Assert.Equal(registers.Length == 0 ? "" : JinjaSubset.Print(registers[0].GetProperty("value")), rendered);
            if (registers.Length == 1 && c.TryGetProperty("payload_on", out JsonElement on))
            {
                Assert.Contains(rendered, new[] { on.GetString(), c.GetProperty("payload_off").GetString() });
            }

            seen |= registers.Length == 1;
        }

        Assert.True(seen, $"{what}: no message on {stateTopic} carries the register of {config.Topic}");
    }

    [Fact]
    public void ABelgianMeterInFullModeShowsItsCapacityTariffGasAndBreakerWithTheirValues()
    {
        List<Published> run = Through("../../../samples/bench/belgium-3phase-13month-fluvius.p1", MappingMode.Full);
        string Value(string topic)
        {
            Published config = run.Last(m => m.Topic == topic);
            JsonElement c = JsonDocument.Parse(config.Payload).RootElement;
            Published state = run.Last(m => m.Topic == c.GetProperty("state_topic").GetString());
            return JinjaSubset.Render(c.GetProperty("value_template").GetString()!, state.Payload);
        }

        const string M = "homeassistant/sensor/openami_1SAG3100138726_";
        Assert.Equal("18417.194", Value(M + "1_8_0/config"));
        Assert.Equal("118", Value(M + "1_4_0/config"));
        Assert.Equal("1811", Value(M + "1_6_0/config"));
        Assert.Equal("2024-07-07T17:15:00Z", Value(M + "1_6_0_time/config"));
        Assert.Equal("0.63", Value(M + "31_7_0/config"));
        Assert.Equal("233.0", Value(M + "32_7_0/config"));
        Assert.Equal("connected", Value("homeassistant/binary_sensor/openami_1SAG3100138726_0_0_96_3_10_255/config"));
        Assert.Equal("8538.167", Value("homeassistant/sensor/openami_7FLO2119152803_0_0_24_2_3_255/config"));
        Assert.Equal("online", Value("homeassistant/binary_sensor/openami_gw_feeder-north-01_pole-0042_online/config"));
        foreach (Published m in run.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)))
        {
            output.WriteLine($"{m.Topic} ({m.Payload.Length} B)");
        }
    }

    [Fact]
    public void ThePrefixIsConfigurable()
    {
        List<Published> run = Through("../../../samples/dsmr5-iskra-am550.p1", MappingMode.Vmrs, "ha/discovery");
        var configs = run.Where(m => m.Topic.EndsWith("/config", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(configs);
        Assert.All(configs, c => Assert.StartsWith("ha/discovery/", c.Topic));
        Assert.All(configs, c => Assert.Empty(HomeAssistantDocumented.Problems(c.Topic, c.Payload, "ha/discovery")));
        Assert.Null(GatewayOptions.CheckHaPrefix("ha/discovery", "ha_prefix"));
        Assert.Contains("ha_prefix 'home/#'", GatewayOptions.CheckHaPrefix("home/#", "ha_prefix"));
        Assert.NotNull(GatewayOptions.CheckHaPrefix("/homeassistant", "ha_prefix"));
        Assert.NotNull(GatewayOptions.CheckHaPrefix("", "ha_prefix"));
    }

    [Fact]
    public void TheCheckRefusesWhatTheDocumentationDoesNotAllow()
    {
        const string Topic = "homeassistant/sensor/openami_x_1_8_0/config";
        const string Good = "{\"name\":\"E\",\"unique_id\":\"openami_x_1_8_0\",\"state_topic\":\"t\",\"device_class\":\"energy\",\"state_class\":\"total_increasing\",\"unit_of_measurement\":\"kWh\",\"device\":{\"identifiers\":[\"openami_x\"]},\"origin\":{\"name\":\"o\"}}";
        Assert.Empty(HomeAssistantDocumented.Problems(Topic, Good));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace("\"kWh\"", "\"m3\"")));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace("total_increasing", "measurement")));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace("\"energy\"", "\"electricity\"")));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace("\"name\"", "\"nam\"")));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace("\"identifiers\"", "\"ids_\"")));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic.Replace("openami_x_1_8_0", "openami.x"), Good));
        Assert.NotEmpty(HomeAssistantDocumented.Problems(Topic, Good.Replace(",\"unique_id\":\"openami_x_1_8_0\"", "")));
    }

    [Fact]
    public void TheEntityTablesTextsSitAtTheirBases()
    {
        Type entities = typeof(GatewayRuntime).Assembly.GetType("OpenAmi.Gateway.HomeAssistantEntities")!;
        var text = (OpenAmi.Text.PackedWords)entities.GetProperty("Text")!.GetValue(null)!;
        int Base(string name) => (int)entities.GetField(name)!.GetValue(null)!;
        string Word(int i) => System.Text.Encoding.ASCII.GetString(text.Bytes, text.StartOf(i), text.LengthOf(i));
        Assert.Equal(Base("Words"), text.Count);
        Assert.Equal("Energy import", Word(Base("NameBase")));
        Assert.Equal("Reactive power export", Word(Base("SuffixBase") - 1));
        Assert.Equal(" tariff 1", Word(Base("SuffixBase") + 4));
        Assert.Equal("Counter", Word(Base("FallbackBase") + NorthboundUnits.Count));
        Assert.Equal("Reactive energy", Word(Base("FallbackBase") + NorthboundUnits.KilovarHour));
        Assert.Equal("connectivity", Word(Base("ClassBase") + 11));
        Assert.Equal("total_increasing", Word(Base("StateBase") + 2));
        Assert.Equal("binary_sensor", Word(Base("PlatformBase") + 1));
        Assert.Equal("m\\u00b3", Word(Base("UnitBase") + NorthboundUnits.CubicMetre));
        Assert.Equal("kVAh", Word(Base("UnitBase") + NorthboundUnits.KilovoltAmpereHour));
        Assert.Equal("", Word(Base("UnitBase") + NorthboundUnits.Event));
        Assert.Equal("Heat", Word(Base("SubNameBase") + 2));
        Assert.Equal("M-Bus meter ", Word(Base("SubDeviceBase") + 3));
        Assert.Equal("ITF", Word(Base("FlagIdBase") + 11));
        Assert.Equal("Itron", Word(Base("FlagNameBase") + 11));
    }

    [Fact]
    public void TheTemplateSubsetRendersAsJinjaDoes()
    {
        const string Envelope = "{\"registers\":[{\"obis\":\"1.8.0\",\"value\":1.030,\"unit\":\"kWh\"},{\"obis\":\"32.7.0\",\"value\":233.0,\"unit\":\"V\"},{\"obis\":\"1.7.0\",\"value\":153,\"unit\":\"W\"}],\"status\":\"online\"}";
        string Read(string obis, string unit) => JinjaSubset.Render(
            "{% for r in value_json.registers if r.obis == '" + obis + "' and r.unit == '" + unit + "' %}{{ r.value }}{% endfor %}", Envelope);
        Assert.Equal("1.03", Read("1.8.0", "kWh"));
        Assert.Equal("233.0", Read("32.7.0", "V"));
        Assert.Equal("153", Read("1.7.0", "W"));
        Assert.Equal("", Read("1.7.0", "kWh"));
        Assert.Equal("online", JinjaSubset.Render("{{ value_json.status }}", Envelope));
        Assert.Equal("", JinjaSubset.Render("{% if value_json.counters is defined %}{{ value_json.counters.framesBad }}{% endif %}", Envelope));
        Assert.Throws<NotSupportedException>(() => JinjaSubset.Render("{{ value_json.status | upper }}", Envelope));
    }
}

using System.Text.Json;
using OpenAmi.Tests.HomeAssistant;
using OpenAmi.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// Home Assistant discovery through a real mosquitto, as Home Assistant would meet it: the gateway process runs two
/// captures with --ha-discovery and exits; a client that subscribes afterwards receives the retained configs (only
/// retained messages reach a late subscriber), each follows Home Assistant's documentation, each value_template
/// resolves against the telemetry the gateway published to the value of its register, and availability reads the
/// retained status (online while it ran, offline after its clean stop).
/// </summary>
[Collection("end-to-end")]
public class HomeAssistantEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public void RetainedConfigsOnTheBrokerResolveToTheMetersValues()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker);
        string outbox = Directory.CreateTempSubdirectory("openami-outbox-").FullName;
        using var gateway = new GatewayProcess(
            "--source", RepoPaths.Fixture("athom-dsmr50-iskra-am550-isk5-2m550t-1011.txt"),
            "--source", Path.Combine(RepoPaths.Root, "samples", "bench", "belgium-3phase-13month-fluvius.p1"),
            "--fast", "--interval", "0", "--mode", "full", "--ha-discovery", "--broker", broker.Url,
            "--feeder", "home", "--gateway", "p1-dongle", "--outbox", outbox);
        Assert.Equal(0, gateway.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(head.On("openami/v1/home/p1-dongle/status"), m => m.Payload.StartsWith("{\"status\":\"online\"", StringComparison.Ordinal));

        using var ha = new Subscriber(broker, "homeassistant/#");
        using var status = new Subscriber(broker, "openami/v1/home/p1-dongle/status");
        const int Configs = 2 + 29 + 1 + 29 + 1; // gateway, DSMR 5 meter and its gas meter, Belgian meter and its gas meter
        Assert.True(ha.WaitFor(h => h.Messages.Count >= Configs && status.Messages.Count >= 1, TimeSpan.FromSeconds(10)),
            $"{ha.Messages.Count} retained configs:\n{string.Join("\n", ha.Messages.Select(m => m.Topic).Order())}\n{gateway.Stderr}");
        var telemetry = head.On("/telemetry");
        string retainedStatus = status.Messages.Last().Payload;
        string lastBirth = head.On("openami/v1/home/p1-dongle/status").Last(m => m.Payload.StartsWith("{\"status\":\"online\"", StringComparison.Ordinal)).Payload;
        Assert.StartsWith("{\"status\":\"offline\"", retainedStatus);

        var values = new Dictionary<string, string>();
        foreach (var (topic, payload) in ha.Messages)
        {
            Assert.Empty(HomeAssistantDocumented.Problems(topic, payload));
            JsonElement config = JsonDocument.Parse(payload).RootElement;
            string stateTopic = config.GetProperty("state_topic").GetString()!;
            string template = config.GetProperty("value_template").GetString()!;
            if (config.TryGetProperty("availability_topic", out JsonElement availability))
            {
                Assert.Equal("openami/v1/home/p1-dongle/status", availability.GetString());
                Assert.Equal(config.GetProperty("payload_not_available").GetString(),
                    JinjaSubset.Render(config.GetProperty("availability_template").GetString()!, retainedStatus));
            }

            string? value = stateTopic.EndsWith("/status", StringComparison.Ordinal)
                ? JinjaSubset.Render(template, lastBirth)
                : telemetry.Where(m => m.Topic == stateTopic).Select(m => JinjaSubset.Render(template, m.Payload)).LastOrDefault(v => v.Length > 0);
            Assert.True(value != null, $"{topic}: no telemetry on {stateTopic} carries its register");
            values[topic] = value;
            output.WriteLine($"{topic} = {value}");
        }

        Assert.Equal(Configs, values.Count);
        string Of(string topic) => values["homeassistant/" + topic + "/config"];

        // DSMR 5 (Iskra AM550): import as the sum of its tariffs, export, per-phase power and the gas meter (its M-Bus id).
        const string Iskra = "sensor/openami_E0034006810516416_";
        Assert.Equal("6757.178", Of(Iskra + "1_8_0"));
        Assert.Equal("3808.351", Of(Iskra + "1_8_1"));
        Assert.Equal("236.0", Of(Iskra + "32_7_0"));
        Assert.Equal("132", Of(Iskra + "61_7_0"));
        Assert.Equal("3", Of(Iskra + "0_0_96_7_9_255"));
        Assert.Equal("1569.646", Of("sensor/openami_G0039001700460117_0_0_24_2_1_255"));

        // Belgium (Fluvius): the capacity tariff, the breaker and the uncorrected gas volume.
        const string Fluvius = "sensor/openami_1SAG3100138726_";
        Assert.Equal("118", Of(Fluvius + "1_4_0"));
        Assert.Equal("1811", Of(Fluvius + "1_6_0"));
        Assert.Equal("2024-07-07T17:15:00Z", Of(Fluvius + "1_6_0_time"));
        Assert.Equal("connected", Of("binary_sensor/openami_1SAG3100138726_0_0_96_3_10_255"));
        Assert.Equal("8538.167", Of("sensor/openami_7FLO2119152803_0_0_24_2_3_255"));

        // The gateway's own device: online while it ran, with no bad frame; offline on the retained status after its stop.
        Assert.Equal("online", Of("binary_sensor/openami_gw_home_p1-dongle_online"));
        Assert.Equal("0", Of("sensor/openami_gw_home_p1-dongle_frames_bad"));
        string onlineTemplate = JsonDocument.Parse(ha.Messages.Single(m => m.Topic.Contains("_online/", StringComparison.Ordinal)).Payload)
            .RootElement.GetProperty("value_template").GetString()!;
        Assert.Equal("offline", JinjaSubset.Render(onlineTemplate, retainedStatus));
    }
}

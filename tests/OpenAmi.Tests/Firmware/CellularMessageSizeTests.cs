using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.Tests.Northbound;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// Every message the gateway publishes for the whole corpus (tests/fixtures/p1 and the samples), in VMRS and full mode,
/// fits what the SIM7080 link publishes: the largest of each kind is measured and printed, back-filled ("hist") included.
/// </summary>
public class CellularMessageSizeTests(ITestOutputHelper output)
{
    private const long GatewayNow = 1_780_000_000;

    // Long but valid ids: the topic and every message grow with them.
    private const string Feeder = "feeder-north-0001";
    private const string Gateway = "pole-000042";

    public sealed record Largest(string Kind, MappingMode Mode, int Bytes, string Capture);

    /// <summary>The largest payload of each kind (telemetry, event, status) per mode over the corpus.</summary>
    public static List<Largest> Measure()
    {
        var largest = new Dictionary<(string, MappingMode), Largest>();
        foreach (object[] row in EnvelopeCorpusTests.AllCaptures())
        {
            string capture = (string)row[0];
            byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
            Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
            foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
            {
                var options = new GatewayOptions { FeederId = Feeder, GatewayId = Gateway, IntervalSeconds = 0, Software = "openami-p1-gateway-esp32/0.1.0" };
                options.Mapping.Mode = mode;
                var clock = new FakeClock { UtcNowUnix = GatewayNow, TickMs = 5000, IsTrusted = true };
                var link = new FakeLink();
                var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link) { FreeHeapBytes = 61_440 };
                runtime.Start();
                link.Connect();
                int acked = 0;
                foreach (DecodedFrame frame in d.Frames)
                {
                    runtime.OnFrame(0, frame.Telegram);
                    clock.Advance(10);
                    runtime.Tick();
                    link.AckAll(acked);
                    acked = link.Count;
                }

                clock.Advance(options.StatusPeriodSeconds);
                runtime.Tick();
                for (int i = 0; i < link.Count; i++)
                {
                    string topic = link.Topic(i);
                    string kind = topic[(topic.LastIndexOf('/') + 1)..];
                    // A message sent late carries ,"hist":true in place of its closing brace.
                    int bytes = link.Payload(i).Length + (kind == "status" || link.Payload(i).Contains("\"hist\":true") ? 0 : 12);
                    if (!largest.TryGetValue((kind, mode), out Largest? known) || known.Bytes < bytes)
                    {
                        largest[(kind, mode)] = new Largest(kind, mode, bytes, capture);
                    }
                }
            }
        }

        return largest.Values.OrderBy(l => l.Kind).ThenBy(l => l.Mode).ToList();
    }

    [Fact]
    public void EveryMessageOfTheCorpusFitsTheCellularLinkInBothModes()
    {
        List<Largest> sizes = Measure();
        foreach (Largest l in sizes)
        {
            output.WriteLine($"largest {l.Kind} in {l.Mode} mode: {l.Bytes} B ({l.Capture})");
        }

        Assert.Contains(sizes, l => l.Kind == "telemetry" && l.Mode == MappingMode.Full);
        foreach (Largest l in sizes)
        {
            Assert.True(l.Bytes <= Sim7080MqttLink.MaxPayload, $"{l.Kind} ({l.Mode}) of {l.Capture} is {l.Bytes} B, over the link's {Sim7080MqttLink.MaxPayload} B");
        }
    }
}

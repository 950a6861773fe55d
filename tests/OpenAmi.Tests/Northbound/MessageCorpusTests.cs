using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;

namespace OpenAmi.Tests.Northbound;

/// <summary>
/// Every message the gateway runtime publishes for the whole corpus (telemetry, events, status births and the
/// will), live and back-filled, in both mapping modes, with the gateway clock trusted or not, is valid against the
/// project's schemas (schemas/).
/// </summary>
public class MessageCorpusTests
{
    private const long GatewayNow = 1_780_000_000; // 2026-05-28T20:26:40Z

    public static IEnumerable<object[]> AllCaptures() => EnvelopeCorpusTests.AllCaptures();

    /// <summary>What one run of a capture through the runtime published.</summary>
    private sealed record Run(string Will, List<(string Topic, string Payload)> Messages)
    {
        public IEnumerable<string> On(string kind) => Messages.Where(m => m.Topic.EndsWith("/" + kind, StringComparison.Ordinal)).Select(m => m.Payload);

        public IEnumerable<string> Events(string type) => On("event").Where(p => p.Contains($"\"event\":{{\"type\":\"{type}\"", StringComparison.Ordinal));
    }

    /// <summary>
    /// The frames of a capture through a gateway runtime: the first half while the broker is away (back-filled
    /// with "hist" later), the rest live, then a silence (comms_lost), the first good frame again (comms_restored,
    /// a clock jump, lower registers), a burst of frames with a bad CRC (crc_errors), and a status period.
    /// </summary>
    private static Run Through(string capture, MappingMode mode, bool trustedClock)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, capture));
        Decode d = Decode.All(data, key: Convert.FromHexString("0123456789abcdef0123456789abcdef"), aad: Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        var options = new GatewayOptions { FeederId = "feeder-north-01", GatewayId = "pole-0042", IntervalSeconds = 0 };
        options.Mapping.Mode = mode;
        var clock = new FakeClock { UtcNowUnix = GatewayNow, TickMs = 5000, IsTrusted = trustedClock };
        var link = new FakeLink();
        var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link) { FreeHeapBytes = 61_440 };
        runtime.Start();

        int acked = 0;
        void Step(int seconds)
        {
            clock.Advance(seconds);
            runtime.Tick();
            link.AckAll(acked);
            acked = link.Count;
        }

        for (int i = 0; i < d.Frames.Count; i++)
        {
            if (i == d.Frames.Count / 2)
            {
                link.Connect();
            }

            runtime.OnFrame(0, d.Frames[i].Telegram);
            Step(10);
        }

        if (!link.IsConnected)
        {
            link.Connect();
        }

        DecodedFrame? good = d.Frames.FirstOrDefault(f => f.Crc != CrcStatus.Bad);
        if (good != null)
        {
            for (int s = 0; s < 12; s++)
            {
                Step(10);
            }

            runtime.OnFrame(0, good.Telegram);
            Step(1);
            for (int i = 0; i < options.CrcBurstCount; i++)
            {
                var bad = new Telegram();
                TelegramParser.Parse(good.Bytes, good.Bytes.Length, CrcStatus.Bad, false, bad);
                runtime.OnFrame(0, bad);
                Step(1);
            }
        }

        Step(options.StatusPeriodSeconds);
        for (int i = 0; i < 10 && runtime.Outbox.Unacknowledged > 0; i++)
        {
            Step(1);
        }

        var messages = Enumerable.Range(0, link.Count).Select(i => (link.Topic(i), link.Payload(i))).ToList();
        return new Run(link.WillPayload, messages);
    }

    [Theory]
    [MemberData(nameof(AllCaptures))]
    public void EveryMessageOfEveryCaptureIsValidInBothModes(string capture)
    {
        foreach (var (mode, trusted) in new[] { (MappingMode.Vmrs, false), (MappingMode.Vmrs, true), (MappingMode.Full, false), (MappingMode.Full, true) })
        {
            Run run = Through(capture, mode, trusted);
            Assert.True(Schemas.Status(run.Will).Count == 0, $"will: {string.Join("; ", Schemas.Status(run.Will))}\n{run.Will}");
            Assert.NotEmpty(run.On("status"));
            foreach (var (topic, payload) in run.Messages)
            {
                List<string> errors = Schemas.ForTopic(topic, payload);
                Assert.True(errors.Count == 0, $"{capture} ({mode}, clock trusted: {trusted}) {topic}: {string.Join("; ", errors)}\n{payload}");
            }
        }
    }

    [Fact]
    public void TheCorpusRunCoversLiveAndBackFilledMessagesAndTheEventsItProvokes()
    {
        // A corpus run that publishes nothing interesting would validate nothing: this one must carry each kind.
        // The meter's clock stamps the messages (an untrusted gateway clock), so the replayed frame is a clock jump.
        Run run = Through("../../../samples/dsmr5-iskra-am550.p1", MappingMode.Full, trustedClock: false);
        Assert.Contains(run.On("telemetry"), p => p.Contains(",\"hist\":true}", StringComparison.Ordinal));
        Assert.Contains(run.On("telemetry"), p => !p.Contains("\"hist\"", StringComparison.Ordinal));
        Assert.Contains(run.On("telemetry"), p => p.Contains("\"quality\":\"comms_lost\"", StringComparison.Ordinal));
        foreach (string type in new[] { "comms_lost", "comms_restored", "clock_jump", "register_decrease", "crc_errors" })
        {
            Assert.True(run.Events(type).Any(), $"no {type} event:\n{string.Join("\n", run.Messages.Select(m => m.Topic + " " + m.Payload))}");
        }

        Assert.Contains(run.On("status"), p => p.Contains("\"freeHeapBytes\":61440", StringComparison.Ordinal) && p.Contains("\"state\":\"ok\"", StringComparison.Ordinal));
        Assert.Contains("\"status\":\"offline\"", run.Will);
    }

    [Fact]
    public void TheStatusAndEventSchemasRejectWhatTheDocsForbid()
    {
        const string Birth = "{\"status\":\"online\",\"ts\":\"2026-05-28T20:26:40Z\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"software\":\"openami-p1-gateway/0.1.0\",\"configHash\":\"1c9b4f2e\",\"clockTrusted\":true,\"meters\":[{\"port\":0,\"meterSerial\":\"E1\",\"state\":\"ok\"}],\"registers\":[\"1.8.0\",\"0.0.96.1.1.255\"],\"counters\":{\"framesOk\":1,\"framesBad\":0,\"published\":1,\"queued\":0,\"droppedTelemetry\":0,\"droppedEvents\":0,\"damagedRecords\":0,\"lastSeq\":1,\"storageFault\":\"none\",\"heldInMemory\":0,\"storageFailures\":0}}";
        Assert.Empty(Schemas.Status(Birth));
        Assert.Empty(Schemas.Status("{\"status\":\"offline\",\"feederId\":\"f\",\"gatewayId\":\"g\"}"));
        Assert.NotEmpty(Schemas.Status(Birth.Replace("\"online\"", "\"offline\"")));
        Assert.NotEmpty(Schemas.Status(Birth.Replace("\"state\":\"ok\"", "\"state\":\"fine\"")));
        Assert.NotEmpty(Schemas.Status(Birth.Replace("\"lastSeq\":1", "\"lastSeq\":-1")));
        Assert.NotEmpty(Schemas.Status(Birth.Replace("\"storageFault\":\"none\"", "\"storageFault\":\"broken\"")));
        Assert.NotEmpty(Schemas.Status(Birth.Replace(",\"clockTrusted\":true", "")));
        Assert.NotEmpty(Schemas.Status(Birth.Replace("\"gatewayId\":\"g\"", "\"gatewayId\":\"a/b\"")));
        Assert.NotEmpty(Schemas.Status("{\"status\":\"offline\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"ts\":\"2026-05-28T20:26:40Z\"}"));

        const string Event = "{\"schemaVersion\":\"0.1\",\"ts\":\"2026-06-22T14:30:00Z\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"E1\",\"event\":{\"type\":\"breaker_state\",\"from\":\"connected\",\"to\":\"disconnected\"},\"seq\":4711}";
        Assert.Empty(Schemas.Event(Event));
        Assert.NotEmpty(Schemas.Event(Event.Replace("\"to\":\"disconnected\"", "\"to\":\"off\"")));
        Assert.NotEmpty(Schemas.Event(Event.Replace(",\"to\":\"disconnected\"", "")));
        Assert.NotEmpty(Schemas.Event(Event.Replace("breaker_state", "meter_exploded")));
        Assert.NotEmpty(Schemas.Event(Event.Replace(",\"seq\":4711", "")));
        Assert.NotEmpty(Schemas.Event(Event.Replace("4711}", "4711,\"sig\":\"x\"}")));

        const string Result = "{\"schemaVersion\":\"0.1\",\"ts\":\"2026-05-28T20:26:40Z\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"E1\",\"event\":{\"type\":\"command_result\",\"cmdId\":\"cmd-2\",\"op\":\"relay_disconnect\",\"status\":\"accepted\"},\"seq\":4711,\"kid\":\"k1\",\"sig\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
        Assert.Empty(Schemas.Event(Result));
        Assert.NotEmpty(Schemas.Event(Result.Replace(",\"kid\":\"k1\"", "")));
        Assert.NotEmpty(Schemas.Event(Result.Replace("\"accepted\"", "\"rejected\"")));
        Assert.Empty(Schemas.Event(Result.Replace("\"accepted\"", "\"rejected\",\"reason\":\"replay\"")));
    }
}

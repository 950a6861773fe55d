using System.Text.Json;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The gateway as a process against a real mosquitto: delivery, broker outage, process kill, will and birth,
/// comms lost and restored. Each test has its own broker on its own port.
/// </summary>
[Collection("end-to-end")]
public class GatewayEndToEndTests
{
    private static string NewOutbox() => Directory.CreateTempSubdirectory("openami-outbox-").FullName;

    [Fact]
    public void ReplayedCaptureDeliversValidTelemetryForEveryFrameOnTheRightTopic()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker);
        string fluvius = RepoPaths.Fixture("dsmrreader-fluvius-3phase.txt");
        using var gateway = new GatewayProcess("--source", Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"), "--source", fluvius,
            "--fast", "--interval", "0", "--broker", broker.Url, "--feeder", "feeder-e2e", "--gateway", "gw-e2e", "--outbox", NewOutbox());
        Assert.Equal(0, gateway.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 11, TimeSpan.FromSeconds(10)), gateway.Stderr);

        var sample = head.On("openami/v1/feeder-e2e/gw-e2e/meter/E0044007131650618/telemetry");
        Assert.Equal(10, sample.Count);
        Assert.Single(head.On("openami/v1/feeder-e2e/gw-e2e/meter/12345678901234567890123456789012/telemetry"));
        foreach (var (topic, payload) in head.On("/telemetry"))
        {
            var errors = Schemas.Telemetry(payload);
            Assert.True(errors.Count == 0, $"{topic}: {string.Join("; ", errors)}\n{payload}");
        }

        // Measurement time: ten telegrams a second apart (live ones may overtake the back-filled ones).
        var ts = sample.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("ts").GetString()).Order().ToList();
        Assert.Equal("2019-03-24T14:05:41Z", ts[0]);
        Assert.Equal("2019-03-24T14:05:50Z", ts[^1]);
    }

    [Fact]
    public void BrokerOutageMidRunLosesNothingAndBackfillsWithHist()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-outage");
        using var meter = new TelegramServer();
        using var gateway = new GatewayProcess("--source", meter.Source, "--interval", "0", "--broker", broker.Url,
            "--feeder", "f", "--gateway", "g", "--outbox", NewOutbox(), "--trust-clock", "no");
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        Send(meter, 10);
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 10, TimeSpan.FromSeconds(10)), gateway.Stderr);

        broker.Stop();
        Send(meter, 10); // stored in the outbox while the broker is away
        broker.Start();
        Send(meter, 10);

        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 30, TimeSpan.FromSeconds(30)),
            $"seqs seen: {string.Join(",", head.Seqs("/telemetry").Order())}\n{gateway.Stderr}\n{broker.Log}");
        var seqs = head.Seqs("/telemetry").Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
        Assert.Contains(head.On("/telemetry"), m => m.Payload.EndsWith(",\"hist\":true}", StringComparison.Ordinal));
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void KilledGatewayRestartedWithTheSameOutboxLeavesNoGap()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-kill");
        using var meter = new TelegramServer();
        string outbox = NewOutbox();
        string[] args = ["--source", meter.Source, "--interval", "0", "--broker", broker.Url, "--feeder", "f", "--gateway", "g", "--outbox", outbox, "--trust-clock", "no"];

        using (var first = new GatewayProcess(args))
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), first.Stderr);
            Send(meter, 15);
            first.Kill(); // no DISCONNECT, no checkpoint: a power cut
        }

        using var second = new GatewayProcess(args);
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20), accepted: 2), second.Stderr);
        Send(meter, 15);

        // Everything the first gateway stored comes back (back-filled), then the second one's own: 1..n, no gap.
        static bool NoGap(List<long> seqs) => seqs.Count >= 25 && seqs[0] == 1 && seqs[^1] == seqs.Count;
        Assert.True(head.WaitFor(h => NoGap(h.Seqs("/telemetry").Distinct().Order().ToList()), TimeSpan.FromSeconds(30)),
            $"seqs seen: {string.Join(",", head.Seqs("/telemetry").Order())}\n{second.Stderr}");
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void WillSaysOfflineWhenTheGatewayDiesAndBirthSaysOnlineAfterRestart()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "openami/v1/f/g/status");
        using var meter = new TelegramServer();
        string outbox = NewOutbox();
        string[] args = ["--source", meter.Source, "--broker", broker.Url, "--feeder", "f", "--gateway", "g", "--outbox", outbox];
        using (var gateway = new GatewayProcess(args))
        {
            Assert.True(head.WaitFor(h => h.Messages.Any(m => m.Payload.Contains("\"status\":\"online\"")), TimeSpan.FromSeconds(20)), gateway.Stderr);
            gateway.Kill();
        }

        Assert.True(head.WaitFor(h => h.Messages.LastOrDefault().Payload?.Contains("\"status\":\"offline\"") == true, TimeSpan.FromSeconds(10)));

        using (var restarted = new GatewayProcess(args))
        {
            Assert.True(head.WaitFor(h => h.Messages.LastOrDefault().Payload?.Contains("\"status\":\"online\"") == true, TimeSpan.FromSeconds(20)), restarted.Stderr);
            Assert.Equal(0, restarted.Terminate(TimeSpan.FromSeconds(15)));
        }

        // A clean stop says offline too (a clean DISCONNECT sends no will).
        Assert.True(head.WaitFor(h => h.Messages.LastOrDefault().Payload?.Contains("\"status\":\"offline\"") == true, TimeSpan.FromSeconds(10)));
        foreach (var (_, payload) in head.Messages)
        {
            var errors = Schemas.Status(payload);
            Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + payload);
        }
    }

    [Fact]
    public void SilentSourceGivesCommsLostThenCommsRestored()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker);
        using var meter = new TelegramServer();
        using var gateway = new GatewayProcess("--source", meter.Source, "--broker", broker.Url, "--feeder", "f", "--gateway", "g",
            "--outbox", NewOutbox(), "--comms-timeout", "2", "--trust-clock", "no");
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        Send(meter, 5);
        Assert.True(head.WaitFor(h => h.On("/event").Any(m => m.Payload.Contains("\"type\":\"comms_lost\"")), TimeSpan.FromSeconds(15)), gateway.Stderr);
        Assert.True(head.WaitFor(h => h.On("/telemetry").Any(m => m.Payload.Contains("\"quality\":\"comms_lost\"")), TimeSpan.FromSeconds(10)));
        Send(meter, 2);
        Assert.True(head.WaitFor(h => h.On("/event").Any(m => m.Payload.Contains("\"type\":\"comms_restored\"")), TimeSpan.FromSeconds(15)), gateway.Stderr);
        foreach (var (_, payload) in head.On("/event"))
        {
            var errors = Schemas.Event(payload);
            Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + payload);
        }

        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
    }

    private static void Send(TelegramServer meter, int count)
    {
        for (int i = 0; i < count; i++)
        {
            meter.Send();
            Thread.Sleep(60);
        }
    }
}

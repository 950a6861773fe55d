using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The outbox under faults, with `openami gateway` as a process against mosquitto: the gateway killed at several
/// moments, the broker killed, records torn and damaged on disk, a full disk and a read-only one. Each checks by
/// seq that nothing stored is lost and that duplicates stay inside the bound docs/gateway.md states.
/// </summary>
[Collection("end-to-end")]
public class StorageEndToEndTests(ITestOutputHelper output)
{
    // docs/gateway.md: a power cut re-sends at most the in-flight window (10) plus one checkpoint interval (16) less one.
    private const int ResendBound = 10 + 16 - 1;

    private static string NewOutbox() => Directory.CreateTempSubdirectory("openami-outbox-").FullName;

    private static string[] Args(TelegramServer meter, Mosquitto broker, string outbox) =>
        ["--source", meter.Source, "--interval", "0", "--broker", broker.Url, "--feeder", "f", "--gateway", "g", "--outbox", outbox,
            "--trust-clock", "no", "--status-every", "1"];

    [Fact]
    public void AGatewayKilledAtThreeMomentsLosesNothingAndResendsWithinTheBound()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-kills");
        using var meter = new TelegramServer();
        string[] args = Args(meter, broker, NewOutbox());
        var phaseStarts = new List<int>();
        foreach (int deliveries in new[] { 15, 45, 90 })
        {
            phaseStarts.Add(head.On("/telemetry").Count);
            using var gateway = new GatewayProcess(args);
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
            using (new Feed(meter))
            {
                int from = phaseStarts[^1];
                Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= from + deliveries, TimeSpan.FromSeconds(30)), gateway.Stderr);
                gateway.Kill(); // mid-flow: messages in flight, acknowledgements not yet checkpointed
            }
        }

        phaseStarts.Add(head.On("/telemetry").Count);
        long lastSeq = RunToTheEnd(meter, args, head);
        AssertNothingLost(head, lastSeq);
        var messages = head.On("/telemetry");
        for (int phase = 1; phase < phaseStarts.Count; phase++)
        {
            var before = Seqs(messages.Take(phaseStarts[phase])).ToHashSet();
            int again = Seqs(messages.Skip(phaseStarts[phase])).Distinct().Count(before.Contains);
            output.WriteLine($"restart {phase}: {again} seq delivered again");
            Assert.True(again <= ResendBound, $"restart {phase}: {again} seq delivered again, more than {ResendBound}");
        }

        AssertDuplicatesAreTheSameMessage(head);
    }

    [Fact]
    public void ACleanStopInTheMiddleOfABackfillSendsNothingAcknowledgedAgainAndCountsWhatItWillSend()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-clean-stop");
        using var meter = new TelegramServer();
        string[] args = Args(meter, broker, NewOutbox());
        broker.Stop();
        int before;
        int promised;
        using (var first = new GatewayProcess(args))
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), first.Stderr);
            Send(meter, 40); // a backlog while the broker is away
            Assert.True(WaitForStderr(first, "queued 40 "), first.Stderr);
            broker.Start();
            using (new Feed(meter))
            {
                // Live messages go first and are acknowledged while the backlog trickles out at 20 a second.
                Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 60, TimeSpan.FromSeconds(30)), first.Stderr);
            }

            Assert.Equal(0, first.Terminate(TimeSpan.FromSeconds(15)));
            before = head.On("/telemetry").Count;
            Match said = Regex.Match(first.Stderr, @"(\d+) message\(s\) stay in .* and go out on the next run");
            Assert.True(said.Success, first.Stderr);
            promised = int.Parse(said.Groups[1].Value);
        }

        using var second = new GatewayProcess(args);
        Assert.True(WaitForDrained(second, 0), second.Stderr);
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(15)));
        var seen = Seqs(head.On("/telemetry").Take(before)).ToHashSet();
        var sent = Seqs(head.On("/telemetry").Skip(before)).ToList();
        output.WriteLine($"clean stop: said {promised} stay, the next run sent {sent.Count}, {sent.Count(seen.Contains)} of them again");
        Assert.Equal(promised, sent.Count);
        Assert.DoesNotContain(sent, seen.Contains);
        AssertNothingLost(head, LastSeqOf(second.Stderr));
    }

    [Fact]
    public void ABrokerKilledMidFlowLosesNothing()
    {
        // The broker saves its store after every change: what it acknowledged before SIGKILL is on disk (with the
        // default save every second, a loaded machine lost messages the broker had acknowledged: not ours to keep).
        using var broker = new Mosquitto("autosave_on_changes true\n");
        using var head = new Subscriber(broker, clientId: "head-end-broker-kill");
        using var meter = new TelegramServer();
        string[] args = Args(meter, broker, NewOutbox());
        using (var gateway = new GatewayProcess(args))
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
            var feed = new Feed(meter);
            using (feed)
            {
                Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 30, TimeSpan.FromSeconds(30)), gateway.Stderr);
                broker.Kill();
                int sent = feed.Sent;
                Assert.True(feed.WaitSent(sent + 40, TimeSpan.FromSeconds(30)), "the meter kept sending while the broker was away");
                broker.Start();
                int seen = head.On("/telemetry").Count;
                Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= seen + 40, TimeSpan.FromSeconds(60)), gateway.Stderr);
            }

            Assert.True(WaitForDrained(gateway, feed.Sent), gateway.Stderr);
            Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
            long lastSeq = LastSeqOf(gateway.Stderr);
            AssertNothingLost(head, lastSeq);
            int again = head.Seqs("/telemetry").Count - head.Seqs("/telemetry").Distinct().Count();
            output.WriteLine($"broker killed: {lastSeq} messages, {again} delivered twice");
        }

        AssertDuplicatesAreTheSameMessage(head);
    }

    [Fact]
    public void ATornAndADamagedRecordCostOneRecordBetweenThem()
    {
        using var broker = new Mosquitto();
        broker.Stop(); // everything stays in the outbox
        using var meter = new TelegramServer();
        string outbox = NewOutbox();
        string[] args = Args(meter, broker, outbox);
        using (var first = new GatewayProcess(args))
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), first.Stderr);
            Send(meter, 30);
            Assert.True(WaitForStderr(first, "queued 30 "), first.Stderr);
            first.Kill();
        }

        // Eight bytes of seq 12 changed (flash fault), and the last record cut short (power cut during its append).
        string[] segments = Directory.GetFiles(outbox, "segment-*.bin").Order().ToArray();
        string damaged = segments.First(f => IndexOf(File.ReadAllBytes(f), "\"seq\":12}") >= 0);
        byte[] bytes = File.ReadAllBytes(damaged);
        int at = IndexOf(bytes, "\"seq\":12}");
        for (int i = 0; i < 8; i++)
        {
            bytes[at - 40 + i] ^= 0x5A; // inside its registers
        }

        File.WriteAllBytes(damaged, bytes);
        using (var last = new FileStream(segments[^1], FileMode.Open))
        {
            last.SetLength(last.Length - 7);
        }

        broker.Start();
        using var head = new Subscriber(broker, clientId: "head-end-torn");
        using var second = new GatewayProcess(args);
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), second.Stderr);
        Assert.Contains("28 message(s) recovered, 2 damaged record(s) skipped", second.Stderr);
        Send(meter, 2);
        var expected = Enumerable.Range(1, 31).Select(i => (long)i).Where(s => s != 12).ToList();
        Assert.True(head.WaitFor(h => expected.All(h.Seqs("/telemetry").Contains), TimeSpan.FromSeconds(30)),
            $"seqs seen: {string.Join(",", head.Seqs("/telemetry").Order())}\n{second.Stderr}");
        Assert.DoesNotContain(12L, head.Seqs("/telemetry"));
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(15)));
    }

    [SmallDiskFact]
    public void AFullDiskWhileTheBrokerIsUpLosesNothingAndTheOutboxRecovers()
    {
        using var disk = new SmallDisk(64 * 1024);
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-full");
        using var meter = new TelegramServer();
        using var gateway = new GatewayProcess(Args(meter, broker, disk.Path));
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        var feed = new Feed(meter);
        using (feed)
        {
            Assert.True(WaitForStderr(gateway, "cannot write the outbox"), gateway.Stderr);
            Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 250, TimeSpan.FromSeconds(60)), gateway.Stderr);
        }

        Assert.True(WaitForStderr(gateway, "the outbox works again"), gateway.Stderr);
        Assert.True(WaitForDrained(gateway, feed.Sent), gateway.Stderr);
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
        long lastSeq = LastSeqOf(gateway.Stderr);
        AssertNothingLost(head, lastSeq);
        Assert.Contains(head.On("/status"), m => m.Payload.Contains("\"storageFault\":\"no_space\""));
        Assert.Contains("| dropped 0 |", gateway.Stderr.Split('\n').Last(l => l.StartsWith("status:")));
        output.WriteLine($"full disk, broker up: {lastSeq} messages, {head.Seqs("/telemetry").Distinct().Count()} delivered");
    }

    [SmallDiskFact]
    public void AFullDiskWithTheBrokerAwayHoldsMessagesInMemoryAndStoresThemWhenRoomReturns()
    {
        using var disk = new SmallDisk(64 * 1024);
        disk.Fill(leaveBytes: 24 * 1024);
        using var broker = new Mosquitto();
        broker.Stop();
        using var meter = new TelegramServer();
        string[] args = Args(meter, broker, disk.Path);
        using (var first = new GatewayProcess(args))
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), first.Stderr);
            Send(meter, 60);
            Assert.True(WaitForStderr(first, "queued 60 "), first.Stderr);
            Assert.Contains("no space left on the device", first.Stderr);
            Assert.Contains("in memory", first.Stderr.Split('\n').Last(l => l.StartsWith("status:")));

            disk.Free();
            Assert.True(WaitForStderr(first, "the outbox works again"), first.Stderr);
            first.Kill(); // so what the head end gets next can only come from the disk
        }

        broker.Start();
        using var head = new Subscriber(broker, clientId: "head-end-full-away");
        using var second = new GatewayProcess(args);
        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 60, TimeSpan.FromSeconds(30)), second.Stderr);
        AssertNothingLost(head, 60);
        Assert.Equal(0, second.Terminate(TimeSpan.FromSeconds(15)));
        output.WriteLine($"full disk, broker away: 60 made, {head.Seqs("/telemetry").Distinct().Count()} kept and delivered");
    }

    [SmallDiskFact]
    public void AReadOnlyOutboxKeepsTheGatewayPublishingWithoutReconnecting()
    {
        using var disk = new SmallDisk(256 * 1024);
        disk.MakeReadOnly();
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-end-ro");
        using var meter = new TelegramServer();
        using var gateway = new GatewayProcess(Args(meter, broker, disk.Path));
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        Send(meter, 20);
        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 20, TimeSpan.FromSeconds(30)), gateway.Stderr);
        AssertNothingLost(head, 20);
        Assert.Contains("read-only file system", gateway.Stderr);
        Assert.Contains(head.On("/status"), m => m.Payload.Contains("\"storageFault\":\"denied\""));
        int births = head.On("/status").Count(m => m.Payload.Contains("\"status\":\"online\""));
        Assert.True(births <= 2, $"{births} status messages: the gateway reconnected"); // the birth, and the fault
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
    }

    // A last gateway on the same outbox until everything stored went out; returns the last seq it gave.
    private static long RunToTheEnd(TelegramServer meter, string[] args, Subscriber head)
    {
        using var gateway = new GatewayProcess(args);
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        Send(meter, 3);
        Assert.True(WaitForDrained(gateway, 3), gateway.Stderr);
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain("go out on the next run", gateway.Stderr);
        return LastSeqOf(gateway.Stderr);
    }

    private static void AssertNothingLost(Subscriber head, long lastSeq)
    {
        // The broker acknowledged everything (the gateway drained its outbox); on a loaded machine it may still be
        // delivering to the head end, so wait for that before calling anything lost.
        List<int> missing = Missing(head, lastSeq);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (missing.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            missing = Missing(head, lastSeq);
        }

        Assert.True(missing.Count == 0, $"lost: {string.Join(",", missing)}");
    }

    private static List<int> Missing(Subscriber head, long lastSeq)
    {
        var seen = head.Seqs("/telemetry").ToHashSet();
        return Enumerable.Range(1, (int)lastSeq).Where(s => !seen.Contains(s)).ToList();
    }

    private static void AssertDuplicatesAreTheSameMessage(Subscriber head)
    {
        foreach (var group in head.On("/telemetry").GroupBy(m => Seq(m.Payload)).Where(g => g.Count() > 1))
        {
            Assert.Single(group.Select(m => m.Payload.Replace(",\"hist\":true}", "}")).Distinct());
        }
    }

    private static IEnumerable<long> Seqs(IEnumerable<(string Topic, string Payload)> messages) => messages.Select(m => Seq(m.Payload));

    private static long Seq(string payload) => System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("seq").GetInt64();

    private static long LastSeqOf(string stderr) => long.Parse(Regex.Matches(stderr, @"\| seq (\d+)").Last().Groups[1].Value);

    // Until a status line says every frame sent arrived and nothing waits for an acknowledgement.
    private static bool WaitForDrained(GatewayProcess gateway, int frames) =>
        WaitForStderr(gateway, $"frames ok {frames} bad 0 | published ", "queued 0 | connected");

    // Until one line of stderr holds all of the texts.
    private static bool WaitForStderr(GatewayProcess gateway, params string[] texts)
    {
        bool Found() => gateway.Stderr.Split('\n').Any(line => texts.All(line.Contains));
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < end && !Found() && !gateway.HasExited)
        {
            Thread.Sleep(50);
        }

        return Found();
    }

    private static int IndexOf(byte[] data, string text)
    {
        byte[] needle = System.Text.Encoding.ASCII.GetBytes(text);
        return data.AsSpan().IndexOf(needle);
    }

    private static void Send(TelegramServer meter, int count)
    {
        for (int i = 0; i < count; i++)
        {
            meter.Send();
            Thread.Sleep(30);
        }
    }

    /// <summary>A meter sending a telegram every 20 ms in the background, until disposed.</summary>
    private sealed class Feed : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _sent;

        public Feed(TelegramServer meter)
        {
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    if (meter.Send())
                    {
                        Interlocked.Increment(ref _sent);
                    }

                    Thread.Sleep(20);
                }
            });
            _thread.Start();
        }

        public int Sent => Volatile.Read(ref _sent);

        public bool WaitSent(int count, TimeSpan timeout)
        {
            DateTime end = DateTime.UtcNow + timeout;
            while (Sent < count && DateTime.UtcNow < end)
            {
                Thread.Sleep(20);
            }

            return Sent >= count;
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }
}

using OpenAmi.Commands;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Desktop.Storage;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The gateway process with a command key and a relay, and an attacker (and a head end) publishing through
/// mosquitto: every wrong command or grant is refused with the right reason in a signed result, a valid relay
/// command delivered twice acts once, a revoked grant stays revoked, and a lost replay state lets nothing run twice.
/// </summary>
[Collection("end-to-end")]
public class CommandsEndToEndTests
{
    private const string Meter = "E0044007131650618";
    private static readonly byte[] Key = Convert.FromHexString("8f3c1a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8");

    private static long UnixNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Sign(string payload, byte[]? key = null) => MessageSigner.Sign(new BclHmacSha256(), "k1", key ?? Key, payload);

    private static string Command(string id, string op, long ctr, string meter = Meter, long? iat = null, int ttl = 120)
    {
        long now = iat ?? UnixNow;
        return Sign($"{{\"cmdId\":\"{id}\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"{meter}\",\"op\":\"{op}\",\"ctr\":{ctr},\"iat\":{now},\"exp\":{now + ttl}}}");
    }

    private static string Grant(string session, string meter, long ctr, long validTo, bool revoked = false)
    {
        long now = UnixNow;
        return Sign($"{{\"sessionId\":\"{session}\",\"participants\":[\"hes\",\"g\"],\"gatewayId\":\"g\",\"feederScope\":{{\"feederId\":\"f\",\"meters\":[\"{meter}\"]}},"
            + $"\"operations\":[\"relay_connect\",\"relay_disconnect\"],\"validFrom\":\"{OpenAmi.Northbound.IsoTimeText.Format(now - 60)}\","
            + $"\"validTo\":\"{OpenAmi.Northbound.IsoTimeText.Format(validTo)}\",\"ctr\":{ctr}{(revoked ? ",\"revoked\":true" : "")}}}");
    }

    /// <summary>
    /// The replay state of a gateway that has run before (a first start refuses commands for a minute, see
    /// docs/commands.md), in the folder `openami gateway` keeps it in.
    /// </summary>
    private static void SeedReplayState(string outbox)
    {
        var state = new ReplayGuard(new FileBlobStore(Path.Combine(outbox, "commands")), new byte[ReplayGuard.BufferLength]);
        state.Establish(UnixNow - 3600);
        Assert.True(state.Persist());
    }

    private static GatewayProcess StartGateway(TelegramServer meter, Mosquitto broker, string outbox, string relay) =>
        new("--source", meter.Source, "--broker", broker.Url, "--feeder", "f", "--gateway", "g",
            "--outbox", outbox, "--command-key", Convert.ToHexString(Key), "--relay-file", relay);

    private static MqttClient Connect(Mosquitto broker, string clientId)
    {
        var client = new MqttClient(new MqttClientOptions { Port = broker.Port, CleanSession = true });
        client.Start(clientId, new NullListener());
        Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)));
        return client;
    }

    /// <summary>What a head end watching the gateway sees: the signed results, by id or session.</summary>
    private sealed class HeadEnd(Subscriber head, GatewayProcess gateway)
    {
        public GatewayProcess Gateway { get; set; } = gateway;

        public string CommandResult(string id, string meter = Meter) =>
            head.On($"/meter/{meter}/event").Select(m => m.Payload).LastOrDefault(p => p.Contains($"\"cmdId\":\"{id}\"")) ?? "";

        public string GrantResult(string session, long ctr) =>
            head.On($"/session/{session}/result").Select(m => m.Payload).LastOrDefault(p => p.Contains($"\"ctr\":{ctr},")) ?? "";

        public void ExpectCommand(string id, string status, string? reason = null, string meter = Meter)
        {
            string expected = Status(status, reason);
            Assert.True(head.WaitFor(_ => CommandResult(id, meter).Contains(expected), TimeSpan.FromSeconds(15)),
                $"{id}: wanted {expected}, got {CommandResult(id, meter)}\n{Gateway.Stderr}");
        }

        public void ExpectGrant(string session, long ctr, string status, string? reason = null)
        {
            string expected = Status(status, reason);
            Assert.True(head.WaitFor(_ => GrantResult(session, ctr).Contains(expected), TimeSpan.FromSeconds(15)),
                $"{session}/{ctr}: wanted {expected}, got {GrantResult(session, ctr)}\n{Gateway.Stderr}");
        }

        /// <summary>Every command and grant result carries sig = BASE64URL(HMAC(gateway key, every byte before ,"sig")).</summary>
        public void AssertAllSigned()
        {
            var results = head.Messages.Select(m => m.Payload).Where(p => p.Contains("command_result") || p.Contains("grant_result")).ToList();
            Assert.NotEmpty(results);
            foreach (string result in results)
            {
                if (result.Contains("command_result"))
                {
                    Assert.True(Schemas.Event(result).Count == 0, string.Join("; ", Schemas.Event(result)) + "\n" + result);
                }

                int at = result.LastIndexOf(",\"sig\":\"", StringComparison.Ordinal);
                byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.ASCII.GetBytes(result[..at]));
                Assert.Equal(Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_'), result[(at + 8)..^2]);
            }
        }

        private static string Status(string status, string? reason) =>
            reason == null ? $"\"status\":\"{status}\"" : $"\"status\":\"{status}\",\"reason\":\"{reason}\"";
    }

    [Fact]
    public void AttackerCommandsAreRejectedWithTheRightReasonAndAValidRelayCommandActsOnce()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "openami/#", "head-end-cmd");
        using var meter = new TelegramServer();
        string outbox = Directory.CreateTempSubdirectory("openami-outbox-").FullName;
        string relay = Path.Combine(outbox, "relay.log");
        SeedReplayState(outbox);
        using var gateway = StartGateway(meter, broker, outbox, relay);
        var results = new HeadEnd(head, gateway);
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        meter.Send();

        // A retained message reaches the gateway when it subscribes: the answer to a stale grant says it listens.
        using var attacker = Connect(broker, "attacker");
        attacker.Publish("openami/v1/f/g/session/s-probe", Grant("s-probe", Meter, 1, UnixNow - 1), 1, true);
        results.ExpectGrant("s-probe", 1, "rejected", CommandReason.Expired);
        string topic = $"openami/v1/f/g/meter/{Meter}/command";

        // 1. Forged: signed with another key.
        attacker.Publish(topic, Sign($"{{\"cmdId\":\"forged\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"{Meter}\",\"op\":\"relay_disconnect\",\"ctr\":100,\"iat\":{UnixNow},\"exp\":{UnixNow + 60}}}", new byte[32]), 1, false);
        results.ExpectCommand("forged", "rejected", CommandReason.BadSignature);

        // 2. A valid command, then the same bytes replayed after it expired.
        long issued = UnixNow;
        string old = Command("old", "resync", 1, iat: issued, ttl: 2);
        attacker.Publish(topic, old, 1, false);
        results.ExpectCommand("old", "accepted");
        Assert.True(head.WaitFor(_ => UnixNow > issued + 2, TimeSpan.FromSeconds(10)));
        attacker.Publish(topic, old, 1, false);
        results.ExpectCommand("old", "rejected", CommandReason.Replay);

        // 3. Expired: issued ten minutes ago.
        attacker.Publish(topic, Command("stale", "read_now", 2, iat: UnixNow - 600), 1, false);
        results.ExpectCommand("stale", "rejected", CommandReason.Expired);

        // 4. Relay without a grant.
        attacker.Publish(topic, Command("nogrant", "relay_disconnect", 3), 1, false);
        results.ExpectCommand("nogrant", "rejected", CommandReason.NoSession);

        // 5. Relay with a grant for another meter.
        attacker.Publish("openami/v1/f/g/session/s-other", Grant("s-other", "SOME-OTHER-METER", 1, UnixNow + 3600), 1, false);
        results.ExpectGrant("s-other", 1, "accepted");
        attacker.Publish(topic, Command("othermeter", "relay_disconnect", 4), 1, false);
        results.ExpectCommand("othermeter", "rejected", CommandReason.OutOfScope);

        // 6. A valid relay command inside a grant, delivered twice: acts once.
        attacker.Publish("openami/v1/f/g/session/s-1", Grant("s-1", Meter, 1, UnixNow + 3600), 1, false);
        results.ExpectGrant("s-1", 1, "accepted");
        string valid = Command("cut", "relay_disconnect", 5);
        attacker.Publish(topic, valid, 1, false);
        results.ExpectCommand("cut", "accepted");
        attacker.Publish(topic, valid, 1, false);
        Assert.True(head.WaitFor(_ => results.CommandResult("cut").Contains("\"duplicate\":true"), TimeSpan.FromSeconds(15)), results.CommandResult("cut"));
        Assert.Single(File.ReadAllLines(relay));
        Assert.Contains($"{Meter} disconnect", File.ReadAllText(relay));

        results.AssertAllSigned();
        attacker.Publish("openami/v1/f/g/session/s-probe", "", 1, true); // clear the retained grant
        attacker.Stop();
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void AnAttackerCannotBringBackARevokedGrantNorBreakTheReplayState()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "openami/#", "head-end-attack");
        using var meter = new TelegramServer();
        string outbox = Directory.CreateTempSubdirectory("openami-outbox-").FullName;
        string relay = Path.Combine(outbox, "relay.log");
        SeedReplayState(outbox);
        var gateway = StartGateway(meter, broker, outbox, relay);
        var results = new HeadEnd(head, gateway);
        try
        {
            Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
            meter.Send();
            Assert.True(head.WaitFor(h => h.On($"/meter/{Meter}/telemetry").Count > 0, TimeSpan.FromSeconds(15)), gateway.Stderr);
            using var hes = Connect(broker, "hes");
            using var attacker = Connect(broker, "attacker");
            string topic = $"openami/v1/f/g/meter/{Meter}/command";

            // The head end opens a two-hour session, the relay acts, then it revokes with a short-lived revocation.
            string original = Grant("s-1", Meter, 1, UnixNow + 7200);
            hes.Publish("openami/v1/f/g/session/s-1", original, 1, true);
            results.ExpectGrant("s-1", 1, "accepted");
            string c1 = Command("c1", "relay_connect", 1);
            hes.Publish(topic, c1, 1, false);
            results.ExpectCommand("c1", "accepted");
            long revocationEnds = UnixNow + 2;
            hes.Publish("openami/v1/f/g/session/s-1", Grant("s-1", Meter, 2, revocationEnds, revoked: true), 1, true);
            results.ExpectGrant("s-1", 2, "accepted");

            // Item 10: after the revocation's own validTo and another grant, the attacker re-publishes the original.
            Assert.True(head.WaitFor(_ => UnixNow > revocationEnds, TimeSpan.FromSeconds(10)));
            hes.Publish("openami/v1/f/g/session/s-2", Grant("s-2", "SOME-OTHER-METER", 1, UnixNow + 3600), 1, false);
            results.ExpectGrant("s-2", 1, "accepted");
            attacker.Publish("openami/v1/f/g/session/s-1", original, 1, false);
            results.ExpectGrant("s-1", 1, "rejected", CommandReason.Replay);
            attacker.Publish(topic, Command("c2", "relay_connect", 2), 1, false);
            results.ExpectCommand("c2", "rejected", CommandReason.OutOfScope);
            Assert.Single(File.ReadAllLines(relay));

            // Item 15: a forged grant is answered, signed, on its session's result topic.
            attacker.Publish("openami/v1/f/g/session/s-9", Sign("{\"sessionId\":\"s-9\"}", new byte[32]), 1, false);
            Assert.True(head.WaitFor(h => h.On("/session/s-9/result").Any(m => m.Payload.Contains("\"reason\":\"bad_signature\"")), TimeSpan.FromSeconds(15)), gateway.Stderr);

            // Item 11: sixteen ids of 64 characters fill the replay state; the gateway keeps answering.
            for (int i = 0; i < 17; i++)
            {
                hes.Publish(topic, Command($"long-{i:D2}-".PadRight(64, 'x'), "resync", 10 + i), 1, false);
            }

            results.ExpectCommand("long-16-".PadRight(64, 'x'), "accepted");
            Assert.Equal(17, Enumerable.Range(0, 17).Count(i => results.CommandResult($"long-{i:D2}-".PadRight(64, 'x')).Contains("\"status\":\"accepted\"")));

            // Item 12: a signed command whose id holds control characters is malformed, and its id is not echoed.
            hes.Publish(topic, Command("bad\\u001b[2Jid", "read_now", 40), 1, false);
            Assert.True(head.WaitFor(h => h.On($"/meter/{Meter}/event").Any(m => m.Payload.Contains("\"reason\":\"malformed\"") && !m.Payload.Contains("cmdId")), TimeSpan.FromSeconds(15)), gateway.Stderr);

            // Item 13: read_now for a meter this gateway does not have.
            hes.Publish("openami/v1/f/g/meter/NOSUCHMETER/command", Command("nosuch", "read_now", 41, meter: "NOSUCHMETER"), 1, false);
            results.ExpectCommand("nosuch", "rejected", CommandReason.UnknownMeter, meter: "NOSUCHMETER");

            // Item 14: a hundred redeliveries of an accepted command make a burst of answers, not a hundred.
            string again = Command("again", "resync", 42);
            hes.Publish(topic, again, 1, false);
            results.ExpectCommand("again", "accepted");
            var flood = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 100; i++)
            {
                attacker.Publish(topic, again, 1, false);
            }

            hes.Publish(topic, Command("after-flood", "resync", 43), 1, false);
            results.ExpectCommand("after-flood", "accepted");
            var limits = new CommandOptions();
            int refills = (int)(flood.Elapsed.TotalSeconds / limits.RejectionRefillSeconds) + 1; // the limit refills while the flood arrives
            int answers = head.On($"/meter/{Meter}/event").Count(m => m.Payload.Contains("\"cmdId\":\"again\""));
            Assert.InRange(answers, 2, 1 + limits.RejectionBurst + refills);

            results.AssertAllSigned();
            Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
            Assert.Single(File.ReadAllLines(relay));

            // Item 17: the replay state is deleted; the command that ran before is replayed while still valid.
            File.Delete(Path.Combine(outbox, "commands", "replay.bin"));
            hes.Publish("openami/v1/f/g/session/s-1", "", 1, true); // the head end clears its retained revocation
            gateway.Dispose();
            gateway = StartGateway(meter, broker, outbox, relay);
            results.Gateway = gateway;
            hes.Publish("openami/v1/f/g/session/s-3", Grant("s-3", Meter, 1, UnixNow + 3600), 1, true); // retained: it arrives once the gateway listens
            results.ExpectGrant("s-3", 1, "accepted");
            attacker.Publish(topic, c1, 1, false); // still valid, and its counter forgotten
            results.ExpectCommand("c1", "rejected", CommandReason.StateLost);
            Assert.Single(File.ReadAllLines(relay));
            hes.Publish("openami/v1/f/g/session/s-3", "", 1, true);
            Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            gateway.Dispose();
        }
    }

    private sealed class NullListener : OpenAmi.Mqtt.IMqttLinkListener
    {
        public void OnConnected()
        {
        }

        public void OnDisconnected()
        {
        }

        public void OnPublishAcknowledged(int packetId)
        {
        }

        public void OnPublishLost(int packetId)
        {
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
        }
    }
}

using System.Diagnostics;
using OpenAmi.Cli.Commands;
using OpenAmi.Commands;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The gateway process with a command key and a relay, and an attacker (and a head end) publishing through
/// mosquitto: every wrong command is rejected with the right reason, a valid relay command delivered twice acts once.
/// </summary>
[Collection("end-to-end")]
public class CommandsEndToEndTests
{
    private const string Meter = "E0044007131650618";
    private static readonly byte[] Key = Convert.FromHexString("8f3c1a2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8");

    private static string Sign(string payload, byte[]? key = null) => MessageSigner.Sign(new BclHmacSha256(), "k1", key ?? Key, payload);

    private static string Command(string id, string op, long ctr, string meter = Meter, long? iat = null, int ttl = 120)
    {
        long now = iat ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Sign($"{{\"cmdId\":\"{id}\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"{meter}\",\"op\":\"{op}\",\"ctr\":{ctr},\"iat\":{now},\"exp\":{now + ttl}}}");
    }

    private static string Grant(string session, string meter, long ctr)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Sign($"{{\"sessionId\":\"{session}\",\"participants\":[\"hes\",\"g\"],\"gatewayId\":\"g\",\"feederScope\":{{\"feederId\":\"f\",\"meters\":[\"{meter}\"]}},"
            + $"\"operations\":[\"relay_connect\",\"relay_disconnect\"],\"validFrom\":\"{OpenAmi.Northbound.IsoTimeText.Format(now - 60)}\","
            + $"\"validTo\":\"{OpenAmi.Northbound.IsoTimeText.Format(now + 3600)}\",\"ctr\":{ctr}}}");
    }

    [Fact]
    public void AttackerCommandsAreRejectedWithTheRightReasonAndAValidRelayCommandActsOnce()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, $"openami/v1/f/g/meter/{Meter}/event", "head-end-cmd");
        using var meter = new TelegramServer();
        string outbox = Directory.CreateTempSubdirectory("openami-outbox-").FullName;
        string relay = Path.Combine(outbox, "relay.log");
        using var gateway = new GatewayProcess("--source", meter.Source, "--broker", broker.Url, "--feeder", "f", "--gateway", "g",
            "--outbox", outbox, "--command-key", Convert.ToHexString(Key), "--relay-file", relay);
        Assert.True(meter.WaitForClient(TimeSpan.FromSeconds(20)), gateway.Stderr);
        meter.Send();

        using var attacker = new MqttClient(new MqttClientOptions { Port = broker.Port, CleanSession = true });
        attacker.Start("attacker", new NullListener());
        Assert.True(attacker.WaitConnected(TimeSpan.FromSeconds(10)));

        // The gateway (client id g-f) subscribes to commands and to grants: both acknowledged, it hears everything next.
        Assert.True(broker.WaitForLog("Sending SUBACK to g-f", 2, TimeSpan.FromSeconds(20)), gateway.Stderr + broker.Log);
        string topic = $"openami/v1/f/g/meter/{Meter}/command";

        string Result(string id) => head.Messages.Select(m => m.Payload).LastOrDefault(p => p.Contains($"\"cmdId\":\"{id}\"")) ?? "";
        void Expect(string id, string status, string? reason = null)
        {
            string expected = reason == null ? $"\"status\":\"{status}\"" : $"\"status\":\"{status}\",\"reason\":\"{reason}\"";
            Assert.True(head.WaitFor(_ => Result(id).Contains(expected), TimeSpan.FromSeconds(15)), $"{id}: wanted {expected}, got {Result(id)}\n{gateway.Stderr}");
        }

        // 1. Forged: signed with another key.
        attacker.Publish(topic, Sign($"{{\"cmdId\":\"forged\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"{Meter}\",\"op\":\"relay_disconnect\",\"ctr\":100,\"iat\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"exp\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60}}}", new byte[32]), 1, false);
        Expect("forged", "rejected", CommandReason.BadSignature);

        // 2. A valid command, then the same bytes replayed after it expired.
        string old = Command("old", "read_now", 1, ttl: 2);
        attacker.Publish(topic, old, 1, false);
        Expect("old", "accepted");
        Thread.Sleep(3000);
        attacker.Publish(topic, old, 1, false);
        Expect("old", "rejected", CommandReason.Replay);

        // 3. Expired: issued ten minutes ago.
        attacker.Publish(topic, Command("stale", "read_now", 2, iat: DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600), 1, false);
        Expect("stale", "rejected", CommandReason.Expired);

        // 4. Relay without a grant.
        attacker.Publish(topic, Command("nogrant", "relay_disconnect", 3), 1, false);
        Expect("nogrant", "rejected", CommandReason.NoSession);

        // 5. Relay with a grant for another meter.
        attacker.Publish("openami/v1/f/g/session/s-other", Grant("s-other", "SOME-OTHER-METER", 1), 1, false);
        Thread.Sleep(500);
        attacker.Publish(topic, Command("othermeter", "relay_disconnect", 4), 1, false);
        Expect("othermeter", "rejected", CommandReason.OutOfScope);

        // 6. A valid relay command inside a grant, delivered twice: acts once.
        attacker.Publish("openami/v1/f/g/session/s-1", Grant("s-1", Meter, 1), 1, false);
        Thread.Sleep(500);
        string valid = Command("cut", "relay_disconnect", 5);
        attacker.Publish(topic, valid, 1, false);
        Expect("cut", "accepted");
        attacker.Publish(topic, valid, 1, false);
        Assert.True(head.WaitFor(_ => Result("cut").Contains("\"duplicate\":true"), TimeSpan.FromSeconds(15)), Result("cut"));
        Assert.Single(File.ReadAllLines(relay));
        Assert.Contains($"{Meter} disconnect", File.ReadAllText(relay));

        // Every result is signed with the gateway key.
        foreach (string result in head.Messages.Select(m => m.Payload).Where(p => p.Contains("command_result")))
        {
            Assert.True(Schemas.Event(result).Count == 0, string.Join("; ", Schemas.Event(result)) + "\n" + result);
            int at = result.LastIndexOf(",\"sig\":\"", StringComparison.Ordinal);
            byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(Key, System.Text.Encoding.ASCII.GetBytes(result[..at]));
            Assert.Equal(Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_'), result[(at + 8)..^2]);
        }

        attacker.Stop();
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
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

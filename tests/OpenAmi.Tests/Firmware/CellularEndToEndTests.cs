using OpenAmi.Commands;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Gateway;
using OpenAmi.Firmware.App;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Tests.EndToEnd;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The firmware host on the cellular board: its own loop, the SIM7080 link on its own thread, a simulated modem whose
/// MQTT client is a real session (over TLS, with the CA the link wrote into it) to a real mosquitto. Telemetry, the
/// will and the birth, signed commands with the clock the network gave, and an outage behave as on Wi-Fi, and no
/// sequence number is lost.
/// </summary>
[Collection("end-to-end")]
public class CellularEndToEndTests
{
    private const string Meter = "E0044007131650618";
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static long UnixNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A broker with a plain listener for the head end and a TLS one for the gateway (the test CA's 127.0.0.1 certificate).</summary>
    private static (Mosquitto Broker, int TlsPort, string Dir) TlsBroker()
    {
        string dir = TestPki.NewDirectory();
        TestPki.Write(dir);
        TestPki.WriteOtherCa(dir);
        int tlsPort = Mosquitto.FreePort();
        var broker = new Mosquitto($"listener {tlsPort} 127.0.0.1\ncafile {dir}/ca.pem\ncertfile {dir}/server.pem\nkeyfile {dir}/server.key\n");
        return (broker, tlsPort, dir);
    }

    private static string Config(int tlsPort) =>
        "board = lilygo-t-sim7080g\napn = iot.example\n"
        + $"broker = mqtts://127.0.0.1:{tlsPort}\nfeeder = f\ngateway = g\ninterval = 0\ncomms_timeout_s = 30\nmode = full\n"
        + $"command_key = {Convert.ToHexString(Key)}\n";

    /// <summary>The cellular parts of a simulated board: modem, link, network clock (its platform clock is untrusted).</summary>
    private sealed class Cellular(string caFile)
    {
        public SimulatedSim7080 Modem { get; private set; } = null!;
        public MosquittoSimBroker Network { get; } = new();
        public Sim7080MqttLink Link { get; private set; } = null!;
        public NetworkClock Clock { get; private set; } = null!;

        public (IMqttLink, IGatewayClock, IStatusSection?) Make(FirmwareConfig config)
        {
            var platform = new SystemGatewayClock { IsTrusted = false };
            Clock = new NetworkClock(platform);
            Modem = new SimulatedSim7080(platform, Network) { BootMs = 300, NtpUnix = 0, ReportsSessionLoss = true }; // NTP: the real time
            Modem.PowerOnNow();
            CellularOptions options = config.Cellular;
            options.CaPem = File.ReadAllBytes(caFile);
            options.FirstBrokerBackoffMs = 500;
            options.MaxBrokerBackoffMs = 2000;
            options.HealthEveryMs = 1000;
            Link = new Sim7080MqttLink(Modem, Modem, platform, Clock, options);
            return (Link, Clock, Link.Status);
        }
    }

    private static string Sign(string payload) => MessageSigner.Sign(new BclHmacSha256(), "k1", Key, payload);

    private static string Command(string id, string op, long ctr, long iat) =>
        Sign($"{{\"cmdId\":\"{id}\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"{Meter}\",\"op\":\"{op}\",\"ctr\":{ctr},\"iat\":{iat},\"exp\":{iat + 120}}}");

    [Fact]
    public void TelemetryWillCommandsAndAnOutageBehaveAsOnWifiAndNothingIsLost()
    {
        var (broker, tlsPort, dir) = TlsBroker();
        using var _ = broker;
        using var head = new Subscriber(broker, clientId: "head-cellular");
        var cellular = new Cellular(Path.Combine(dir, "ca.pem"));
        using var network = cellular.Network;
        long started = UnixNow;
        using var board = new SimulatedBoard(Config(tlsPort), cellular.Make);
        Assert.True(WaitUntil(() => board.Link.IsConnected, 30), $"never connected: {cellular.Link.Status.Reason} {cellular.Network.LastError}\n{cellular.Modem.Log()}");

        // The birth: online, with the radio and the clock the network gave.
        Assert.True(head.WaitFor(h => h.On("/status").Any(m => m.Payload.Contains("\"cellular\":{\"state\":\"connected\"")), TimeSpan.FromSeconds(10)),
            string.Join("\n", head.On("/status").Select(m => m.Payload)));
        string birth = head.On("/status").Last().Payload;
        foreach (string part in new[] { "\"clockTrusted\":true", "\"tls\":true", "\"will\":true", "\"clockSource\":\"ntp\"", "\"accessTechnology\":\"lte-m\"", "\"bars\":4" })
        {
            Assert.Contains(part, birth);
        }

        Assert.Empty(Schemas.Status(birth.Replace("esp32/sim\"", "esp32/0.1.0\""))); // the simulation's software name aside
        Assert.True(cellular.Network.IsConnected);

        // Telemetry, full mode, over TLS through the modem.
        long meterClock = 1_780_000_000;
        Feed(board, ref meterClock, 5);
        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 5, TimeSpan.FromSeconds(20)), $"telemetry: {head.On("/telemetry").Count}\n{cellular.Modem.Log()}");

        // A signed command that needs a trusted clock gets past that check (the board has no relay: unsupported).
        string commands = $"openami/v1/f/g/meter/{Meter}/command";
        using var hes = Connect(broker, "hes-cellular");
        // A first start refuses commands issued before its start + 60 s (docs/commands.md); the skew allows iat up to now + 60.
        Assert.True(WaitUntil(() => UnixNow >= started + 5, 10));
        long iat = UnixNow + 58;
        hes.Publish(commands, Command("c1", "relay_disconnect", 1, iat), 1, false);
        hes.Publish(commands, Command("c2", "read_now", 2, iat), 1, false);
        Assert.True(head.WaitFor(h => h.On("/event").Count(m => m.Payload.Contains("command_result")) >= 2, TimeSpan.FromSeconds(20)),
            string.Join("\n", head.On("/event").Select(m => m.Payload)));
        string c1 = head.On("/event").First(m => m.Payload.Contains("\"cmdId\":\"c1\"")).Payload;
        string c2 = head.On("/event").First(m => m.Payload.Contains("\"cmdId\":\"c2\"")).Payload;
        Assert.DoesNotContain("untrusted_clock", c1);
        Assert.DoesNotContain("state_lost", c1);
        Assert.True(c2.Contains("\"status\":\"accepted\""), c1 + "\n" + c2);

        // An outage: the broker goes; reports wait in the outbox; it comes back; every seq arrives, once or more.
        broker.Stop();
        Assert.True(WaitUntil(() => !board.Link.IsConnected, 20), "the link did not notice the broker going");
        Feed(board, ref meterClock, 5);
        broker.Start();
        Assert.True(WaitUntil(() => board.Link.IsConnected, 30), $"no reconnect: {cellular.Link.Status.Reason}\n{cellular.Modem.Log()}");
        Feed(board, ref meterClock, 2);
        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 12, TimeSpan.FromSeconds(30)),
            $"seqs: {string.Join(",", head.Seqs("/telemetry").Distinct().Order())}");
        // Telemetry and events (the command results) share one sequence: together they have no gap.
        List<long> seqs = head.Seqs("/telemetry").Concat(head.Seqs("/event")).Distinct().Order().ToList();
        Assert.True(seqs.Count == seqs[^1] - seqs[0] + 1, "gap in " + string.Join(",", seqs));
        Assert.Contains(head.On("/telemetry"), m => m.Payload.Contains("\"hist\":true"));

        // The modem loses its supply: the broker publishes the will, "offline", retained; the link recovers by itself.
        cellular.Modem.SetSupply(false);
        Assert.True(head.WaitFor(h => h.On("/status").Any(m => m.Payload.Contains("\"status\":\"offline\"")), TimeSpan.FromSeconds(10)), broker.Log);
        Assert.Empty(Schemas.Status(head.On("/status").Last(m => m.Payload.Contains("offline")).Payload));
        // The supply stays off until the link has found the modem dead and power-cycled it (a supply back sooner is
        // a modem that restarted by itself, which the link also handles, but that is not this case).
        Assert.True(WaitUntil(() => cellular.Link.Status.PowerCycles >= 1, 60), $"{cellular.Link.Status.Reason}\n{cellular.Modem.Log()}");
        cellular.Modem.SetSupply(true);
        int births = head.On("/status").Count(m => m.Payload.Contains("online"));
        Assert.True(head.WaitFor(h => h.On("/status").Count(m => m.Payload.Contains("online")) > births, TimeSpan.FromSeconds(60)),
            $"{cellular.Link.Status.Reason}\n{cellular.Modem.Log()}");
        Assert.True(cellular.Link.Status.PowerCycles >= 1);
    }

    [Fact]
    public void AWrongCaNeverConnectsAndSaysWhy()
    {
        var (broker, tlsPort, dir) = TlsBroker();
        using var _ = broker;
        var cellular = new Cellular(Path.Combine(dir, "other-ca.pem"));
        using var network = cellular.Network;
        using var board = new SimulatedBoard(Config(tlsPort), cellular.Make);
        Assert.True(WaitUntil(() => cellular.Link.Status.Reason == CellularStatus.ReasonTlsRefused, 30), $"{cellular.Link.Status.Reason}\n{cellular.Modem.Log()}");
        Assert.False(board.Link.IsConnected);
        Assert.Contains("TLS", cellular.Network.LastError ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("New client connected", broker.Log.Replace($"on port {tlsPort}", "")); // nothing got in, in plain text or otherwise
    }

    private static OpenAmi.Desktop.Mqtt.MqttClient Connect(Mosquitto broker, string clientId)
    {
        var client = new OpenAmi.Desktop.Mqtt.MqttClient(new OpenAmi.Desktop.Mqtt.MqttClientOptions { Port = broker.Port, CleanSession = true });
        client.Start(clientId, new Nothing());
        Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)));
        return client;
    }

    private static void Feed(SimulatedBoard board, ref long clock, int count)
    {
        for (int i = 0; i < count; i++)
        {
            clock++;
            board.Uart(0).Receive(TelegramServer.Telegram(clock, 5_000_000 + clock % 100_000));
            Thread.Sleep(150);
        }
    }

    private static bool WaitUntil(Func<bool> condition, int seconds)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    private sealed class Nothing : IMqttLinkListener
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

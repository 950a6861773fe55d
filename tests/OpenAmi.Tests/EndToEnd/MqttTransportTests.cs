using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The transport promises of the MQTT link (issue 15, items 16 and 19–22) against a real mosquitto: TLS chains the
/// broker completes with intermediates, refusals that say which problem it is, a deadline on a silent peer, one
/// subscription per connection, MQTT 5.
/// </summary>
[Collection("end-to-end")]
public class MqttTransportTests
{
    /// <summary>Records what the link reports; subscribes in OnConnected when told to, as the command handler does.</summary>
    private sealed class Recorder(string? subscribeOnConnect = null) : IMqttLinkListener
    {
        public IMqttLink? Link;
        public readonly ConcurrentQueue<(string Topic, string Payload)> Messages = new();
        public readonly ConcurrentBag<int> Acked = [];

        public void OnConnected()
        {
            if (subscribeOnConnect != null)
            {
                Link!.Subscribe(subscribeOnConnect);
            }
        }

        public void OnDisconnected()
        {
        }

        public void OnPublishAcknowledged(int packetId) => Acked.Add(packetId);

        public void OnPublishLost(int packetId)
        {
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength) =>
            Messages.Enqueue((Encoding.UTF8.GetString(topic, 0, topicLength), Encoding.UTF8.GetString(payload, 0, payloadLength)));
    }

    private static bool Until(Func<bool> condition, double seconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return condition();
    }

    private static string TlsBroker(string dir, string certificate) =>
        $"cafile {dir}/ca.pem\ncertfile {dir}/{certificate}.pem\nkeyfile {dir}/{certificate}.key\n";

    /// <summary>Connects once with TLS and returns why the connection was refused (it must be).</summary>
    private static string Refusal(Mosquitto broker, string caFile)
    {
        using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, UseTls = true, CaFile = caFile });
        client.Start("tls-refused", new Recorder());
        Assert.True(Until(() => client.LastError != null), "no refusal\n" + broker.Log);
        Assert.Equal(0, client.Sessions);
        return client.LastError!;
    }

    [Fact]
    public void ACaFileHoldingOnlyTheRootTrustsABrokerThatSendsItsIntermediate()
    {
        string dir = TestPki.NewDirectory();
        TestPki.Authority root = TestPki.Root("openami test root");
        TestPki.Authority intermediate = TestPki.Intermediate(root, "openami test intermediate");
        TestPki.WriteFile(dir, "ca.pem", root.Pem);
        TestPki.Leaf(dir, "server", intermediate, server: true, chain: intermediate);
        TestPki.Leaf(dir, "leaf-only", intermediate, server: true);

        using (var broker = new Mosquitto(TlsBroker(dir, "server")))
        {
            // mosquitto_pub trusts the same files: this is the set-up the gateway must accept too.
            using Process pub = Process.Start("mosquitto_pub", ["--cafile", $"{dir}/ca.pem", "-h", "127.0.0.1", "-p", broker.Port.ToString(), "-t", "chain/pub", "-m", "x"])!;
            Assert.True(pub.WaitForExit(10_000));
            Assert.Equal(0, pub.ExitCode);

            var recorder = new Recorder();
            using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, UseTls = true, CaFile = $"{dir}/ca.pem" });
            client.Start("chain", recorder);
            Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)), client.LastError + "\n" + broker.Log);
            int id = client.Publish("chain/t", "x", 1, false);
            Assert.True(Until(() => recorder.Acked.Contains(id)));
        }

        // A broker that does not send its intermediate cannot be checked against the root alone, and the message says so.
        using var leafOnly = new Mosquitto(TlsBroker(dir, "leaf-only"));
        string refusal = Refusal(leafOnly, $"{dir}/ca.pem");
        Assert.Contains("does not chain to a CA in", refusal);
        Assert.Contains("intermediate", refusal);
    }

    [Fact]
    public void AWrongCaAHostnameMismatchAndAnExpiredCertificateEachSayWhatIsWrong()
    {
        string dir = TestPki.NewDirectory();
        TestPki.Authority ca = TestPki.Root("openami test CA");
        TestPki.WriteFile(dir, "ca.pem", ca.Pem);
        TestPki.WriteOtherCa(dir);
        TestPki.Leaf(dir, "server", ca, server: true);
        TestPki.Leaf(dir, "elsewhere", ca, server: true, dnsNames: ["broker.example.net"]);
        TestPki.Leaf(dir, "expired", ca, server: true, notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-2));

        string wrongCa;
        using (var broker = new Mosquitto(TlsBroker(dir, "server")))
        {
            wrongCa = Refusal(broker, $"{dir}/other-ca.pem");
        }

        string mismatch;
        using (var broker = new Mosquitto(TlsBroker(dir, "elsewhere")))
        {
            mismatch = Refusal(broker, $"{dir}/ca.pem");
        }

        string expired;
        using (var broker = new Mosquitto(TlsBroker(dir, "expired")))
        {
            expired = Refusal(broker, $"{dir}/ca.pem");
        }

        Assert.Equal($"TLS: the broker's certificate ('CN=server', issued by 'CN=openami test CA') does not chain to a CA in {dir}/other-ca.pem"
            + " (wrong CA file, or the broker does not send its intermediate CA)", wrongCa);
        Assert.Equal("TLS: the broker's certificate is for broker.example.net, not 127.0.0.1: connect by a name it holds", mismatch);
        Assert.StartsWith("TLS: the certificate 'CN=expired' expired on ", expired);
        Assert.DoesNotContain("chain", expired);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void APeerThatAcceptsAndNeverAnswersTimesOutAndTheClientKeepsTrying(bool tls)
    {
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new ConcurrentQueue<TcpClient>();
        var acceptor = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    held.Enqueue(silent.AcceptTcpClient()); // accepted, and never a byte back
                }
            }
            catch (SocketException)
            {
            }
        }) { IsBackground = true };
        acceptor.Start();
        try
        {
            using var client = new MqttClient(new MqttClientOptions
            {
                Port = port, UseTls = tls, ConnectTimeout = TimeSpan.FromSeconds(1), MinReconnectDelay = TimeSpan.FromMilliseconds(50),
            });
            client.Start("silent-peer", new Recorder());

            // Three connections: the first two attempts gave up at the deadline, and the client went on trying.
            Assert.True(Until(() => held.Count >= 3, 30), $"{held.Count} connection(s); last error {client.LastError}");
            Assert.Equal(
                $"no answer from 127.0.0.1:{port} within 1 s " + (tls ? "(TCP connect, TLS handshake and CONNACK)" : "(TCP connect and CONNACK)"),
                client.LastError);
            Assert.False(client.IsConnected);
        }
        finally
        {
            silent.Stop();
            acceptor.Join();
            foreach (TcpClient c in held)
            {
                c.Dispose();
            }
        }
    }

    [Fact]
    public void EachConnectionSubscribesOnceSoARetainedGrantArrivesOncePerConnection()
    {
        using var broker = new Mosquitto();
        var publisherAcks = new Recorder();
        using var publisher = new MqttClient(new MqttClientOptions { Port = broker.Port, MinReconnectDelay = TimeSpan.FromMilliseconds(50) });
        publisher.Start("hes", publisherAcks);
        Assert.True(publisher.WaitConnected(TimeSpan.FromSeconds(10)));
        int id = publisher.Publish("g/session/s-1", "grant", 1, true);
        Assert.True(Until(() => publisherAcks.Acked.Contains(id)));

        // Like the gateway: a persistent session, and the listener subscribes in OnConnected through the link.
        var gateway = new Recorder(subscribeOnConnect: "g/session/+");
        using var link = new MqttClient(new MqttClientOptions { Port = broker.Port, MinReconnectDelay = TimeSpan.FromMilliseconds(50) });
        gateway.Link = link;
        link.Start("gw", gateway);
        Assert.True(Until(() => gateway.Messages.Count(m => m.Topic == "g/session/s-1") == 1), broker.Log);

        broker.Stop();
        broker.Start();
        Assert.True(Until(() => link.Sessions == 2 && publisher.IsConnected, 20), link.LastError);

        // A marker published after the reconnect comes after any retained copy the subscriptions brought.
        Assert.True(Until(() => publisher.Publish("g/session/zz-marker", "m", 1, false) > 0));
        Assert.True(Until(() => gateway.Messages.Any(m => m.Topic == "g/session/zz-marker")), broker.Log);
        Assert.Equal(2, gateway.Messages.Count(m => m.Topic == "g/session/s-1"));
        Assert.Equal(2, Regex.Matches(broker.Log, "Received SUBSCRIBE from gw\n").Count);
    }

    [Fact]
    public void Mqtt5KeepsTheSessionWhileOfflineAndLogsReasonCodes()
    {
        string dir = Directory.CreateTempSubdirectory("openami-pw-").FullName;
        string passwords = Path.Combine(dir, "passwords");
        File.WriteAllText(passwords, "");
        Process.Start("mosquitto_passwd", ["-b", passwords, "gateway", "s3cret"])!.WaitForExit();
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(passwords, (UnixFileMode)0x1B6);
        using var broker = new Mosquitto($"allow_anonymous false\npassword_file {passwords}\n");
        MqttClientOptions V5(string password, List<string>? log = null) => new()
        {
            Port = broker.Port, ProtocolVersion = 5, UserName = "gateway", Password = password,
            Log = log == null ? null : line =>
            {
                lock (log)
                {
                    log.Add(line);
                }
            },
        };

        // A persistent MQTT 5 session subscribes, then drops without a word.
        var log = new List<string>();
        var first = new MqttClient(V5("s3cret", log));
        first.Subscribe("v5/#");
        first.Start("v5-gateway", new Recorder());
        Assert.True(first.WaitConnected(TimeSpan.FromSeconds(10)), first.LastError);
        Assert.Contains("as v5-gateway (p5, c0", broker.Log);
        first.Abort();

        // While it is away a command comes; with a session expiry the broker keeps it for the session's return.
        var sender = new Recorder();
        using var hes = new MqttClient(V5("s3cret"));
        hes.Start("v5-hes", sender);
        Assert.True(hes.WaitConnected(TimeSpan.FromSeconds(10)), hes.LastError);
        int id = hes.Publish("v5/command", "while-away", 1, false);
        Assert.True(Until(() => sender.Acked.Contains(id)));

        var back = new Recorder();
        using var second = new MqttClient(V5("s3cret", log));
        second.Start("v5-gateway", back);
        Assert.True(Until(() => back.Messages.Any(m => m.Payload == "while-away")), broker.Log);
        lock (log)
        {
            Assert.Contains(log, l => l.StartsWith("connected to mqtt://127.0.0.1:") && l.EndsWith("(MQTT 5, session resumed)"));
        }

        // A refusal carries the MQTT 5 reason code.
        using var refused = new MqttClient(V5("wrong"));
        refused.Start("v5-refused", new Recorder());
        Assert.True(Until(() => refused.LastError != null));
        Assert.Matches(@"^broker refused the connection: (bad user name or password|not authorised) \(reason 0x8[67]\)$", refused.LastError);
    }
}

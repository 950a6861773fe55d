using System.Diagnostics;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>The desktop MQTT client (MQTTnet behind IMqttLink) against a real mosquitto, not a fake.</summary>
[Collection("end-to-end")]
public class MqttClientTests
{
    private sealed class Listener : IMqttLinkListener
    {
        public int Connected;
        public int Disconnected;
        public readonly List<int> Acked = [];
        public readonly List<int> Lost = [];

        public void OnConnected() => Interlocked.Increment(ref Connected);

        public void OnDisconnected() => Interlocked.Increment(ref Disconnected);

        public void OnPublishAcknowledged(int packetId)
        {
            lock (Acked)
            {
                Acked.Add(packetId);
            }
        }

        public void OnPublishLost(int packetId)
        {
            lock (Lost)
            {
                Lost.Add(packetId);
            }
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
        }
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

    [Fact]
    public void PublishesAtQosZeroAndOneAndTracksPubacks()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "t/#");
        var listener = new Listener();
        using var client = new MqttClient(new MqttClientOptions { Port = broker.Port });
        client.Start("c1", listener);
        Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, client.Publish("t/zero", "a", 0, false));
        int id = client.Publish("t/one", "b", 1, false);
        Assert.True(id > 0);
        Assert.True(Until(() => listener.Acked.Contains(id)));
        Assert.Equal(0, client.InflightCount);
        Assert.True(head.WaitFor(h => h.Messages.Count == 2, TimeSpan.FromSeconds(5)));
        Assert.Equal([("t/zero", "a"), ("t/one", "b")], head.Messages.ToList());
    }

    [Fact]
    public void RetainedMessagesAndSubscriptionsWork()
    {
        using var broker = new Mosquitto();
        using (var publisher = new MqttClient(new MqttClientOptions { Port = broker.Port }))
        {
            var acks = new Listener();
            publisher.Start("p", acks);
            Assert.True(publisher.WaitConnected(TimeSpan.FromSeconds(10)));
            int id = publisher.Publish("r/status", "online", 1, true);
            Assert.True(Until(() => acks.Acked.Contains(id))); // the broker holds it now
        }

        using var late = new Subscriber(broker, "r/#");
        Assert.True(late.WaitFor(h => h.Messages.Any(m => m.Topic == "r/status" && m.Payload == "online"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void WillIsPublishedWhenTheConnectionDiesButNotOnCleanDisconnect()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "w/#");
        var dying = new MqttClient(new MqttClientOptions { Port = broker.Port, KeepAliveSeconds = 5 });
        dying.Start("dying", "w/status", "offline"u8.ToArray(), new Listener());
        Assert.True(dying.WaitConnected(TimeSpan.FromSeconds(10)));
        dying.Abort();
        Assert.True(head.WaitFor(h => h.Messages.Any(m => m.Payload == "offline"), TimeSpan.FromSeconds(10)));

        var clean = new MqttClient(new MqttClientOptions { Port = broker.Port });
        clean.Start("clean", "w/clean", "gone"u8.ToArray(), new Listener());
        Assert.True(clean.WaitConnected(TimeSpan.FromSeconds(10)));
        clean.Stop();

        // The broker handles the clean client's DISCONNECT before the marker's PUBLISH: once the marker is here, a
        // will would be too.
        using var marker = new MqttClient(new MqttClientOptions { Port = broker.Port });
        marker.Start("marker", new Listener());
        Assert.True(marker.WaitConnected(TimeSpan.FromSeconds(10)));
        marker.Publish("w/marker", "after", 1, false);
        Assert.True(head.WaitFor(h => h.Messages.Any(m => m.Topic == "w/marker"), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(head.Messages, m => m.Topic == "w/clean");
    }

    [Fact]
    public void CredentialsAreSentAndABadPasswordIsRefusedWithAReason()
    {
        string dir = Directory.CreateTempSubdirectory("openami-pw-").FullName;
        string passwords = Path.Combine(dir, "passwords");
        File.WriteAllText(passwords, "");
        Process.Start("mosquitto_passwd", ["-b", passwords, "gateway", "s3cret"])!.WaitForExit();
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(passwords, (UnixFileMode)0x1B6);
        using var broker = new Mosquitto($"allow_anonymous false\npassword_file {passwords}\n");

        using var good = new MqttClient(new MqttClientOptions { Port = broker.Port, UserName = "gateway", Password = "s3cret" });
        good.Start("good", new Listener());
        Assert.True(good.WaitConnected(TimeSpan.FromSeconds(10)), good.LastError);

        using var bad = new MqttClient(new MqttClientOptions { Port = broker.Port, UserName = "gateway", Password = "wrong" });
        bad.Start("bad", new Listener());
        Assert.False(bad.WaitConnected(TimeSpan.FromSeconds(2)));
        Assert.Contains("not authorised", bad.LastError ?? "");
    }

    [Fact]
    public void UnacknowledgedMessagesAreRetransmittedAfterTheBrokerComesBack()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, "d/#", "head-end-dup");
        var listener = new Listener();
        using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, KeepAliveSeconds = 2, MinReconnectDelay = TimeSpan.FromMilliseconds(100) });
        client.Start("dup-client", listener);
        Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)));

        // Let the broker save the subscriber's session (autosave every second), then freeze it: the publishes are
        // written but no PUBACK can come back.
        DateTime subscribed = DateTime.UtcNow;
        string database = Path.Combine(broker.Directory, "mosquitto.db");
        Assert.True(Until(() => File.Exists(database) && File.GetLastWriteTimeUtc(database) > subscribed.AddMilliseconds(100)), "the broker saved no session");
        string brokerPid = Process.GetProcessesByName("mosquitto").Select(p => p.Id.ToString()).First(id => File.ReadAllText($"/proc/{id}/cmdline").Contains(broker.Directory));
        Process.Start("kill", ["-STOP", brokerPid])!.WaitForExit();
        var ids = Enumerable.Range(0, 5).Select(i => client.Publish($"d/{i}", $"m{i}", 1, false)).ToList();
        Assert.All(ids, id => Assert.True(id > 0));
        Assert.Equal(5, client.InflightCount);

        // The broker dies and comes back: the client reconnects and sends the five again, marked DUP.
        Process.Start("kill", ["-KILL", brokerPid])!.WaitForExit();
        broker.Start();
        Assert.True(Until(() => listener.Acked.Count == 5, 20), $"acked {listener.Acked.Count}; last error {client.LastError}");
        Assert.Equal(0, client.InflightCount);
        Assert.True(client.Sessions >= 2);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(broker.Log, @"Received PUBLISH from dup-client \(d1, q1").Count);
        Assert.True(head.WaitFor(h => Enumerable.Range(0, 5).All(i => h.Messages.Any(m => m.Payload == $"m{i}")), TimeSpan.FromSeconds(15)),
            $"the subscriber got: {string.Join(",", head.Messages.Select(m => m.Payload))}\n{broker.Log}");
    }

    [Fact]
    public void KeepAlivePingsKeepAnIdleConnectionOpen()
    {
        using var broker = new Mosquitto();
        var listener = new Listener();
        using var client = new MqttClient(new MqttClientOptions { Port = broker.Port, KeepAliveSeconds = 2 });
        client.Start("idle", listener);
        Assert.True(client.WaitConnected(TimeSpan.FromSeconds(10)));
        Thread.Sleep(5000); // mosquitto drops a client silent for 1.5 keep-alive periods
        Assert.True(client.IsConnected);
        Assert.Equal(0, listener.Disconnected);
        Assert.Contains("PINGREQ", broker.Log);
    }

    [Fact]
    public void TlsWithACaFileAndAClientCertificate()
    {
        string dir = TestPki.NewDirectory();
        TestPki.Write(dir);

        using var broker = new Mosquitto(
            $"cafile {dir}/ca.pem\ncertfile {dir}/server.pem\nkeyfile {dir}/server.key\nrequire_certificate true\nuse_identity_as_username true\nallow_anonymous false\n");

        using var good = new MqttClient(new MqttClientOptions
        {
            Port = broker.Port, UseTls = true, CaFile = $"{dir}/ca.pem",
            ClientCertificateFile = $"{dir}/client.pem", ClientKeyFile = $"{dir}/client.key",
        });
        var listener = new Listener();
        good.Start("tls-client", listener);
        Assert.True(good.WaitConnected(TimeSpan.FromSeconds(10)), good.LastException + "\n" + broker.Log);
        int id = good.Publish("tls/t", "x", 1, false);
        Assert.True(Until(() => listener.Acked.Contains(id)));

        // Another CA: the broker's certificate is not trusted.
        TestPki.WriteOtherCa(dir);
        using var wrongCa = new MqttClient(new MqttClientOptions
        {
            Port = broker.Port, UseTls = true, CaFile = $"{dir}/other-ca.pem",
            ClientCertificateFile = $"{dir}/client.pem", ClientKeyFile = $"{dir}/client.key",
        });
        wrongCa.Start("tls-wrong", new Listener());
        Assert.True(Until(() => wrongCa.LastError != null), "no refusal");
        Assert.StartsWith("TLS: the broker's certificate ('CN=server', issued by 'CN=openami test CA') does not chain to a CA in", wrongCa.LastError);
        Assert.Equal(0, wrongCa.Sessions);
        Assert.False(wrongCa.IsConnected);
    }
}

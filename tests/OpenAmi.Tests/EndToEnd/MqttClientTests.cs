using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>The desktop MQTT 3.1.1 client against a real mosquitto, not a fake.</summary>
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
            publisher.Start("p", new Listener());
            Assert.True(publisher.WaitConnected(TimeSpan.FromSeconds(10)));
            publisher.Publish("r/status", "online", 1, true);
            Thread.Sleep(200);
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
        Thread.Sleep(500);
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
        Thread.Sleep(2500);
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
        string dir = Directory.CreateTempSubdirectory("openami-tls-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        Pki.Write(dir);
        foreach (string f in Directory.GetFiles(dir))
        {
            File.SetUnixFileMode(f, (UnixFileMode)0x1B6);
        }

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
        Pki.WriteOtherCa(dir);
        using var wrongCa = new MqttClient(new MqttClientOptions
        {
            Port = broker.Port, UseTls = true, CaFile = $"{dir}/other-ca.pem",
            ClientCertificateFile = $"{dir}/client.pem", ClientKeyFile = $"{dir}/client.key",
        });
        wrongCa.Start("tls-wrong", new Listener());
        Assert.False(wrongCa.WaitConnected(TimeSpan.FromSeconds(2)));
    }

    /// <summary>A throwaway CA with a server certificate for 127.0.0.1 and a client certificate.</summary>
    private static class Pki
    {
        public static void Write(string dir)
        {
            using RSA caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=openami test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(Path.Combine(dir, "ca.pem"), ca.ExportCertificatePem());

            Issue(dir, "server", ca, caKey, server: true);
            Issue(dir, "client", ca, caKey, server: false);
        }

        public static void WriteOtherCa(string dir)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=someone else", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using X509Certificate2 other = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllText(Path.Combine(dir, "other-ca.pem"), other.ExportCertificatePem());
        }

        private static void Issue(string dir, string name, X509Certificate2 ca, RSA caKey, bool server)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
                request.CertificateExtensions.Add(san.Build());
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
            byte[] serial = RandomNumberGenerator.GetBytes(8);
            using X509Certificate2 certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
            File.WriteAllText(Path.Combine(dir, name + ".pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        }
    }
}

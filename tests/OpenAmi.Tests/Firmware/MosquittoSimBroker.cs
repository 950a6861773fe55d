using System.Collections.Concurrent;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;
using OpenAmi.Tests.Portable;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The network behind a simulated SIM7080 on desktop: AT+SMCONN opens a real MQTT session (the desktop client) to a
/// real mosquitto with what the modem was told: host, port, client id, keep-alive, credentials, the will, and over
/// TLS the CA the link wrote into the modem's file system, checked against the broker's certificate and name.
/// Messages from the broker reach the modem in order on a thread of their own (never under the modem's lock).
/// </summary>
public sealed class MosquittoSimBroker : ISimBroker, IMqttLinkListener, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("openami-simmodem-").FullName;
    private readonly BlockingCollection<Action> _toModem = new();
    private readonly ConcurrentDictionary<int, ManualResetEventSlim> _acks = new();
    private readonly Thread _delivery;
    private SimulatedSim7080? _modem;
    private MqttClient? _client;
    private volatile bool _up;

    public MosquittoSimBroker()
    {
        _delivery = new Thread(() =>
        {
            foreach (Action a in _toModem.GetConsumingEnumerable())
            {
                a();
            }
        }) { IsBackground = true, Name = "sim modem URCs" };
        _delivery.Start();
    }

    public bool IsConnected => _up && _client is { IsConnected: true };

    /// <summary>Why the last AT+SMCONN failed, as the desktop client said.</summary>
    public string? LastError { get; private set; }

    public bool Connect(SimConnect request, SimulatedSim7080 modem)
    {
        _modem = modem;
        var options = new MqttClientOptions
        {
            Host = request.Host, Port = request.Port, UserName = request.User, Password = request.Password,
            KeepAliveSeconds = Math.Max(5, request.KeepAlive), CleanSession = request.CleanSession,
            ConnectTimeout = TimeSpan.FromSeconds(5), MaxReconnectDelay = TimeSpan.FromHours(1),
        };
        if (request.Tls)
        {
            options.UseTls = true;
            options.CaFile = Write("ca.pem", request.CaPem);
            if (request.ClientCertPem != null)
            {
                options.ClientCertificateFile = Write("client.pem", request.ClientCertPem);
                options.ClientKeyFile = Write("client.key", request.ClientKeyPem);
            }
        }

        var client = new MqttClient(options);
        if (request.WillTopic != null)
        {
            client.Start(request.ClientId, request.WillTopic, request.WillMessage, this);
        }
        else
        {
            client.Start(request.ClientId, this);
        }

        if (!client.WaitConnected(TimeSpan.FromSeconds(8)))
        {
            LastError = client.LastError;
            client.Abort();
            return false;
        }

        _client = client;
        _up = true;
        return true;
    }

    public bool Publish(string topic, byte[] payload, int qos, bool retain)
    {
        MqttClient? client = _client;
        if (!IsConnected || client == null)
        {
            return false;
        }

        int id = client.Publish(System.Text.Encoding.ASCII.GetBytes(topic), 0, topic.Length, payload, 0, payload.Length, qos, retain);
        if (id <= 0)
        {
            return id == 0;
        }

        var acked = _acks.GetOrAdd(id, _ => new ManualResetEventSlim());
        bool ok = acked.Wait(TimeSpan.FromSeconds(10));
        _acks.TryRemove(id, out _);
        return ok && _up;
    }

    public bool Subscribe(string topicFilter)
    {
        _client?.Subscribe(topicFilter);
        return IsConnected;
    }

    public void Disconnect()
    {
        _up = false;
        MqttClient? client = _client;
        _client = null;
        client?.Stop();
    }

    public void Drop()
    {
        _up = false;
        MqttClient? client = _client;
        _client = null;
        client?.Abort(); // no DISCONNECT: the broker publishes the will
    }

    public void Dispose()
    {
        Drop();
        _toModem.CompleteAdding();
    }

    // ---- the desktop client's events ----

    public void OnConnected()
    {
    }

    public void OnDisconnected()
    {
        if (_up)
        {
            _up = false;
            foreach (ManualResetEventSlim waiting in _acks.Values)
            {
                waiting.Set(); // a publish in flight fails now, not after its timeout
            }

            _toModem.Add(() => _modem?.BrokerLost());
        }
    }

    public void OnPublishAcknowledged(int packetId) => _acks.GetOrAdd(packetId, _ => new ManualResetEventSlim()).Set();

    public void OnPublishLost(int packetId)
    {
    }

    public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
    {
        string t = System.Text.Encoding.ASCII.GetString(topic, 0, topicLength);
        byte[] p = payload[..payloadLength];
        _toModem.Add(() => _modem?.Deliver(t, p));
    }

    private string Write(string name, byte[]? data)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, data ?? []);
        return path;
    }
}

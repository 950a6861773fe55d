using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// A head end in miniature: our MQTT client with a persistent session (so nothing is lost across a broker
/// restart), subscribed to the tree, keeping every message it receives.
/// </summary>
public sealed class Subscriber : IMqttLinkListener, IDisposable
{
    private readonly MqttClient _client;

    public Subscriber(Mosquitto broker, string filter = "openami/#", string? clientId = null)
    {
        _client = new MqttClient(new MqttClientOptions { Port = broker.Port, CleanSession = false, KeepAliveSeconds = 10 });
        _client.Subscribe(filter);
        _client.Start(clientId ?? "head-end-" + Guid.NewGuid().ToString("N")[..8], this);

        // Connected means subscribed: the client counts a session as up once the broker acknowledged (SUBACK) the
        // subscriptions made before Start, so whatever the test publishes next reaches this subscriber.
        if (!_client.WaitConnected(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException("the test subscriber could not connect: " + _client.LastError);
        }
    }

    public ConcurrentQueue<(string Topic, string Payload)> Messages { get; } = new();

    public MqttClient Client => _client;

    public List<(string Topic, string Payload)> On(string topicSuffix) => Messages.Where(m => m.Topic.EndsWith(topicSuffix, StringComparison.Ordinal)).ToList();

    /// <summary>The seq of every message on topics ending with <paramref name="topicSuffix"/>.</summary>
    public List<long> Seqs(string topicSuffix) =>
        On(topicSuffix).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToList();

    public bool WaitFor(Func<Subscriber, bool> condition, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            if (condition(this))
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition(this);
    }

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
        Messages.Enqueue((Encoding.UTF8.GetString(topic, 0, topicLength), Encoding.UTF8.GetString(payload, 0, payloadLength)));
    }

    public void Dispose() => _client.Stop();
}

namespace OpenAmi.Mqtt
{
    /// <summary>
    /// The gateway's port to an MQTT broker. Adapters: the desktop client on MQTTnet, nanoFramework.M2Mqtt on the
    /// ESP32, the modem's own MQTT stack on cellular boards. The adapter keeps the connection up (reconnecting with
    /// back-off) and reports through <see cref="IMqttLinkListener"/>.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>True while a session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Starts connecting (and keeps reconnecting) with this will: topic, payload, QoS 1, retained.
        /// <paramref name="listener"/> hears about connections, acknowledgements and incoming messages.
        /// </summary>
        void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener);

        /// <summary>
        /// Publishes <paramref name="payload"/>[offset, offset+count) on the topic in <paramref name="topic"/>[topicOffset,
        /// topicOffset+topicLength) (ASCII). QoS 1 returns a packet id (1..65535) whose acknowledgement is reported later; QoS 0
        /// returns 0. Returns -1 when the link cannot take the message now (not connected, or its window is full), and
        /// <see cref="MqttLinkResult.TooLarge"/> when it never can (longer than the topic or payload its transport takes): the caller
        /// drops it rather than trying again. Once accepted, a QoS 1 message is the link's until it reports it
        /// acknowledged or lost.
        /// </summary>
        int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>
        /// Subscribes to a topic filter at QoS 1. The adapter remembers it and subscribes again once per connection,
        /// before <see cref="IMqttLinkListener.OnConnected"/>; a filter already subscribed on the current connection is
        /// not sent again, so a listener that subscribes in OnConnected causes no second SUBSCRIBE (which would make
        /// the broker deliver retained messages twice).
        /// </summary>
        void Subscribe(string topicFilter);

        /// <summary>Disconnects cleanly (no will) and stops reconnecting.</summary>
        void Stop();
    }

    /// <summary>What an <see cref="IMqttLink"/> reports. Calls may come from the link's own thread.</summary>
    public interface IMqttLinkListener
    {
        /// <summary>A session with the broker is up (after CONNACK).</summary>
        void OnConnected();

        /// <summary>The session dropped; the link is reconnecting.</summary>
        void OnDisconnected();

        /// <summary>The broker acknowledged the QoS 1 message with this packet id.</summary>
        void OnPublishAcknowledged(int packetId);

        /// <summary>The link gave up on this packet id; the message must be published again.</summary>
        void OnPublishLost(int packetId);

        /// <summary>A message arrived on a subscribed topic. The buffers are reused after the call returns.</summary>
        void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength);
    }

    /// <summary>What <see cref="IMqttLink.Publish"/> answers besides a packet id.</summary>
    public static class MqttLinkResult
    {
        /// <summary>Not now: not connected, or the window is full. Try again later.</summary>
        public const int NotNow = -1;

        /// <summary>Never: the topic or payload is longer than the link's transport takes (a modem's limit).</summary>
        public const int TooLarge = -2;
    }
}

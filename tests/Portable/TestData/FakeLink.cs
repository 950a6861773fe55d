using System.Collections;
using OpenAmi.Mqtt;

namespace OpenAmi.Tests.Portable
{
    /// <summary>An MQTT link that records what is published and lets the test connect, drop and acknowledge.</summary>
    public sealed class FakeLink : IMqttLink
    {
        private readonly ArrayList _topics = new ArrayList();
        private readonly ArrayList _payloads = new ArrayList();
        private readonly ArrayList _ids = new ArrayList();
        private readonly ArrayList _retained = new ArrayList();
        private int _nextId = 1;

        public IMqttLinkListener Listener { get; private set; }

        public bool IsConnected { get; private set; }

        public string WillTopic { get; private set; }

        public string WillPayload { get; private set; }

        public ArrayList Subscriptions { get; } = new ArrayList();

        public int Count
        {
            get { return _topics.Count; }
        }

        public string Topic(int i)
        {
            return (string)_topics[i];
        }

        public string Payload(int i)
        {
            return (string)_payloads[i];
        }

        public int PacketId(int i)
        {
            return (int)_ids[i];
        }

        public bool Retained(int i)
        {
            return (bool)_retained[i];
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
        {
            Listener = listener;
            WillTopic = willTopic;
            WillPayload = Bytes.Text(willPayload, 0, willPayload.Length);
        }

        /// <summary>Longest payload the link takes; a longer one is refused for good (MqttLinkResult.TooLarge).</summary>
        public int MaxPayload = int.MaxValue;

        /// <summary>Publishes refused as too large (the count a real link reports in its status).</summary>
        public int Refused;

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return -1;
            }

            if (count > MaxPayload)
            {
                Refused++;
                return MqttLinkResult.TooLarge;
            }

            _topics.Add(Bytes.Text(topic, topicOffset, topicLength));
            _payloads.Add(Bytes.Text(payload, offset, count));
            _retained.Add(retain);
            int id = qos == 0 ? 0 : _nextId++;
            _ids.Add(id);
            return id;
        }

        public void Subscribe(string topicFilter)
        {
            Subscriptions.Add(topicFilter);
        }

        public void Stop()
        {
            IsConnected = false;
        }

        public void Connect()
        {
            IsConnected = true;
            Listener.OnConnected();
        }

        public void Drop()
        {
            IsConnected = false;
            Listener.OnDisconnected();
        }

        /// <summary>Acknowledges every QoS 1 publish from index <paramref name="from"/> on, as a broker would.</summary>
        public void AckAll(int from)
        {
            for (int i = from; i < _ids.Count; i++)
            {
                int id = (int)_ids[i];
                if (id > 0 && !Retained(i))
                {
                    Listener.OnPublishAcknowledged(id);
                }
            }
        }

        /// <summary>Index of the first message on a topic ending with <paramref name="suffix"/> from <paramref name="from"/> on, or -1.</summary>
        public int Find(string suffix, int from)
        {
            for (int i = from; i < _topics.Count; i++)
            {
                if (Topic(i).EndsWith(suffix))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>How many messages were published on topics ending with <paramref name="suffix"/>.</summary>
        public int CountOn(string suffix)
        {
            int n = 0;
            for (int i = 0; i < _topics.Count; i++)
            {
                if (Topic(i).EndsWith(suffix))
                {
                    n++;
                }
            }

            return n;
        }
    }
}

using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using OpenAmi.Mqtt;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The core's MQTT port over nanoFramework.M2Mqtt (MQTT 3.1.1). A worker thread connects and reconnects with
    /// back-off; the client is created there, only once the network is up, because its constructor resolves the
    /// broker's name. QoS 1 acknowledgements come back through MqttMsgPublished and go to the outbox.
    /// </summary>
    public sealed class M2MqttLink : IMqttLink
    {
        public const int MaxSubscriptions = 4;

        private readonly string _host;
        private readonly int _port;
        private readonly bool _tls;
        private readonly X509Certificate _ca;
        private readonly string _user;
        private readonly string _password;
        private readonly string[] _subscriptions = new string[MaxSubscriptions];
        private readonly object _sync = new object();
        private readonly byte[] _topicBuffer = new byte[256];
        private int _subscriptionCount;
        private MqttClient _client;
        private IMqttLinkListener _listener;
        private string _clientId;
        private string _willTopic;
        private string _willPayload;
        private bool _connected;
        private bool _stopping;
        // Messages in flight at most (HeapPlan.MqttWindow): M2Mqtt holds each, and our copy of it, until its PUBACK, and
        // its default (int.MaxValue) would queue without bound.
        private readonly int _window;
        private readonly int[] _inflightIds;
        private int _inflight;

        /// <param name="caPem">The broker's CA certificate (PEM) for mqtts, or null for plain MQTT.</param>
        /// <param name="window">Messages in flight at most.</param>
        public M2MqttLink(string host, int port, bool tls, string caPem, string user, string password, int window)
        {
            _window = window;
            _inflightIds = new int[window];
            _host = host;
            _port = port;
            _tls = tls;
            _ca = caPem == null ? null : new X509Certificate(caPem);
            _user = user;
            _password = password;
        }

        /// <summary>The last connection failure, for the console and the log.</summary>
        public string LastError { get; private set; }

        public bool IsConnected
        {
            get { return _connected; }
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
        {
            _clientId = clientId;
            _willTopic = willTopic;
            _willPayload = Encoding.UTF8.GetString(willPayload, 0, willPayload.Length);
            _listener = listener;
            new Thread(Run).Start();
        }

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            lock (_sync)
            {
                if (!_connected || (qos > 0 && _inflight >= _window))
                {
                    return -1;
                }

                // M2Mqtt takes a string topic and a whole array: these two allocations per message are its price.
                string topicText = Encoding.UTF8.GetString(topic, topicOffset, topicLength);
                byte[] message = new byte[count];
                Array.Copy(payload, offset, message, 0, count);
                try
                {
                    ushort id = _client.Publish(
                        topicText, message, null, null, qos > 0 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce, retain);
                    if (qos == 0)
                    {
                        return 0;
                    }

                    Track(id);
                    return id;
                }
                catch (Exception e)
                {
                    LastError = "publish: " + e.Message;
                    return -1;
                }
            }
        }

        public void Subscribe(string topicFilter)
        {
            lock (_sync)
            {
                for (int i = 0; i < _subscriptionCount; i++)
                {
                    if (_subscriptions[i] != null && _subscriptions[i] == topicFilter)
                    {
                        return; // remembered: subscribed on connect, once per connection
                    }
                }

                if (_subscriptionCount < MaxSubscriptions)
                {
                    _subscriptions[_subscriptionCount++] = topicFilter;
                }

                if (_connected)
                {
                    _client.Subscribe(new[] { topicFilter }, new[] { MqttQoSLevel.AtLeastOnce });
                }
            }
        }

        public void Stop()
        {
            _stopping = true;
            lock (_sync)
            {
                if (_client != null && _connected)
                {
                    _client.Disconnect();
                }

                _connected = false;
            }
        }

        private void Run()
        {
            int backoffMs = 1000;
            while (!_stopping)
            {
                if (!_connected)
                {
                    if (TryConnect())
                    {
                        backoffMs = 1000;
                    }
                    else
                    {
                        Thread.Sleep(backoffMs);
                        backoffMs = backoffMs >= 60000 ? 60000 : backoffMs * 2;
                        continue;
                    }
                }

                Thread.Sleep(1000);
                if (_connected && !_client.IsConnected)
                {
                    Lost();
                }
            }
        }

        private bool TryConnect()
        {
            try
            {
                if (_client == null)
                {
                    _client = _tls
                        ? new MqttClient(_host, _port, true, _ca, null, MqttSslProtocols.TLSv1_2)
                        : new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None);
                    _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                    _client.Settings.InflightQueueSize = _window;
                    _client.MqttMsgPublished += OnPublished;
                    _client.MqttMsgPublishReceived += OnReceived;
                    _client.ConnectionClosed += OnClosed;
                }
                else
                {
                    _client.Close(); // the library's own recovery pattern: close, then connect the same instance
                }

                MqttReasonCode code = _client.Connect(
                    _clientId, _user, _password, true, MqttQoSLevel.AtLeastOnce, true, _willTopic, _willPayload, true, 60);
                if (code != MqttReasonCode.Success)
                {
                    LastError = "broker refused the connection: reason " + (int)code;
                    return false;
                }

                lock (_sync)
                {
                    _connected = true;
                    for (int i = 0; i < _subscriptionCount; i++)
                    {
                        _client.Subscribe(new[] { _subscriptions[i] }, new[] { MqttQoSLevel.AtLeastOnce });
                    }
                }

                _listener.OnConnected();
                return true;
            }
            catch (Exception e)
            {
                // DNS, TCP and TLS failures all land here; a new client resolves the name again next time.
                LastError = e.Message;
                _client = null;
                return false;
            }
        }

        private void Lost()
        {
            int[] lost = new int[_window];
            int lostCount = 0;
            lock (_sync)
            {
                if (!_connected)
                {
                    return;
                }

                _connected = false;
                for (int i = 0; i < _inflightIds.Length; i++)
                {
                    if (_inflightIds[i] != 0)
                    {
                        lost[lostCount++] = _inflightIds[i];
                        _inflightIds[i] = 0;
                    }
                }

                _inflight = 0;
            }

            // With a clean session the broker forgets unacknowledged messages: the outbox sends them again.
            _listener.OnDisconnected();
            for (int i = 0; i < lostCount; i++)
            {
                _listener.OnPublishLost(lost[i]);
            }
        }

        private void Track(int id)
        {
            for (int i = 0; i < _inflightIds.Length; i++)
            {
                if (_inflightIds[i] == 0)
                {
                    _inflightIds[i] = id;
                    _inflight++;
                    return;
                }
            }
        }

        /// <summary>Forgets an id; false when it was not in flight (already reported lost).</summary>
        private bool Untrack(int id)
        {
            for (int i = 0; i < _inflightIds.Length; i++)
            {
                if (_inflightIds[i] == id)
                {
                    _inflightIds[i] = 0;
                    _inflight--;
                    return true;
                }
            }

            return false;
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_sync)
            {
                if (!Untrack(e.MessageId))
                {
                    return;
                }
            }

            if (e.IsPublished)
            {
                _listener.OnPublishAcknowledged(e.MessageId);
            }
            else
            {
                _listener.OnPublishLost(e.MessageId);
            }
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_sync)
            {
                int length = e.Topic.Length < _topicBuffer.Length ? e.Topic.Length : _topicBuffer.Length;
                for (int i = 0; i < length; i++)
                {
                    _topicBuffer[i] = (byte)e.Topic[i];
                }

                _listener.OnMessage(_topicBuffer, length, e.Message, e.Message.Length);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            Lost();
        }
    }
}

using System.Threading;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Text;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The core's MQTT port over the MQTT stack inside a SIMCom SIM7080/7070 modem (AT+SMCONF, +SMCONN, +SMPUB,
    /// +SMSUB). nanoFramework has no PPP, so on cellular boards the modem speaks MQTT and the ESP32 speaks AT.
    /// A worker thread attaches, connects, publishes one message at a time and reports the modem's OK as the
    /// acknowledgement (the modem completes the QoS 1 exchange before answering).
    /// </summary>
    public sealed class Sim7080MqttLink : IMqttLink
    {
        /// <summary>Longest payload AT+SMPUB takes on the SIM7080 (its documented range is 0 to 1024).</summary>
        public const int MaxPayload = 1024;

        public const int QueueSlots = 4;
        public const int MaxTopic = 160;
        public const int MaxSubscriptions = 4;

        private readonly AtChannel _at;
        private readonly IGatewayClock _clock;
        private readonly string _apn;
        private readonly string _host;
        private readonly int _port;
        private readonly string _user;
        private readonly string _password;
        private readonly object _sync = new object();
        private readonly byte[][] _topics = new byte[QueueSlots][];
        private readonly int[] _topicLengths = new int[QueueSlots];
        private readonly byte[][] _payloads = new byte[QueueSlots][];
        private readonly int[] _payloadLengths = new int[QueueSlots];
        private readonly int[] _ids = new int[QueueSlots];
        private readonly bool[] _retain = new bool[QueueSlots];
        private readonly string[] _subscriptions = new string[MaxSubscriptions];
        private readonly byte[] _messageTopic = new byte[MaxTopic];
        private readonly byte[] _messagePayload = new byte[MaxPayload];
        private int _subscriptionCount;
        private int _subscribedThisSession;
        private int _head;
        private int _queued;
        private int _nextId = 1;
        private IMqttLinkListener _listener;
        private string _clientId;
        private bool _connected;
        private bool _stopping;
        private bool _resubscribe;
        private bool _sessionDown;

        public Sim7080MqttLink(IModemPort modem, IGatewayClock clock, string apn, string host, int port, string user, string password)
        {
            _clock = clock;
            _at = new AtChannel(modem, clock, MaxTopic + MaxPayload + 32);
            _at.Unsolicited = OnUnsolicited;
            _apn = apn;
            _host = host;
            _port = port;
            _user = user;
            _password = password;
            for (int i = 0; i < QueueSlots; i++)
            {
                _topics[i] = new byte[MaxTopic];
                _payloads[i] = new byte[MaxPayload];
            }
        }

        /// <summary>What went wrong last (the AT command that failed), for the console.</summary>
        public string LastError { get; private set; }

        public bool IsConnected
        {
            get { return _connected; }
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
        {
            // No will: an AT string cannot carry the JSON's double quotes. The runtime's status message says
            // "online"; an abrupt loss shows as a stale status instead of "offline" (README, Cellular).
            _clientId = clientId;
            _listener = listener;
            new Thread(Run).Start();
        }

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            lock (_sync)
            {
                if (!_connected || _queued == QueueSlots || topicLength > MaxTopic || count > MaxPayload)
                {
                    return -1;
                }

                int slot = (_head + _queued) % QueueSlots;
                System.Array.Copy(topic, topicOffset, _topics[slot], 0, topicLength);
                System.Array.Copy(payload, offset, _payloads[slot], 0, count);
                _topicLengths[slot] = topicLength;
                _payloadLengths[slot] = count;
                _retain[slot] = retain;
                _ids[slot] = qos > 0 ? NextId() : 0;
                _queued++;
                return _ids[slot];
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
                        return; // remembered: the worker subscribes it once on every connection
                    }
                }

                if (_subscriptionCount < MaxSubscriptions)
                {
                    _subscriptions[_subscriptionCount++] = topicFilter;
                }

                // Sent by the worker: on every connect, and now if already connected.
                _resubscribe = _resubscribe || _connected;
            }
        }

        public void Stop()
        {
            _stopping = true;
        }

        private void Run()
        {
            int backoffMs = 2000;
            long nextStateCheck = 0;
            bool resubscribe = false;
            while (!_stopping)
            {
                if (!_connected)
                {
                    if (!Connect())
                    {
                        Thread.Sleep(backoffMs);
                        backoffMs = backoffMs >= 120000 ? 120000 : backoffMs * 2;
                        continue;
                    }

                    backoffMs = 2000;
                    _listener.OnConnected();
                }

                bool sessionDown;
                lock (_sync)
                {
                    resubscribe = _resubscribe;
                    sessionDown = _sessionDown;
                    _resubscribe = false;
                    _sessionDown = false;
                }

                if (sessionDown)
                {
                    Lost("the modem reported the broker session closed");
                    continue;
                }

                if (resubscribe)
                {
                    SubscribeNew();
                }

                if (!SendNext())
                {
                    _at.Pump();
                    Thread.Sleep(50);
                }

                if (_clock.TickMs >= nextStateCheck)
                {
                    nextStateCheck = _clock.TickMs + 30000;
                    if (_at.Command("AT+SMSTATE?", 2000) != AtChannel.Ok || _at.LastInfo != "+SMSTATE: 1")
                    {
                        Lost("broker session down");
                    }
                }
            }

            _at.Command("AT+SMDISC", 5000);
        }

        private bool Connect()
        {
            string[] setup =
            {
                "AT",
                "AT+CFUN=1",
                "AT+CNCFG=0,1,\"" + _apn + "\"",
                "AT+CNACT=0,1",
                "AT+SMCONF=\"URL\",\"" + _host + "\"," + _port,
                "AT+SMCONF=\"CLIENTID\",\"" + _clientId + "\"",
                "AT+SMCONF=\"KEEPTIME\",60",
                "AT+SMCONF=\"CLEANSS\",1",
                "AT+SMCONF=\"QOS\",1",
                _user == null ? null : "AT+SMCONF=\"USERNAME\",\"" + _user + "\"",
                _password == null ? null : "AT+SMCONF=\"PASSWORD\",\"" + _password + "\"",
                "AT+SMCONN",
            };
            for (int i = 0; i < setup.Length; i++)
            {
                if (setup[i] == null)
                {
                    continue;
                }

                // CNACT answers ERROR when the context is already active; that is fine.
                int result = _at.Command(setup[i], setup[i] == "AT+SMCONN" ? 30000 : 10000);
                if (result != AtChannel.Ok && setup[i] != "AT+CNACT=0,1")
                {
                    LastError = setup[i].Substring(0, setup[i].Length > 20 ? 20 : setup[i].Length) + (result == AtChannel.Timeout ? ": no answer" : ": ERROR");
                    return false;
                }
            }

            lock (_sync)
            {
                _connected = true;
                _resubscribe = false;
                _sessionDown = false;
            }

            _subscribedThisSession = 0;
            SubscribeNew();
            return true;
        }

        /// <summary>Subscribes the filters not yet subscribed on this connection: each once per connection.</summary>
        private void SubscribeNew()
        {
            int count;
            lock (_sync)
            {
                count = _subscriptionCount;
            }

            for (int i = _subscribedThisSession; i < count; i++)
            {
                _at.Command("AT+SMSUB=\"" + _subscriptions[i] + "\",1", 10000);
            }

            _subscribedThisSession = count;
        }

        /// <summary>Publishes the oldest queued message; false when the queue is empty.</summary>
        private bool SendNext()
        {
            int slot;
            lock (_sync)
            {
                if (_queued == 0)
                {
                    return false;
                }

                slot = _head;
            }

            string topic = Ascii.GetString(_topics[slot], 0, _topicLengths[slot]);
            int qos = _ids[slot] == 0 ? 0 : 1;
            string command = "AT+SMPUB=\"" + topic + "\"," + _payloadLengths[slot] + "," + qos + "," + (_retain[slot] ? 1 : 0);
            int result = _at.CommandWithData(command, _payloads[slot], 0, _payloadLengths[slot], 20000);
            int id = _ids[slot];
            lock (_sync)
            {
                _head = (_head + 1) % QueueSlots;
                _queued--;
            }

            if (id != 0)
            {
                if (result == AtChannel.Ok)
                {
                    _listener.OnPublishAcknowledged(id);
                }
                else
                {
                    _listener.OnPublishLost(id);
                }
            }

            if (result != AtChannel.Ok)
            {
                Lost("publish failed");
            }

            return true;
        }

        private void Lost(string why)
        {
            int[] lost = new int[QueueSlots];
            int count = 0;
            lock (_sync)
            {
                if (!_connected)
                {
                    return;
                }

                _connected = false;
                while (_queued > 0)
                {
                    if (_ids[_head] != 0)
                    {
                        lost[count++] = _ids[_head];
                    }

                    _head = (_head + 1) % QueueSlots;
                    _queued--;
                }
            }

            LastError = why;
            _listener.OnDisconnected();
            for (int i = 0; i < count; i++)
            {
                _listener.OnPublishLost(lost[i]);
            }
        }

        private void OnUnsolicited(byte[] line, int length)
        {
            if (line[1] == 'S' && line[3] == 'S' && line[4] == 'T')
            {
                // "+SMSTATE: 0": the modem lost the broker. Reported from the worker's next state check too.
                lock (_sync)
                {
                    _sessionDown = _connected;
                }

                return;
            }

            if (line[1] != 'S' || line[3] != 'S' || line[4] != 'U')
            {
                return;
            }

            // +SMSUB: "topic","payload" — the payload may itself hold quotes, so it runs to the line's last quote.
            int topicStart = IndexOf(line, length, '"', 0) + 1;
            int topicEnd = IndexOf(line, length, '"', topicStart);
            int payloadStart = topicEnd + 3;
            int payloadEnd = length - 1;
            if (topicStart <= 0 || topicEnd < 0 || payloadStart > payloadEnd || line[payloadEnd] != '"')
            {
                return;
            }

            int topicLength = topicEnd - topicStart;
            int payloadLength = payloadEnd - payloadStart;
            if (topicLength > MaxTopic || payloadLength > MaxPayload)
            {
                return;
            }

            System.Array.Copy(line, topicStart, _messageTopic, 0, topicLength);
            System.Array.Copy(line, payloadStart, _messagePayload, 0, payloadLength);
            _listener.OnMessage(_messageTopic, topicLength, _messagePayload, payloadLength);
        }

        private int NextId()
        {
            int id = _nextId;
            _nextId = _nextId == 65535 ? 1 : _nextId + 1;
            return id;
        }

        private static int IndexOf(byte[] line, int length, char c, int from)
        {
            for (int i = from; i < length; i++)
            {
                if (line[i] == c)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

using System.Threading;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using C = OpenAmi.Firmware.App.Cellular.Sim7080Commands;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The core's MQTT port over the MQTT client inside a SIMCom SIM7080 (nanoFramework has no PPP, so on cellular
    /// boards the modem speaks MQTT and the ESP32 speaks AT). A state machine that never waits: <see cref="Poll"/>
    /// reads what the modem said and sends the next command. It powers the modem up (PWRKEY, then the supply when
    /// the board has a power manager), checks the SIM, waits for registration, opens the PDP context, takes the
    /// network's time, writes the CA and sets up TLS with server verification, sets the will, connects, subscribes,
    /// and publishes one message at a time with the modem's OK as the acknowledgement (the modem completes the QoS 1
    /// exchange first). Every failure shows in <see cref="Status"/> with its reason and is recovered from here,
    /// without rebooting the ESP32. After construction nothing here allocates.
    /// </summary>
    public sealed partial class Sim7080MqttLink : IMqttLink
    {
        /// <summary>Largest payload the link holds: the largest full-mode envelope of the corpus is 2747 bytes.</summary>
        public const int MaxPayload = 3072;

        /// <summary>Longest topic: AT+SMPUB and AT+SMSUB take 128 (§17.2.4, §17.2.5).</summary>
        public const int MaxTopic = 128;

        /// <summary>Messages held for the modem: one being published, one waiting (a status between two envelopes).</summary>
        public const int QueueSlots = 2;

        public const int MaxSubscriptions = 4;

        /// <summary>A received "+SMSUB:" line: a signed command is at most 2048 bytes (SignedMessage.MaxLength).</summary>
        public const int MaxLine = 2304;

        private const int CommandCapacity = 704;

        private readonly object _sync = new object();
        private readonly CellularOptions _options;
        private readonly IGatewayClock _clock;
        private readonly NetworkClock _networkClock;
        private readonly IModemPower _power;
        private readonly AtChannel _at;
        private readonly byte[] _cmd = new byte[CommandCapacity];
        private readonly byte[][] _slotTopic = new byte[QueueSlots][];
        private readonly int[] _slotTopicLength = new int[QueueSlots];
        private readonly byte[][] _slotPayload = new byte[QueueSlots][];
        private readonly int[] _slotLength = new int[QueueSlots];
        private readonly int[] _slotId = new int[QueueSlots];
        private readonly bool[] _slotRetain = new bool[QueueSlots];
        private readonly byte[][] _filters = new byte[MaxSubscriptions][];
        private readonly int[] _numbers = new int[6];
        private readonly byte[] _messageTopic = new byte[MaxTopic];
        private byte[] _clientId;
        private byte[] _willTopic;
        private byte[] _will;
        private byte[] _willEscaped;
        private int _willEscapedLength;
        private IMqttLinkListener _listener;
        private Thread _thread;
        private int _cmdLength;
        private int _filterCount;
        private int _subscribedCount;
        private int _head;
        private int _queued;
        private int _nextId = 1;
        private int _topicLimit = MaxTopic;
        private int _payloadLimit = MaxPayload;
        private bool _connected;
        private bool _stopping; // no volatile on nanoFramework (its mscorlib has no IsVolatile); the interpreter never caches a field
        private bool _stopped;

        public Sim7080MqttLink(IModemPort modem, IModemPower power, IGatewayClock clock, NetworkClock networkClock, CellularOptions options)
        {
            _options = options;
            _clock = clock;
            _networkClock = networkClock;
            _power = power;
            _at = new AtChannel(modem, MaxLine);
            for (int i = 0; i < QueueSlots; i++)
            {
                _slotTopic[i] = new byte[MaxTopic];
                _slotPayload[i] = new byte[MaxPayload];
            }

            Status = new CellularStatus();
            Status.Tls = options.Tls;
            _state = StateStart;
        }

        /// <summary>The radio and the link's state, for the status message (GatewayRuntime.SetStatusSection).</summary>
        public CellularStatus Status { get; private set; }

        /// <summary>True when the caller turns <see cref="Poll"/> itself (tests): <see cref="Start"/> makes no thread.</summary>
        public bool ManualPoll;

        public bool IsConnected
        {
            get { return _connected; }
        }

        public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
        {
            _listener = listener;
            _clientId = AtText.Check("client id", clientId, MaxTopic) == null ? AtText.Bytes(clientId) : null;
            _willTopic = AtText.Check("will topic", willTopic, MaxTopic) == null ? AtText.Bytes(willTopic) : null;
            _will = willPayload;
            _willEscaped = new byte[(willPayload.Length * 3) + 1];
            _willEscapedLength = AtText.Escape(willPayload, willPayload.Length, _willEscaped, 0);
            if (!ManualPoll)
            {
                _thread = new Thread(Run);
                _thread.Start();
            }
        }

        public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
        {
            lock (_sync)
            {
                if (!_connected)
                {
                    return MqttLinkResult.NotNow;
                }

                if (topicLength > _topicLimit || count > _payloadLimit || !AtText.IsSafe(topic, topicOffset, topicLength))
                {
                    Status.Refused++;
                    return MqttLinkResult.TooLarge;
                }

                if (_queued == QueueSlots)
                {
                    return MqttLinkResult.NotNow;
                }

                int slot = (_head + _queued) % QueueSlots;
                System.Array.Copy(topic, topicOffset, _slotTopic[slot], 0, topicLength);
                System.Array.Copy(payload, offset, _slotPayload[slot], 0, count);
                _slotTopicLength[slot] = topicLength;
                _slotLength[slot] = count;
                _slotRetain[slot] = retain;
                _slotId[slot] = qos > 0 ? NextId() : 0;
                _queued++;
                return _slotId[slot];
            }
        }

        public void Subscribe(string topicFilter)
        {
            lock (_sync)
            {
                for (int i = 0; i < _filterCount; i++)
                {
                    if (SameText(_filters[i], topicFilter))
                    {
                        return; // remembered: subscribed once on every connection
                    }
                }

                if (_filterCount < MaxSubscriptions && AtText.Check("topic filter", topicFilter, MaxTopic) == null)
                {
                    _filters[_filterCount++] = AtText.Bytes(topicFilter);
                }
            }
        }

        /// <summary>
        /// Disconnects cleanly once what is queued (the gateway's "offline") has gone, and stops. With the link's own
        /// thread, waits up to 15 s for that.
        /// </summary>
        public void Stop()
        {
            _stopping = true;
            if (_thread == null)
            {
                return;
            }

            long until = _clock.TickMs + 15000;
            while (!_stopped && _clock.TickMs < until)
            {
                Thread.Sleep(50);
            }
        }

        /// <summary>True once <see cref="Stop"/> has disconnected.</summary>
        public bool Stopped
        {
            get { return _stopped; }
        }

        /// <summary>One turn: reads what the modem said, then sends what comes next. Never waits.</summary>
        public void Poll()
        {
            for (int i = 0; i < 64; i++)
            {
                int ev = _at.Poll();
                if (ev == AtChannel.Nothing)
                {
                    break;
                }

                if (ev == AtChannel.Prompt)
                {
                    OnPrompt();
                }
                else
                {
                    OnLine();
                }
            }

            long now = _clock.TickMs;
            if (_awaiting && now > _deadline)
            {
                _awaiting = false;
                Finish(ResultTimeout);
            }

            if (!_awaiting)
            {
                Advance(now);
            }
        }

        private void Run()
        {
            while (!_stopped)
            {
                Poll();
                Thread.Sleep(_awaiting || _state != StateIdle ? 10 : 50);
            }
        }

        private int NextId()
        {
            int id = _nextId;
            _nextId = _nextId == 65535 ? 1 : _nextId + 1;
            return id;
        }

        // Called by the state machine when the session is up.
        private void Connected()
        {
            lock (_sync)
            {
                _connected = true;
                _subscribedCount = 0;
            }

            Status.Connects++;
            Status.Set(CellularStatus.StateConnected, CellularStatus.ReasonNone);
            _listener.OnConnected();
        }

        /// <summary>The session is gone: what was queued is reported lost (the outbox sends it again).</summary>
        private void Lost(int reason)
        {
            int lostA = 0;
            int lostB = 0;
            bool was;
            lock (_sync)
            {
                was = _connected;
                _connected = false;
                while (_queued > 0)
                {
                    if (_slotId[_head] != 0)
                    {
                        if (lostA == 0)
                        {
                            lostA = _slotId[_head];
                        }
                        else
                        {
                            lostB = _slotId[_head];
                        }
                    }

                    _head = (_head + 1) % QueueSlots;
                    _queued--;
                }
            }

            Status.Set(Status.State, reason);
            if (!was)
            {
                return;
            }

            _listener.OnDisconnected();
            if (lostA != 0)
            {
                _listener.OnPublishLost(lostA);
            }

            if (lostB != 0)
            {
                _listener.OnPublishLost(lostB);
            }
        }

        private static bool SameText(byte[] bytes, string text)
        {
            if (bytes.Length != text.Length)
            {
                return false;
            }

            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != text[i])
                {
                    return false;
                }
            }

            return true;
        }

        // ---- command building: pre-encoded pieces and the values checked at construction, into one buffer ----

        private void Begin(byte[] piece)
        {
            _cmdLength = 0;
            Add(piece, piece.Length);
        }

        private void Add(byte[] piece)
        {
            Add(piece, piece.Length);
        }

        private void Add(byte[] piece, int length)
        {
            System.Array.Copy(piece, 0, _cmd, _cmdLength, length);
            _cmdLength += length;
        }

        private void AddNumber(int value)
        {
            if (value < 0)
            {
                _cmd[_cmdLength++] = (byte)'-';
                value = -value;
            }

            int digits = 1;
            for (int v = value; v >= 10; v /= 10)
            {
                digits++;
            }

            for (int i = digits - 1; i >= 0; i--)
            {
                _cmd[_cmdLength + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            _cmdLength += digits;
        }

        private void Send(int timeoutMs)
        {
            _cmd[_cmdLength++] = (byte)'\r';
            _at.Write(_cmd, 0, _cmdLength);
            _awaiting = true;
            _cme = -1;
            _deadline = _clock.TickMs + timeoutMs;
        }
    }
}

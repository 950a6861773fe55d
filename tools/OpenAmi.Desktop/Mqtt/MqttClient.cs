using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using OpenAmi.Mqtt;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>
/// The desktop gateway's, the simulator's and the tests' MQTT link: MQTTnet for the protocol (MQTT 3.1.1 or 5,
/// TLS, keep-alive), with what MQTTnet 5 leaves to its user kept here: reconnection with exponential back-off and
/// jitter; QoS 1 messages held until their PUBACK (a bounded window) and sent again, marked DUP, after a reconnect;
/// each subscription renewed exactly once per connection; refusals said in words.
/// </summary>
/// <remarks>
/// One background thread connects and makes every listener call, one at a time and never under the client's lock,
/// so a listener may publish from inside a callback. Publish may be called from any thread.
/// </remarks>
public sealed class MqttClient : IMqttLink, IDisposable
{
    private static readonly MqttClientFactory Factory = new();

    private readonly MqttClientOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<int, Pending> _inflight = [];
    private readonly List<string> _subscriptions = [];
    private readonly BlockingCollection<Action> _events = new();
    private readonly ManualResetEventSlim _connectedSignal = new(false);
    private readonly CancellationTokenSource _stopping = new();
    private Thread? _thread;
    private volatile bool _running;
    private Connection? _current;
    private IMqttLinkListener? _listener;
    private string _clientId = "openami";
    private string? _willTopic;
    private byte[]? _willPayload;
    private int _nextId;
    private long _order;
    private int _window;

    public MqttClient(MqttClientOptions options)
    {
        _options = options;
        _window = options.MaxInflight;
    }

    public bool IsConnected => _current is { Down: false };

    /// <summary>Successful CONNACKs so far (1 plus the reconnects).</summary>
    public int Sessions { get; private set; }

    /// <summary>Why the client is not connected, for status lines and logs.</summary>
    public string? LastError { get; private set; }

    /// <summary>The last exception of a connection attempt, with its stack, for diagnostics.</summary>
    public Exception? LastException { get; private set; }

    /// <summary>QoS 1 messages waiting for their PUBACK.</summary>
    public int InflightCount
    {
        get
        {
            lock (_gate)
            {
                return _inflight.Count;
            }
        }
    }

    public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener) =>
        StartCore(clientId, willTopic, willPayload, listener);

    /// <summary>Starts without a will (subscribers, the simulator).</summary>
    public void Start(string clientId, IMqttLinkListener listener) => StartCore(clientId, null, null, listener);

    /// <summary>Waits until a session is up and its subscriptions are acknowledged; false on timeout.</summary>
    public bool WaitConnected(TimeSpan timeout) => _connectedSignal.Wait(timeout);

    public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (qos is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), "this client publishes at QoS 0 or 1");
        }

        lock (_gate)
        {
            Connection? connection = _current;
            if (connection == null || connection.Down || (qos == 1 && _inflight.Count >= _window))
            {
                return -1;
            }

            var message = new Pending(Encoding.UTF8.GetString(topic, topicOffset, topicLength), payload.AsSpan(offset, count).ToArray(), retain, _order++);
            if (qos == 0)
            {
                return Send(0, message, connection, MqttQualityOfServiceLevel.AtMostOnce) ? 0 : -1;
            }

            int id;
            do
            {
                id = _nextId = (_nextId % 65535) + 1;
            }
            while (_inflight.ContainsKey(id));
            _inflight[id] = message;
            Send(id, message, connection, MqttQualityOfServiceLevel.AtLeastOnce);
            return id;
        }
    }

    /// <summary>Publishes a string payload (tests and tools).</summary>
    public int Publish(string topic, string payload, int qos, bool retain)
    {
        byte[] t = Encoding.UTF8.GetBytes(topic);
        byte[] p = Encoding.UTF8.GetBytes(payload);
        return Publish(t, 0, t.Length, p, 0, p.Length, qos, retain);
    }

    /// <summary>
    /// Subscribes at QoS 1 and remembers the filter: every later connection subscribes to it once, before
    /// <see cref="IMqttLinkListener.OnConnected"/>, so a listener that subscribes again there sends nothing twice.
    /// </summary>
    public void Subscribe(string topicFilter)
    {
        Connection? connection;
        lock (_gate)
        {
            if (!_subscriptions.Contains(topicFilter))
            {
                _subscriptions.Add(topicFilter);
            }

            connection = _current;
            if (connection == null || !connection.Subscribed.Add(topicFilter))
            {
                return; // it goes out with the next connection, or it already went out on this one
            }
        }

        SubscribeAsync(connection, [topicFilter]).ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    LogRefusals(t.Result);
                }
            },
            TaskScheduler.Default);
    }

    public void Stop()
    {
        _running = false;
        LastError = null;
        Connection? connection;
        lock (_gate)
        {
            connection = _current;
        }

        if (connection is { Down: false })
        {
            try
            {
                var disconnect = Factory.CreateClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build();
                using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
                connection.Client.DisconnectAsync(disconnect, timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // Already gone: nothing more to say to the broker.
            }
        }

        Finish();
    }

    /// <summary>Drops the connection without DISCONNECT, as a crash or a cut cable would (the broker sends the will).</summary>
    public void Abort()
    {
        _running = false;
        lock (_gate)
        {
            _current?.Client.Dispose();
        }

        Finish();
    }

    public void Dispose() => Stop();

    private void StartCore(string clientId, string? willTopic, byte[]? willPayload, IMqttLinkListener listener)
    {
        if (_thread != null)
        {
            throw new InvalidOperationException("the client is already started");
        }

        _clientId = clientId;
        _willTopic = willTopic;
        _willPayload = willPayload;
        _listener = listener;
        _running = true;
        _thread = new Thread(Run) { IsBackground = true, Name = "mqtt " + clientId };
        _thread.Start();
    }

    private void Finish()
    {
        _stopping.Cancel(); // ends a connection attempt under way
        _events.Add(Nothing);
        if (_thread != null && _thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private void Run()
    {
        TimeSpan delay = _options.MinReconnectDelay;
        string? logged = null;
        while (_running)
        {
            var connection = new Connection();
            try
            {
                Connect(connection);
                delay = _options.MinReconnectDelay;
                logged = null;
                Pump(() => connection.Down, Timeout.InfiniteTimeSpan);
            }
            catch (Exception e) when (_running)
            {
                // Whatever goes wrong (network, TLS, a refusal, a certificate file), the client stays up and
                // retries: a gateway must never die of its uplink.
                LastError = MqttFailure.Describe(e, _options, connection.TlsProblem);
                LastException = e;
                if (LastError != logged)
                {
                    Log($"cannot connect to {Endpoint}: {LastError}; retrying");
                    logged = LastError;
                }
            }
            catch (Exception)
            {
                // Stopped while connecting.
            }

            bool wasConnected;
            lock (_gate)
            {
                wasConnected = _current == connection;
                _current = null;
                _connectedSignal.Reset();
            }

            connection.Client?.Dispose();
            if (wasConnected)
            {
                if (_running)
                {
                    LastError = connection.DownReason ?? "the connection dropped";
                    Log($"connection to {Endpoint} lost: {LastError}; reconnecting");
                }

                _listener?.OnDisconnected();
            }

            if (!_running)
            {
                break;
            }

            // Exponential back-off with jitter, so a fleet does not reconnect in step after a broker restart.
            TimeSpan wait = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(delay.TotalMilliseconds / 4) + 1));
            Pump(() => false, wait);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }

        while (_events.TryTake(out Action? late))
        {
            Call(late); // acknowledgements that arrived before the stop still count
        }

        List<int> lost;
        lock (_gate)
        {
            lost = [.. _inflight.Keys];
            _inflight.Clear();
        }

        foreach (int id in lost)
        {
            _listener?.OnPublishLost(id);
        }
    }

    /// <summary>Runs the listener calls queued by MQTTnet's threads until <paramref name="done"/> or the time is up.</summary>
    private void Pump(Func<bool> done, TimeSpan forAtMost)
    {
        DateTime end = forAtMost == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + forAtMost;
        while (_running && !done())
        {
            TimeSpan left = end - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            if (_events.TryTake(out Action? action, left > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : left))
            {
                Call(action);
            }
        }
    }

    /// <summary>A listener's failure is its own: it is logged, and the connection stays up.</summary>
    private void Call(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            LastException = e;
            Log($"a message handler failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Connect(Connection connection)
    {
        IMqttClient client = Factory.CreateMqttClient();
        connection.Client = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            byte[] topic = Encoding.UTF8.GetBytes(e.ApplicationMessage.Topic);
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            _events.Add(() => _listener?.OnMessage(topic, topic.Length, payload, payload.Length));
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            connection.DownReason ??= MqttFailure.DescribeDisconnect(e, _options);
            connection.Down = true;
            _events.Add(Nothing);
            return Task.CompletedTask;
        };

        MqttClientConnectResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            // One deadline for the TCP connect, the TLS handshake and the CONNACK: a peer that accepts and then
            // says nothing must not hold the uplink.
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                result = client.ConnectAsync(ConnectOptions(connection), timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (timeout.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                // MQTTnet reports a CONNACK wait cut short as a closed connection: it was our deadline.
                throw new TimeoutException("connect deadline", e);
            }
        }

        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttFailure.RefusedException(MqttFailure.DescribeRefusal(result, _options));
        }

        string[] filters;
        lock (_gate)
        {
            filters = [.. _subscriptions];
            connection.Subscribed.UnionWith(filters);
        }

        if (filters.Length > 0)
        {
            // The SUBACK comes before the session counts as up, so a caller of WaitConnected misses nothing.
            CheckSubscribed(SubscribeAsync(connection, filters));
        }

        lock (_gate)
        {
            _window = result.ReceiveMaximum is > 0 ? Math.Min(_options.MaxInflight, (int)result.ReceiveMaximum) : _options.MaxInflight;
            _current = connection;
            Sessions++;

            // In-flight QoS 1 messages go out again, in their original order, marked as duplicates.
            foreach (KeyValuePair<int, Pending> entry in _inflight.OrderBy(e => e.Value.Order))
            {
                Send(entry.Key, entry.Value, connection, MqttQualityOfServiceLevel.AtLeastOnce, duplicate: true);
            }
        }

        LastError = null;
        Log($"connected to {Endpoint} (MQTT {(_options.ProtocolVersion == 5 ? "5" : "3.1.1")}{(result.IsSessionPresent ? ", session resumed" : "")})");
        _connectedSignal.Set();
        _listener?.OnConnected();
    }

    private MQTTnet.MqttClientOptions ConnectOptions(Connection connection)
    {
        MqttClientOptionsBuilder builder = Factory.CreateClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_clientId)
            .WithCleanSession(_options.CleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds))
            .WithTimeout(_options.ConnectTimeout)
            .WithProtocolVersion(_options.ProtocolVersion == 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311);
        if (_options.ProtocolVersion == 5 && !_options.CleanSession)
        {
            builder.WithSessionExpiryInterval((uint)Math.Min(_options.SessionExpiry.TotalSeconds, uint.MaxValue));
        }

        if (_options.UserName != null)
        {
            builder.WithCredentials(_options.UserName, _options.Password);
        }

        if (_willTopic != null)
        {
            builder.WithWillTopic(_willTopic).WithWillPayload(_willPayload ?? []).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithWillRetain();
        }

        if (_options.UseTls)
        {
            X509Certificate2Collection? anchors = _options.LoadTrustAnchors();
            X509Certificate2Collection? certificate = _options.LoadClientCertificate();
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(_options.Host).WithIgnoreCertificateRevocationErrors();
                if (anchors != null)
                {
                    // The CA file's certificates are the only trust anchors; intermediates the broker sends complete the chain.
                    tls.WithTrustChain(anchors);
                }

                if (certificate != null)
                {
                    tls.WithClientCertificates(certificate);
                }

                tls.WithCertificateValidationHandler(e =>
                {
                    connection.TlsProblem = TlsVerdict.Check(e.Certificate, e.Chain, e.SslPolicyErrors, _options.Host, _options.CaFile);
                    return connection.TlsProblem == null;
                });
            });
        }

        return builder.Build();
    }

    /// <summary>Hands one message to MQTTnet (under the lock, so messages go out in the order they were taken).</summary>
    private bool Send(int id, Pending message, Connection connection, MqttQualityOfServiceLevel qos, bool duplicate = false)
    {
        message.SentOn = connection;
        Task<MqttClientPublishResult> sent;
        try
        {
            sent = connection.Client.PublishAsync(new MqttApplicationMessage
            {
                Topic = message.Topic,
                PayloadSegment = message.Payload,
                QualityOfServiceLevel = qos,
                Retain = message.Retain,
                Dup = duplicate,
            });
        }
        catch (Exception e)
        {
            // The connection is going down: the message stays in flight and goes out after the reconnect.
            LastException = e;
            return false;
        }

        sent.ContinueWith(t => _events.Add(() => Completed(id, message, connection, t)), TaskScheduler.Default);
        return true;
    }

    private void Completed(int id, Pending message, Connection connection, Task<MqttClientPublishResult> sent)
    {
        if (id == 0 || !sent.IsCompletedSuccessfully)
        {
            return; // QoS 0, or the connection failed: a QoS 1 message goes out again after the reconnect
        }

        lock (_gate)
        {
            if (message.SentOn != connection || !_inflight.Remove(id))
            {
                return; // an answer to an earlier copy
            }
        }

        MqttClientPublishResult result = sent.Result;
        if (!result.IsSuccess)
        {
            // MQTT 5: the broker took the message and refused it (not authorised, quota, ...). Sending it again would
            // be refused again, so it counts as delivered, and the log says why it went nowhere.
            Log($"the broker refused the message on {message.Topic}: {result.ReasonCode} (0x{(int)result.ReasonCode:X2})"
                + (string.IsNullOrEmpty(result.ReasonString) ? "" : $", {result.ReasonString}"));
        }

        _listener?.OnPublishAcknowledged(id);
    }

    private static Task<MqttClientSubscribeResult> SubscribeAsync(Connection connection, string[] filters)
    {
        MqttClientSubscribeOptionsBuilder builder = Factory.CreateSubscribeOptionsBuilder();
        foreach (string filter in filters)
        {
            builder.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        try
        {
            return connection.Client.SubscribeAsync(builder.Build());
        }
        catch (Exception e)
        {
            return Task.FromException<MqttClientSubscribeResult>(e);
        }
    }

    private void CheckSubscribed(Task<MqttClientSubscribeResult> subscribed)
    {
        if (!subscribed.Wait(_options.ConnectTimeout))
        {
            throw new TimeoutException("no SUBACK");
        }

        LogRefusals(subscribed.Result);
    }

    private void LogRefusals(MqttClientSubscribeResult result)
    {
        foreach (MqttClientSubscribeResultItem item in result.Items)
        {
            if ((int)item.ResultCode >= 0x80)
            {
                Log($"the broker refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode} (0x{(int)item.ResultCode:X2})");
            }
        }
    }

    private string Endpoint => $"{(_options.UseTls ? "mqtts" : "mqtt")}://{_options.Host}:{_options.Port}";

    private void Log(string line) => _options.Log?.Invoke(line);

    private static void Nothing()
    {
    }

    private sealed class Pending(string topic, byte[] payload, bool retain, long order)
    {
        public string Topic { get; } = topic;

        public byte[] Payload { get; } = payload;

        public bool Retain { get; } = retain;

        public long Order { get; } = order;

        public Connection? SentOn { get; set; }
    }

    private sealed class Connection
    {
        public IMqttClient Client { get; set; } = null!;

        /// <summary>Filters subscribed on this connection: each goes out once.</summary>
        public HashSet<string> Subscribed { get; } = [];

        public volatile bool Down;

        public string? DownReason;

        public string? TlsProblem;
    }
}

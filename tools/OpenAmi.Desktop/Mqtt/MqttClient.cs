using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenAmi.Mqtt;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>
/// A small MQTT 3.1.1 client for the desktop gateway, the simulator and the tests: CONNECT with will, credentials
/// and keep-alive; PUBLISH at QoS 0 and 1 with PUBACK tracking and retransmission (DUP) after a reconnect;
/// SUBSCRIBE (renewed after every reconnect), PINGREQ, a clean DISCONNECT; reconnection with exponential back-off;
/// TLS through SslStream with a CA file and an optional client certificate.
/// </summary>
/// <remarks>
/// One background thread connects and reads; Publish may be called from any thread. Listener callbacks run on the
/// background thread and never under the client's lock, so a listener may publish from inside a callback.
/// </remarks>
public sealed class MqttClient : IMqttLink, IDisposable
{
    private readonly MqttClientOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<ushort, (long Order, byte[] Packet)> _inflight = [];
    private readonly List<string> _subscriptions = [];
    private readonly ManualResetEventSlim _connectedSignal = new(false);
    private Thread? _thread;
    private volatile bool _running;
    private volatile bool _connected;
    private Stream? _stream;
    private TcpClient? _tcp;
    private IMqttLinkListener? _listener;
    private string _clientId = "openami";
    private string? _willTopic;
    private byte[]? _willPayload;
    private ushort _nextId;
    private long _order;
    private long _lastWriteTicks;
    private long _pingSentTicks;

    public MqttClient(MqttClientOptions options)
    {
        _options = options;
    }

    public bool IsConnected => _connected;

    /// <summary>Successful CONNACKs so far (1 plus the reconnects).</summary>
    public int Sessions { get; private set; }

    /// <summary>The last connection error, for status lines and logs.</summary>
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

    public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
    {
        StartCore(clientId, willTopic, willPayload, listener);
    }

    /// <summary>Starts without a will (subscribers, the simulator).</summary>
    public void Start(string clientId, IMqttLinkListener listener) => StartCore(clientId, null, null, listener);

    /// <summary>Waits until a session is up; false on timeout.</summary>
    public bool WaitConnected(TimeSpan timeout) => _connectedSignal.Wait(timeout);

    public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (qos is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), "this client publishes at QoS 0 or 1");
        }

        lock (_gate)
        {
            if (!_connected || _stream == null || (qos == 1 && _inflight.Count >= _options.MaxInflight))
            {
                return -1;
            }

            ushort id = 0;
            if (qos == 1)
            {
                do
                {
                    id = ++_nextId == 0 ? ++_nextId : _nextId;
                }
                while (_inflight.ContainsKey(id));
            }

            byte[] packet = MqttPackets.BuildPublish(topic.AsSpan(topicOffset, topicLength), payload.AsSpan(offset, count), qos, retain, false, id);
            if (qos == 1)
            {
                _inflight[id] = (_order++, packet);
            }

            WriteLocked(packet);
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

    public void Subscribe(string topicFilter)
    {
        lock (_gate)
        {
            if (!_subscriptions.Contains(topicFilter))
            {
                _subscriptions.Add(topicFilter);
            }

            if (_connected)
            {
                WriteLocked(MqttPackets.BuildSubscribe(NextControlId(), topicFilter, 1));
            }
        }
    }

    public void Stop()
    {
        _running = false;
        LastError = null;
        lock (_gate)
        {
            if (_connected && _stream != null)
            {
                WriteLocked(MqttPackets.BuildDisconnect());
            }

            CloseLocked();
        }

        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>Drops the connection without DISCONNECT, as a crash or a cut cable would (the broker sends the will).</summary>
    public void Abort()
    {
        _running = false;
        lock (_gate)
        {
            CloseLocked();
        }

        _thread?.Join(TimeSpan.FromSeconds(5));
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

    private void Run()
    {
        TimeSpan delay = _options.MinReconnectDelay;
        var random = new Random();
        while (_running)
        {
            try
            {
                Connect();
                delay = _options.MinReconnectDelay;
                ReadLoop();
            }
            catch (Exception e)
            {
                // Whatever goes wrong (network, TLS, a bad certificate file), the client stays up and retries:
                // a gateway must never die of its uplink.
                if (_running)
                {
                    LastError = e.Message;
                    LastException = e;
                }
            }

            bool wasConnected;
            lock (_gate)
            {
                wasConnected = _connected;
                _connected = false;
                _connectedSignal.Reset();
                CloseLocked();
            }

            if (wasConnected)
            {
                _listener?.OnDisconnected();
            }

            if (!_running)
            {
                break;
            }

            // Exponential back-off with jitter, so a fleet does not reconnect in step after a broker restart.
            Thread.Sleep(delay + TimeSpan.FromMilliseconds(random.Next(0, (int)(delay.TotalMilliseconds / 4) + 1)));
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }

        List<ushort> lost;
        lock (_gate)
        {
            lost = [.. _inflight.Keys];
            _inflight.Clear();
        }

        foreach (ushort id in lost)
        {
            _listener?.OnPublishLost(id);
        }
    }

    private void Connect()
    {
        var tcp = new TcpClient { NoDelay = true };
        using (var cts = new CancellationTokenSource(_options.ConnectTimeout))
        {
            try
            {
                tcp.ConnectAsync(_options.Host, _options.Port, cts.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                tcp.Dispose();
                throw new TimeoutException($"no answer from {_options.Host}:{_options.Port} within {_options.ConnectTimeout.TotalSeconds:0} s");
            }
        }

        Stream stream = tcp.GetStream();
        if (_options.UseTls)
        {
            var ssl = new SslStream(stream, false, ValidateServer);
            ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = _options.Host,
                ClientCertificates = _options.LoadClientCertificate(),
            });
            stream = ssl;
        }

        byte[] connect = MqttPackets.BuildConnect(_options, _clientId, _willTopic, _willPayload);
        stream.Write(connect);
        tcp.ReceiveTimeout = (int)_options.ConnectTimeout.TotalMilliseconds;
        if (!MqttPackets.TryRead(stream, out byte header, out byte[] body) || header >> 4 != MqttPackets.ConnAck || body.Length < 2)
        {
            throw new IOException("the broker closed the connection instead of answering CONNECT");
        }

        if (body[1] != 0)
        {
            throw new AuthenticationFailedOrRefused(body[1]);
        }

        tcp.ReceiveTimeout = 0;
        lock (_gate)
        {
            _tcp = tcp;
            _stream = stream;
            _connected = true;
            _lastWriteTicks = Environment.TickCount64;
            _pingSentTicks = 0;
            Sessions++;

            // In-flight QoS 1 messages go out again, in their original order, marked as duplicates.
            foreach (var entry in _inflight.Values.OrderBy(v => v.Order))
            {
                MqttPackets.MarkDuplicate(entry.Packet);
                WriteLocked(entry.Packet);
            }

            foreach (string filter in _subscriptions)
            {
                WriteLocked(MqttPackets.BuildSubscribe(NextControlId(), filter, 1));
            }
        }

        _connectedSignal.Set();
        _listener?.OnConnected();
    }

    private void ReadLoop()
    {
        Stream stream;
        lock (_gate)
        {
            stream = _stream ?? throw new IOException("not connected");
        }

        using var keepAlive = new Timer(_ => KeepAlive(), null, 1000, 1000);
        while (_running)
        {
            if (!MqttPackets.TryRead(stream, out byte header, out byte[] body))
            {
                throw new IOException("the broker closed the connection");
            }

            switch (header >> 4)
            {
                case MqttPackets.PubAck:
                    ushort acked = (ushort)((body[0] << 8) | body[1]);
                    bool known;
                    lock (_gate)
                    {
                        known = _inflight.Remove(acked);
                    }

                    if (known)
                    {
                        _listener?.OnPublishAcknowledged(acked);
                    }

                    break;
                case MqttPackets.Publish:
                    OnIncomingPublish(header, body);
                    break;
                case MqttPackets.PingResp:
                    Interlocked.Exchange(ref _pingSentTicks, 0);
                    break;
                case MqttPackets.PubRel:
                    lock (_gate)
                    {
                        WriteLocked(MqttPackets.BuildAck(MqttPackets.PubComp, (ushort)((body[0] << 8) | body[1])));
                    }

                    break;
            }
        }
    }

    private void OnIncomingPublish(byte header, byte[] body)
    {
        int qos = (header >> 1) & 3;
        int topicLength = (body[0] << 8) | body[1];
        int p = 2 + topicLength;
        if (qos > 0)
        {
            ushort id = (ushort)((body[p] << 8) | body[p + 1]);
            p += 2;
            lock (_gate)
            {
                WriteLocked(MqttPackets.BuildAck(qos == 1 ? MqttPackets.PubAck : MqttPackets.PubRec, id));
            }
        }

        byte[] topic = body.AsSpan(2, topicLength).ToArray();
        byte[] payload = body.AsSpan(p).ToArray();
        _listener?.OnMessage(topic, topic.Length, payload, payload.Length);
    }

    private void KeepAlive()
    {
        lock (_gate)
        {
            if (!_connected || _stream == null)
            {
                return;
            }

            long now = Environment.TickCount64;
            long keepAliveMs = _options.KeepAliveSeconds * 1000L;
            if (_pingSentTicks != 0 && now - _pingSentTicks > keepAliveMs)
            {
                LastError = "no PINGRESP within the keep-alive period";
                CloseLocked(); // the read loop fails and the client reconnects
                return;
            }

            if (_pingSentTicks == 0 && now - _lastWriteTicks >= keepAliveMs / 2)
            {
                _pingSentTicks = now;
                WriteLocked(MqttPackets.BuildPingReq());
            }
        }
    }

    private void WriteLocked(byte[] packet)
    {
        try
        {
            _stream?.Write(packet);
            _stream?.Flush();
            _lastWriteTicks = Environment.TickCount64;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            LastError = e.Message;
            CloseLocked(); // the message stays in flight and goes out again after the reconnect
        }
    }

    private ushort NextControlId()
    {
        do
        {
            _nextId++;
        }
        while (_nextId == 0 || _inflight.ContainsKey(_nextId));
        return _nextId;
    }

    private void CloseLocked()
    {
        try
        {
            _stream?.Dispose();
            _tcp?.Dispose();
        }
        catch (IOException)
        {
        }

        _stream = null;
        _tcp = null;
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.CaFile == null)
        {
            return errors == SslPolicyErrors.None;
        }

        if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        // The CA file may be a bundle: every certificate in it is a trust anchor, and nothing else is.
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(_options.CaFile);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(anchors);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }

    /// <summary>CONNACK with a refusal code (bad credentials, not authorised, …).</summary>
    public sealed class AuthenticationFailedOrRefused(byte code) : Exception(Describe(code))
    {
        public byte Code { get; } = code;

        private static string Describe(byte code) => code switch
        {
            1 => "broker refused the connection: unacceptable protocol version",
            2 => "broker refused the connection: client identifier rejected",
            3 => "broker refused the connection: server unavailable",
            4 => "broker refused the connection: bad user name or password",
            5 => "broker refused the connection: not authorised",
            _ => $"broker refused the connection (code {code})",
        };
    }
}

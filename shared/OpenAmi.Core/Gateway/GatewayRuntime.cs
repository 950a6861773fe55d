using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The gateway between meter frames and MQTT, as a thin coordinator: each frame is mapped and handed to the
    /// parts that decide what to say about it (<see cref="ReportSchedule"/>, <see cref="Liveness"/>,
    /// <see cref="EventDetector"/>, <see cref="CrcBursts"/>); what they write goes into the outbox through
    /// <see cref="MessageStore"/> and out through <see cref="OutboxPump"/>; <see cref="StatusReport"/> writes the
    /// retained status.
    /// </summary>
    /// <remarks>
    /// Frames arrive from the port decoders, acknowledgements from the link, and <see cref="Tick"/> drives
    /// timeouts, the comms_lost reports and the pump. Every entry point takes one lock, so callers may be on
    /// different threads. After a meter's first telegrams nothing here allocates, reports and events included.
    /// </remarks>
    public sealed class GatewayRuntime : IMqttLinkListener
    {
        /// <summary>Ports one gateway reads at most.</summary>
        public const int MaxPorts = 8;

        /// <summary><see cref="ReportLine"/>: the line's settings come from the configuration.</summary>
        public const int LineFixed = 0;

        /// <summary><see cref="ReportLine"/>: the line's settings are being searched; the one named is being tried.</summary>
        public const int LineSearching = 1;

        /// <summary><see cref="ReportLine"/>: the search locked the settings named.</summary>
        public const int LineLocked = 2;

        /// <summary>Registers kept of a sub-meter: its reading, device type and valve.</summary>
        private const int SubMeterCapacity = 8;

        private readonly object _sync = new object();
        private readonly GatewayOptions _options;
        private readonly IGatewayClock _clock;
        private readonly PersistentOutbox _outbox;
        private readonly IMqttLink _link;
        private readonly VmrsMapper _mapper;
        private readonly Telegram _telegram = new Telegram();
        private readonly MeterReading _reading;
        private readonly MeterPort[] _ports = new MeterPort[MaxPorts];
        private readonly GatewayIds _ids;
        private readonly OutboxPump _pump;
        private readonly MessageStore _store;
        private readonly ReportSchedule _schedule;
        private readonly Liveness _liveness;
        private readonly EventDetector _events;
        private readonly CrcBursts _crcBursts;
        private readonly StatusReport _status;
        private readonly HomeAssistantDiscovery _discovery;
        private MeterReading _subMeter;
        private PortSources _sources;
        private PortLines _lines;
        private ICommandHandler _commands;
        private IStatusSection _statusSection;

        public GatewayRuntime(GatewayOptions options, IGatewayClock clock, PersistentOutbox outbox, IMqttLink link)
        {
            _options = options;
            _clock = clock;
            _outbox = outbox;
            _link = link;
            _mapper = new VmrsMapper(options.Mapping);
            _reading = new MeterReading(ReadingCapacity());
            _ids = new GatewayIds(options.FeederId, options.GatewayId);
            _pump = new OutboxPump(outbox, link, clock, options);
            _store = new MessageStore(outbox, _pump, _ids);
            _schedule = new ReportSchedule(options);
            _liveness = new Liveness(options, clock, _store);
            _events = new EventDetector(options, _store);
            _crcBursts = new CrcBursts(options, clock, _store);
            _status = new StatusReport(options, link, clock, _ids);
            StatusTopic = OpenAmi.Text.Ascii.GetString(_status.Topic, 0, _status.Topic.Length);
            if (options.HaDiscovery)
            {
                _discovery = new HomeAssistantDiscovery(options, link, _ids, _status.Topic, _store.Json);
            }

            FreeHeapBytes = -1;
        }

        /// <summary>The retained status topic: openami/v1/{feederId}/{gatewayId}/status.</summary>
        public string StatusTopic { get; private set; }

        /// <summary>The one telegram store the port decoders parse into, each under <see cref="SyncRoot"/>.</summary>
        public Telegram Telegram
        {
            get { return _telegram; }
        }

        /// <summary>The lock of every entry point; a decoder holds it from parsing into <see cref="Telegram"/> to <see cref="OnFrame"/>.</summary>
        public object SyncRoot
        {
            get { return _sync; }
        }

        /// <summary>Valid frames received (CRC ok, or accepted without CRC from a dialect that sends none).</summary>
        public long FramesOk { get; private set; }

        /// <summary>Frames with a bad CRC or a failed GCM tag, and frames the ports refused (see FrameAcceptance).</summary>
        public long FramesBad { get; private set; }

        /// <summary>Envelopes and events acknowledged by the broker.</summary>
        public long Published
        {
            get { return _pump.Published; }
        }

        /// <summary>Telemetry envelopes written to the outbox.</summary>
        public long TelemetryWritten
        {
            get { return _store.TelemetryWritten; }
        }

        /// <summary>Events written to the outbox.</summary>
        public long EventsWritten
        {
            get { return _store.EventsWritten; }
        }

        /// <summary>Messages that could not be stored (too large for a record).</summary>
        public long Unstorable
        {
            get { return _store.Unstorable; }
        }

        /// <summary>Free managed heap in bytes as the platform last reported it, or -1 (for the status message).</summary>
        public long FreeHeapBytes { get; set; }

        /// <summary>True while the broker session is up.</summary>
        public bool Connected
        {
            get { return _pump.Connected; }
        }

        /// <summary>Home Assistant discovery messages handed to the link (configs and removals); 0 when it is off.</summary>
        public long DiscoveryMessages
        {
            get { return _discovery == null ? 0 : _discovery.Sent; }
        }

        /// <summary>Whether Home Assistant discovery messages wait to be published (a host draining before it exits waits for them).</summary>
        public bool DiscoveryPending
        {
            get
            {
                lock (_sync)
                {
                    return _discovery != null && _discovery.HasDue;
                }
            }
        }

        /// <summary>The outbox, for its counters.</summary>
        public PersistentOutbox Outbox
        {
            get { return _outbox; }
        }

        /// <summary>Installs the handler of command and session messages (the authenticated-commands feature).</summary>
        public void SetCommandHandler(ICommandHandler handler)
        {
            lock (_sync)
            {
                _commands = handler;
            }
        }

        /// <summary>Adds a host's own member to the status message (the cellular link's radio state), or removes it (null).</summary>
        public void SetStatusSection(IStatusSection section)
        {
            lock (_sync)
            {
                _statusSection = section;
            }
        }

        /// <summary>Connects the link with the will, and publishes whatever the outbox holds once connected.</summary>
        public void Start()
        {
            lock (_sync)
            {
                _store.Message.Will(_ids);
                byte[] will = new byte[_store.Json.Length];
                System.Array.Copy(_store.Json.Buffer, will, will.Length);
                _link.Start(_options.GatewayId + "-" + _options.FeederId, StatusTopic, will, this);
            }
        }

        /// <summary>Persists the counters, says "offline" on the status topic (a clean disconnect sends no will), and disconnects.</summary>
        public void Stop()
        {
            lock (_sync)
            {
                _outbox.Checkpoint();
                if (_pump.Connected && _link.IsConnected)
                {
                    _store.Message.Will(_ids);
                    _link.Publish(_status.Topic, 0, _status.Topic.Length, _store.Json.Buffer, 0, _store.Json.Length, 1, true);
                }
            }

            _link.Stop();
        }

        // ---- frames in ----

        /// <summary>A frame from port <paramref name="port"/>, parsed. Frames with a bad CRC are counted, never data.</summary>
        public void OnFrame(int port, Telegram telegram)
        {
            lock (_sync)
            {
                MeterPort p = Port(port);
                long tick = _clock.TickMs;
                if (telegram.Crc == CrcStatus.Bad)
                {
                    FramesBad++;
                    _crcBursts.OnBadFrame(p, tick);
                    _pump.Pump();
                    return;
                }

                FramesOk++;
                MeterReading reading = _reading;
                if (!_mapper.Map(telegram, _clock.UtcNowUnix, _clock.IsTrusted, reading))
                {
                    return;
                }

                if (!p.IsNamed(reading.Serial, reading.SerialLength))
                {
                    p.Rename(reading.Serial, reading.SerialLength);
                }

                if (_sources != null)
                {
                    _sources.OnValidFrame(port);
                }

                if (_discovery != null)
                {
                    _discovery.OnReading(port, reading, telegram);
                }

                bool eventRaised = _liveness.OnValidFrame(p, tick, reading.TimestampUnix);
                eventRaised |= _events.Detect(p, telegram, reading, tick);
                bool report = _schedule.IsDue(p, reading) | eventRaised | _schedule.DeadbandCrossed(p, reading) | p.ReportNext;
                p.ReportNext = false;
                p.Last.CopyVmrsFrom(reading);
                p.HasReading = true;
                if (report)
                {
                    ReportTelemetry(p);
                    ReportSubMeters(port, telegram);
                }

                _pump.Pump();
            }
        }

        /// <summary>
        /// A frame from port <paramref name="port"/> that is not data: refused by the port's acceptance rule (bad or
        /// missing CRC, plaintext on a keyed port, noise), or an encrypted frame that failed its tag or key.
        /// </summary>
        public void OnBadFrame(int port)
        {
            OnEncryptedFrameRejected(port);
        }

        /// <summary>An encrypted frame from port <paramref name="port"/> was rejected (tag, key).</summary>
        public void OnEncryptedFrameRejected(int port)
        {
            lock (_sync)
            {
                FramesBad++;
                _crcBursts.OnBadFrame(Port(port), _clock.TickMs);
            }
        }

        // ---- sources (reported by a host that has them: the Linux gateway) ----

        /// <summary>
        /// A source feeds port <paramref name="port"/> from now on: its silence counts even before a first frame, so a
        /// cable that is not there shows as comms_lost in the status after the comms timeout.
        /// </summary>
        public void WatchPort(int port)
        {
            lock (_sync)
            {
                PortSources s = Sources();
                s.Watched[port] = true;
                s.WatchedSinceTickMs[port] = _clock.TickMs;
            }
        }

        /// <summary>The source of <paramref name="port"/> ended for good (a capture file): its silence is no lost meter.</summary>
        public void EndPort(int port)
        {
            lock (_sync)
            {
                Sources().Ended[port] = true;
            }
        }

        /// <summary>What keeps the source of <paramref name="port"/> from delivering, or null once it is open again.</summary>
        public void SetPortProblem(int port, string problem)
        {
            lock (_sync)
            {
                Sources().SetProblem(port, problem);
            }
        }

        /// <summary>
        /// The settings the line of <paramref name="port"/> runs with, for the status: <paramref name="lineJson"/> a JSON
        /// string such as "115200-8N1-inverted" (pre-encoded by the host), <paramref name="state"/> one of
        /// <see cref="LineFixed"/>, <see cref="LineSearching"/>, <see cref="LineLocked"/>. A change goes out at the next tick.
        /// </summary>
        public void ReportLine(int port, byte[] lineJson, int state)
        {
            lock (_sync)
            {
                Lines().Set(port, lineJson, state);
            }
        }

        /// <summary>True while <paramref name="port"/> is comms_lost: its meter went silent, or it never delivered.</summary>
        public bool IsPortLost(int port)
        {
            lock (_sync)
            {
                return (_ports[port] != null && _ports[port].Lost) || (_sources != null && _sources.SilentLost[port]);
            }
        }

        /// <summary>Timeouts, the lost-meter reports, the status refresh, and the outbox pump. Call every 100–1000 ms.</summary>
        public void Tick()
        {
            lock (_sync)
            {
                long tick = _clock.TickMs;
                for (int i = 0; i < MaxPorts; i++)
                {
                    // The end of a capture is not a lost meter, however long the outbox takes to drain.
                    if (_ports[i] != null && (_sources == null || !_sources.Ended[i]))
                    {
                        _liveness.Check(_ports[i], tick);
                    }
                }

                bool sourcesChanged = _lines != null && _lines.StatusDue;
                if (_sources != null)
                {
                    _sources.Check(tick, _options.CommsTimeoutMinSeconds * 1000L, _ports);
                    sourcesChanged |= _sources.StatusDue;
                }

                // A storage fault that starts or ends is reported at once, not at the next period.
                bool storageChanged = _outbox.Tick(tick);
                if (_pump.Connected && (sourcesChanged || storageChanged || _status.LastPublishedTickMs == long.MinValue
                    || tick - _status.LastPublishedTickMs >= _options.StatusPeriodSeconds * 1000L))
                {
                    PublishStatus();
                }

                if (_discovery != null && _pump.Connected)
                {
                    _discovery.Pump(_ports);
                }

                _pump.Pump();
            }
        }

        /// <summary>
        /// The "read now" and "resync" commands: every meter that talks is reported with its next telegram, whatever the
        /// schedule (a fresh reading, within a telegram interval); a meter that went silent has its last VMRS values
        /// published now, with quality comms_lost.
        /// </summary>
        public void ReportAllNow()
        {
            lock (_sync)
            {
                for (int i = 0; i < MaxPorts; i++)
                {
                    MeterPort p = _ports[i];
                    if (p == null || !p.HasReading)
                    {
                        continue;
                    }

                    if (p.Lost)
                    {
                        _store.StoreTelemetry(p.Last, _clock.UtcNowUnix, true);
                    }
                    else
                    {
                        p.ReportNext = true;
                    }
                }

                _pump.Pump();
            }
        }

        /// <summary>Publishes the retained status message again (the "resync" command).</summary>
        public void RepublishStatus()
        {
            lock (_sync)
            {
                if (_pump.Connected)
                {
                    PublishStatus();
                }
            }
        }

        /// <summary>Changes the reporting interval at run time (the "set interval" command).</summary>
        public void SetInterval(int seconds)
        {
            lock (_sync)
            {
                _options.IntervalSeconds = seconds;
                for (int i = 0; i < MaxPorts; i++)
                {
                    if (_ports[i] != null)
                    {
                        _ports[i].LastReportSlot = -1;
                    }
                }
            }
        }

        /// <summary>The serial of the meter on <paramref name="port"/>, or null before its first frame. Allocates.</summary>
        public string MeterSerial(int port)
        {
            lock (_sync)
            {
                MeterPort p = port >= 0 && port < MaxPorts ? _ports[port] : null;
                return p == null || p.SerialLength == 0 ? null : OpenAmi.Text.Ascii.GetString(p.Serial, 0, p.SerialLength);
            }
        }

        /// <summary>
        /// Stores and publishes a message the command handler made (a command result) on a meter's event topic;
        /// <paramref name="seq"/> comes from <see cref="NextSeq"/> and is already inside the payload.
        /// </summary>
        public void PublishEvent(string meterSerial, long seq, byte[] payload, int length)
        {
            lock (_sync)
            {
                byte[] topic = OpenAmi.Text.Ascii.GetBytes(Topics.Event(_options.FeederId, _options.GatewayId, meterSerial));
                _store.StoreEvent(seq, topic, topic.Length, payload, length);
                _pump.Pump();
            }
        }

        /// <summary>Stores and publishes a message of the command handler on its own topic (a grant result).</summary>
        public void PublishMessage(byte[] topic, long seq, byte[] payload, int length)
        {
            lock (_sync)
            {
                _store.StoreEvent(seq, topic, topic.Length, payload, length);
                _pump.Pump();
            }
        }

        /// <summary>Hands out a sequence number for a message the command handler writes itself.</summary>
        public long NextSeq()
        {
            lock (_sync)
            {
                return _store.NextSeq();
            }
        }

        // ---- link events ----

        public void OnConnected()
        {
            lock (_sync)
            {
                _pump.OnConnected();
                PublishStatus();
                if (_discovery != null)
                {
                    _discovery.OnConnected();
                    _discovery.Pump(_ports);
                }

                if (_commands != null)
                {
                    _commands.OnConnected(_link);
                }

                _pump.Pump();
            }
        }

        public void OnDisconnected()
        {
            lock (_sync)
            {
                _pump.OnDisconnected();
            }
        }

        public void OnPublishAcknowledged(int packetId)
        {
            lock (_sync)
            {
                _pump.OnAcknowledged(packetId);
                _pump.Pump();
            }
        }

        public void OnPublishLost(int packetId)
        {
            lock (_sync)
            {
                _pump.OnLost(packetId);
            }
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            ICommandHandler handler;
            lock (_sync)
            {
                if (_discovery != null && _discovery.OnMessage(topic, topicLength, payload, payloadLength))
                {
                    return; // Home Assistant's birth: its configs go out at the next tick
                }

                handler = _commands;
            }

            if (handler != null)
            {
                handler.OnMessage(topic, topicLength, payload, payloadLength);
            }
        }

        // ---- helpers ----

        private void ReportTelemetry(MeterPort p)
        {
            if (_store.StoreTelemetry(_reading, _reading.TimestampUnix, false))
            {
                ReportSchedule.Reported(p, _reading);
            }
        }

        // Full mode: each M-Bus sub-meter is a meter of its own, with a message of its own.
        private void ReportSubMeters(int port, Telegram telegram)
        {
            int count = _mapper.SubMeterCount;
            for (int i = 0; i < count; i++)
            {
                MeterReading sub = SubMeterReading();
                if (_mapper.MapSubMeter(telegram, i, _reading, sub))
                {
                    if (_discovery != null)
                    {
                        _discovery.OnSubMeterReading(port, i, sub);
                    }

                    _store.StoreTelemetry(sub, sub.TimestampUnix, false);
                }
            }
        }

        // Made on the first sub-meter seen: a gateway in VMRS mode, or without sub-meters, never holds it.
        private MeterReading SubMeterReading()
        {
            if (_subMeter == null)
            {
                _subMeter = new MeterReading(SubMeterCapacity);
            }

            return _subMeter;
        }

        private void PublishStatus()
        {
            _status.Publish(_store.Json, _ports, _sources, _lines, FramesOk, FramesBad, _pump.Published, _outbox, FreeHeapBytes, _statusSection);
            if (_sources != null)
            {
                _sources.StatusDue = false;
            }

            if (_lines != null)
            {
                _lines.StatusDue = false;
            }
        }

        private PortSources Sources()
        {
            if (_sources == null)
            {
                _sources = new PortSources();
            }

            return _sources;
        }

        // Made on the first line a host reports: hosts with fixed lines and no report never hold it.
        private PortLines Lines()
        {
            if (_lines == null)
            {
                _lines = new PortLines();
            }

            return _lines;
        }

        // A port's state is made on its first frame: only the ports in use cost heap.
        private MeterPort Port(int port)
        {
            MeterPort p = _ports[port];
            if (p == null)
            {
                p = new MeterPort();
                _ports[port] = p;
            }

            return p;
        }

        // VMRS mode keeps at most the VMRS registers; full mode every numeric register.
        private int ReadingCapacity()
        {
            return _options.Mapping.Mode == MappingMode.Full ? MeterReading.DefaultCapacity : VmrsCatalog.Count;
        }
    }
}

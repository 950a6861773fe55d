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
    /// This file is the coordination; the rest of the class is in files named by purpose: GatewayRuntime.Ports
    /// (refused frames, sources, lines), .Link (link events), .Status (the will and the status message), .Commands
    /// (what the command handler asks), .SubMeters (full mode's M-Bus sub-meters), .Counters (for hosts).
    /// </remarks>
    public sealed partial class GatewayRuntime : IMqttLinkListener
    {
        /// <summary>Ports one gateway reads at most.</summary>
        public const int MaxPorts = 8;

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

        // ---- helpers ----

        private void ReportTelemetry(MeterPort p)
        {
            if (_store.StoreTelemetry(_reading, _reading.TimestampUnix, false))
            {
                ReportSchedule.Reported(p, _reading);
            }
        }

        // VMRS mode keeps at most the VMRS registers; full mode every numeric register.
        private int ReadingCapacity()
        {
            return _options.Mapping.Mode == MappingMode.Full ? MeterReading.DefaultCapacity : VmrsCatalog.Count;
        }
    }
}

using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The whole gateway between P1 telegrams and MQTT: maps each frame, decides what to report (schedule,
    /// deadbands, events), writes envelopes and events into the persistent outbox before publishing them, and
    /// pumps the outbox into the MQTT link, live messages first and the backlog throttled behind them.
    /// </summary>
    /// <remarks>
    /// Frames arrive from the port readers (<see cref="OnFrame"/>), acknowledgements from the link, and
    /// <see cref="Tick"/> drives timeouts, the comms_lost reports and the pump. Every entry point takes one
    /// lock, so the callers may be on different threads. A telegram allocates nothing, except that reporting an
    /// M-Bus sub-meter (full mode) builds its topic.
    /// </remarks>
    public sealed class GatewayRuntime : IMqttLinkListener
    {
        /// <summary>P1 ports one gateway reads at most.</summary>
        public const int MaxPorts = 8;

        private const int LostReportMinSeconds = 60;
        private const string HistSuffix = ",\"hist\":true}";

        private static readonly ObisCode ShortFailures = new ObisCode(0, 0, 96, 7, 21);
        private static readonly ObisCode LongFailures = new ObisCode(0, 0, 96, 7, 9);
        private static readonly ObisCode FailureLog = new ObisCode(1, 0, 99, 97, 0);
        private static readonly int[] SagCodes = { 32, 52, 72 };
        private static readonly string[] Phases = { "L1", "L2", "L3" };

        private readonly object _sync = new object();
        private readonly GatewayOptions _options;
        private readonly IGatewayClock _clock;
        private readonly PersistentOutbox _outbox;
        private readonly IMqttLink _link;
        private readonly VmrsMapper _mapper;
        private readonly EnvelopeWriter _envelope = new EnvelopeWriter();
        private readonly MessageWriter _message = new MessageWriter(4096);
        private readonly MeterReading[] _readings = new MeterReading[1 + P1.Mbus.MbusChannels.MaxChannel];
        private readonly MeterPort[] _ports = new MeterPort[MaxPorts];
        private readonly byte[] _statusTopic;
        private ICommandHandler _commands;

        private int _epoch;
        private bool _connected;
        private long _replayBudgetTickMs;
        private double _replayBudget;
        private long _lastStatusTickMs = long.MinValue;

        public GatewayRuntime(GatewayOptions options, IGatewayClock clock, PersistentOutbox outbox, IMqttLink link)
        {
            _options = options;
            _clock = clock;
            _outbox = outbox;
            _link = link;
            _mapper = new VmrsMapper(options.Mapping);
            for (int i = 0; i < _readings.Length; i++)
            {
                _readings[i] = new MeterReading();
            }

            for (int i = 0; i < MaxPorts; i++)
            {
                _ports[i] = new MeterPort();
            }

            StatusTopic = Topics.GatewayRoot(options.FeederId, options.GatewayId) + "/status";
            _statusTopic = AsciiBytes(StatusTopic);
        }

        /// <summary>The retained status topic: openami/v1/{feederId}/{gatewayId}/status.</summary>
        public string StatusTopic { get; private set; }

        /// <summary>Valid frames received (CRC ok, or a dialect without CRC).</summary>
        public long FramesOk { get; private set; }

        /// <summary>Frames with a bad CRC or a failed GCM tag.</summary>
        public long FramesBad { get; private set; }

        /// <summary>Envelopes and events acknowledged by the broker.</summary>
        public long Published { get; private set; }

        /// <summary>Telemetry envelopes written to the outbox.</summary>
        public long TelemetryWritten { get; private set; }

        /// <summary>Events written to the outbox.</summary>
        public long EventsWritten { get; private set; }

        /// <summary>Messages that could not be stored (too large for a record).</summary>
        public long Unstorable { get; private set; }

        /// <summary>Free managed heap in bytes as the platform last reported it, or -1 (for the status message).</summary>
        public long FreeHeapBytes { get; set; }

        /// <summary>True while the broker session is up.</summary>
        public bool Connected
        {
            get { return _connected; }
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

        /// <summary>Connects the link with the will, and publishes whatever the outbox holds once connected.</summary>
        public void Start()
        {
            lock (_sync)
            {
                FreeHeapBytes = FreeHeapBytes == 0 ? -1 : FreeHeapBytes;
                _message.Will(_options.FeederId, _options.GatewayId);
                byte[] will = new byte[_message.Json.Length];
                System.Array.Copy(_message.Json.Buffer, will, will.Length);
                _link.Start(_options.GatewayId + "-" + _options.FeederId, StatusTopic, will, this);
            }
        }

        /// <summary>
        /// Persists the counters, says "offline" on the status topic (a clean disconnect sends no will), and
        /// disconnects.
        /// </summary>
        public void Stop()
        {
            lock (_sync)
            {
                _outbox.Checkpoint();
                if (_connected && _link.IsConnected)
                {
                    _message.Will(_options.FeederId, _options.GatewayId);
                    _link.Publish(_statusTopic, 0, _statusTopic.Length, _message.Json.Buffer, 0, _message.Json.Length, 1, true);
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
                MeterPort p = _ports[port];
                long tick = _clock.TickMs;
                if (telegram.Crc == CrcStatus.Bad)
                {
                    FramesBad++;
                    NoteBadFrame(p, tick);
                    Pump();
                    return;
                }

                FramesOk++;
                int count = _mapper.Map(telegram, _clock.UtcNowUnix, _clock.IsTrusted, _readings);
                if (count == 0)
                {
                    return;
                }

                MeterReading reading = _readings[0];
                SetIdentity(p, reading);
                bool eventRaised = UpdateLiveness(p, tick, reading);
                eventRaised |= DetectEvents(p, telegram, reading, tick);

                bool report = ShouldReport(p, reading) | eventRaised | DeadbandReport(p, reading);
                p.Last.CopyFrom(reading);
                p.HasReading = true;
                if (report)
                {
                    WriteTelemetry(p, reading, false);
                    for (int i = 1; i < count; i++)
                    {
                        WriteSubMeter(_readings[i]);
                    }
                }

                Pump();
            }
        }

        /// <summary>An encrypted frame from port <paramref name="port"/> was rejected (tag, key).</summary>
        public void OnEncryptedFrameRejected(int port)
        {
            lock (_sync)
            {
                FramesBad++;
                NoteBadFrame(_ports[port], _clock.TickMs);
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
                    CheckLiveness(_ports[i], tick);
                }

                if (_connected && tick - _lastStatusTickMs >= _options.StatusPeriodSeconds * 1000L)
                {
                    PublishStatus();
                }

                Pump();
            }
        }

        /// <summary>Publishes a fresh telemetry envelope for every meter now (the "read now" and "resync" commands).</summary>
        public void ReportAllNow()
        {
            lock (_sync)
            {
                for (int i = 0; i < MaxPorts; i++)
                {
                    MeterPort p = _ports[i];
                    if (p.HasReading)
                    {
                        WriteTelemetry(p, p.Last, p.Lost);
                    }
                }

                Pump();
            }
        }

        /// <summary>Publishes the retained status message again (the "resync" command).</summary>
        public void RepublishStatus()
        {
            lock (_sync)
            {
                if (_connected)
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
                    _ports[i].LastReportSlot = -1;
                }
            }
        }

        /// <summary>The serial of the meter on <paramref name="port"/>, or null before its first frame.</summary>
        public string MeterSerial(int port)
        {
            lock (_sync)
            {
                return _ports[port].SerialText;
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
                byte[] topic = AsciiBytes(Topics.Event(_options.FeederId, _options.GatewayId, meterSerial));
                Store(MessageKind.Event, seq, topic, payload, 0, length, true);
                Pump();
            }
        }

        /// <summary>Hands out a sequence number for a message the command handler writes itself.</summary>
        public long NextSeq()
        {
            lock (_sync)
            {
                return _outbox.NextSeq();
            }
        }

        // ---- link events ----

        public void OnConnected()
        {
            lock (_sync)
            {
                _connected = true;
                _epoch++;
                _replayBudget = 0;
                _replayBudgetTickMs = _clock.TickMs;
                PublishStatus();
                if (_commands != null)
                {
                    _commands.OnConnected(_link);
                }

                Pump();
            }
        }

        public void OnDisconnected()
        {
            lock (_sync)
            {
                _connected = false;
                _epoch++; // what is made while offline is back-filled when it goes out
            }
        }

        public void OnPublishAcknowledged(int packetId)
        {
            lock (_sync)
            {
                if (_outbox.Acknowledge(packetId))
                {
                    Published++;
                }

                Pump();
            }
        }

        public void OnPublishLost(int packetId)
        {
            lock (_sync)
            {
                _outbox.Requeue(packetId);
            }
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            ICommandHandler handler;
            lock (_sync)
            {
                handler = _commands;
            }

            if (handler != null)
            {
                handler.OnMessage(topic, topicLength, payload, payloadLength);
            }
        }

        // ---- reporting ----

        private bool ShouldReport(MeterPort p, MeterReading reading)
        {
            if (_options.IntervalSeconds <= 0)
            {
                return true;
            }

            long slot = FloorDiv(reading.TimestampUnix, _options.IntervalSeconds);
            if (slot == p.LastReportSlot)
            {
                return false;
            }

            p.LastReportSlot = slot;
            return true;
        }

        private bool DeadbandReport(MeterPort p, MeterReading reading)
        {
            bool moved = Moved(reading, VmrsCatalog.PowerImport, p.HasReportedPower, p.ReportedPower, _options.PowerDeadbandWatts)
                || Moved(reading, VmrsCatalog.VoltageL1, p.HasReportedVoltage, p.ReportedVoltage, _options.VoltageDeadbandVolts);
            if (!moved || (p.LastDeadbandReportUnix != long.MinValue && reading.TimestampUnix - p.LastDeadbandReportUnix < _options.DeadbandMinPeriodSeconds))
            {
                return false;
            }

            p.LastDeadbandReportUnix = reading.TimestampUnix;
            return true;
        }

        private static bool Moved(MeterReading reading, int register, bool hasLast, P1Decimal last, int threshold)
        {
            int i = reading.FindVmrs(register);
            if (threshold <= 0 || i < 0 || !hasLast)
            {
                return false;
            }

            P1Decimal value = reading.GetNumber(i);
            P1Decimal difference = P1Decimal.Add(value, new P1Decimal(-last.Mantissa, last.Scale));
            if (difference.Mantissa < 0)
            {
                difference = new P1Decimal(-difference.Mantissa, difference.Scale);
            }

            return P1Decimal.Compare(difference, new P1Decimal(threshold, 0)) > 0;
        }

        private void WriteTelemetry(MeterPort p, MeterReading reading, bool commsLost)
        {
            MeterReading outgoing = reading;
            if (commsLost)
            {
                outgoing = p.Scratch;
                outgoing.CopyFrom(reading);
                outgoing.TimestampUnix = _clock.UtcNowUnix;
                for (int i = 0; i < outgoing.Count; i++)
                {
                    outgoing.SetQuality(i, Quality.CommsLost);
                }
            }

            long seq = _outbox.NextSeq();
            if (!_envelope.Write(outgoing, _options.FeederId, _options.GatewayId, null, seq))
            {
                Unstorable++;
                return;
            }

            RememberReported(p, outgoing);
            Store(MessageKind.Telemetry, seq, p.TelemetryTopic, _envelope.Buffer, 0, _envelope.Length, false);
        }

        private void WriteSubMeter(MeterReading reading)
        {
            string serial = OpenAmi.Text.Ascii.GetString(reading.Serial, 0, reading.SerialLength);
            byte[] topic = AsciiBytes(Topics.Telemetry(_options.FeederId, _options.GatewayId, serial));
            long seq = _outbox.NextSeq();
            if (_envelope.Write(reading, _options.FeederId, _options.GatewayId, null, seq))
            {
                Store(MessageKind.Telemetry, seq, topic, _envelope.Buffer, 0, _envelope.Length, false);
            }
        }

        private static void RememberReported(MeterPort p, MeterReading reading)
        {
            int power = reading.FindVmrs(VmrsCatalog.PowerImport);
            if (power >= 0)
            {
                p.ReportedPower = reading.GetNumber(power);
                p.HasReportedPower = true;
            }

            int voltage = reading.FindVmrs(VmrsCatalog.VoltageL1);
            if (voltage >= 0)
            {
                p.ReportedVoltage = reading.GetNumber(voltage);
                p.HasReportedVoltage = true;
            }
        }

        private void Store(int kind, long seq, byte[] topic, byte[] payload, int offset, int length, bool isEvent)
        {
            if (!_outbox.Append(kind, seq, topic, topic.Length, payload, offset, length, _connected ? _epoch : -2))
            {
                Unstorable++;
                return;
            }

            if (isEvent || kind == MessageKind.Event)
            {
                EventsWritten++;
            }
            else
            {
                TelemetryWritten++;
            }
        }

        // ---- liveness ----

        private bool UpdateLiveness(MeterPort p, long tick, MeterReading reading)
        {
            bool restored = false;
            if (p.SeenValidFrame)
            {
                long gap = tick - p.LastValidTickMs;
                if (gap > 0)
                {
                    // Smoothed telegram interval: DSMR 5 sends every second, DSMR 4 every ten.
                    p.IntervalMs = p.IntervalMs == 0 ? gap : ((p.IntervalMs * 7) + gap) / 8;
                }
            }

            if (p.Lost)
            {
                long down = (tick - p.LostSinceTickMs) / 1000;
                RaiseEvent(p, reading.TimestampUnix, "comms_restored");
                _message.Field("downS", down);
                FinishEvent(p);
                p.Lost = false;
                restored = true;
            }

            p.SeenValidFrame = true;
            p.LastValidTickMs = tick;
            return restored;
        }

        private void CheckLiveness(MeterPort p, long tick)
        {
            if (!p.SeenValidFrame || !p.HasReading)
            {
                return;
            }

            long timeout = p.IntervalMs * _options.CommsTimeoutFactor;
            long minimum = _options.CommsTimeoutMinSeconds * 1000L;
            if (timeout < minimum)
            {
                timeout = minimum;
            }

            long silent = tick - p.LastValidTickMs;
            if (!p.Lost && silent > timeout)
            {
                p.Lost = true;
                p.LostSinceTickMs = p.LastValidTickMs;
                long now = _clock.UtcNowUnix;
                RaiseEvent(p, now, "comms_lost");
                _message.TimeField("lastFrameTs", p.Last.TimestampUnix);
                _message.Field("silentS", silent / 1000);
                FinishEvent(p);
                WriteTelemetry(p, p.Last, true);
                p.LastLostReportSlot = FloorDiv(now, LostReportPeriod());
                return;
            }

            if (p.Lost)
            {
                long slot = FloorDiv(_clock.UtcNowUnix, LostReportPeriod());
                if (slot != p.LastLostReportSlot)
                {
                    p.LastLostReportSlot = slot;
                    WriteTelemetry(p, p.Last, true);
                }
            }
        }

        private int LostReportPeriod()
        {
            return _options.IntervalSeconds > LostReportMinSeconds ? _options.IntervalSeconds : LostReportMinSeconds;
        }

        // ---- events ----

        private bool DetectEvents(MeterPort p, Telegram telegram, MeterReading reading, long tick)
        {
            bool raised = false;
            long ts = reading.TimestampUnix;

            raised |= CheckBreaker(p, reading, ts);
            raised |= CheckFailures(p, telegram, ShortFailures, ref p.ShortFailures, "0.0.96.7.21.255", ts);
            raised |= CheckFailures(p, telegram, LongFailures, ref p.LongFailures, "0.0.96.7.9.255", ts);
            for (int phase = 0; phase < 3; phase++)
            {
                raised |= CheckCounter(p, telegram, new ObisCode(1, 0, SagCodes[phase], 32, 0), ref p.Sags[phase], "voltage_sag", phase, ts);
                raised |= CheckCounter(p, telegram, new ObisCode(1, 0, SagCodes[phase], 36, 0), ref p.Swells[phase], "voltage_swell", phase, ts);
            }

            raised |= CheckDecrease(p, reading, VmrsCatalog.ActiveImport, ref p.HasImport, ref p.Import, ts);
            raised |= CheckDecrease(p, reading, VmrsCatalog.ActiveExport, ref p.HasExport, ref p.Export, ts);
            raised |= CheckClock(p, reading, tick);
            if (!p.HasBaseline)
            {
                p.HasBaseline = true;
                return false; // the first frame only sets the baselines
            }

            return raised;
        }

        private bool CheckBreaker(MeterPort p, MeterReading reading, long ts)
        {
            int i = reading.FindVmrs(VmrsCatalog.DisconnectControl);
            if (i < 0)
            {
                return false;
            }

            string state = reading.GetEnum(i);
            string previous = p.Breaker;
            p.Breaker = state;
            if (!p.HasBaseline || previous == null || previous == state)
            {
                return false;
            }

            RaiseEvent(p, ts, "breaker_state");
            _message.Field("from", previous);
            _message.Field("to", state);
            FinishEvent(p);
            return true;
        }

        private bool CheckFailures(MeterPort p, Telegram telegram, ObisCode code, ref long last, string key, long ts)
        {
            long previous;
            long value;
            bool present;
            if (!CounterRose(p, telegram, code, ref last, out previous, out value, out present))
            {
                if (present)
                {
                    RememberFailureLog(p, telegram, false, ts);
                }

                return false;
            }

            RaiseEvent(p, ts, "power_failure");
            _message.Field("counter", key);
            _message.Field("from", previous);
            _message.Field("to", value);
            RememberFailureLog(p, telegram, true, ts);
            FinishEvent(p);
            return true;
        }

        // Adds the failure-log entries newer than the last seen to the event being written (when writing).
        private void RememberFailureLog(MeterPort p, Telegram telegram, bool write, long ts)
        {
            int index = telegram.Find(FailureLog);
            ProfileBuffer log;
            if (index < 0 || !telegram.TryGetProfile(index, out log))
            {
                return;
            }

            long newest = p.LastFailureLogEnd;
            bool first = true;
            if (write)
            {
                _message.BeginList("log");
            }

            for (int r = 0; r < log.Entries; r++)
            {
                P1Timestamp end;
                P1Decimal duration;
                if (!telegram.TryGetTimestamp(log.GroupOf(r, 0), out end) || !end.IsValid || !telegram.TryGetNumber(log.GroupOf(r, 1), out duration))
                {
                    continue;
                }

                MappingOptions m = _options.Mapping;
                long endUnix = end.ToUnixSeconds(m.SummerOffsetMinutes, m.WinterOffsetMinutes, m.NoSeasonOffsetMinutes);
                if (endUnix > newest)
                {
                    newest = endUnix;
                }

                if (write && endUnix > p.LastFailureLogEnd)
                {
                    JsonBuffer j = _message.Json;
                    j.Raw(first ? "{\"end\":" : ",{\"end\":");
                    j.IsoTime(endUnix);
                    j.Raw(",\"durationS\":");
                    j.Number(duration);
                    j.Raw('}');
                    first = false;
                }
            }

            if (write)
            {
                _message.EndList();
            }

            p.LastFailureLogEnd = newest;
        }

        private bool CheckCounter(MeterPort p, Telegram telegram, ObisCode code, ref long last, string type, int phase, long ts)
        {
            long previous;
            long value;
            bool present;
            if (!CounterRose(p, telegram, code, ref last, out previous, out value, out present))
            {
                return false;
            }

            RaiseEvent(p, ts, type);
            _message.Field("phase", Phases[phase]);
            _message.Field("from", previous);
            _message.Field("to", value);
            FinishEvent(p);
            return true;
        }

        // Reads a meter counter into last; true when it rose since the previous telegram (after the baseline).
        private bool CounterRose(MeterPort p, Telegram telegram, ObisCode code, ref long last, out long previous, out long value, out bool present)
        {
            previous = last;
            present = ReadCounter(telegram, code, out value);
            if (!present)
            {
                return false;
            }

            last = value;
            return p.HasBaseline && previous >= 0 && value > previous;
        }

        private bool CheckDecrease(MeterPort p, MeterReading reading, int register, ref bool hasLast, ref P1Decimal last, long ts)
        {
            int i = reading.FindVmrs(register);
            if (i < 0)
            {
                return false;
            }

            P1Decimal value = reading.GetNumber(i);
            bool decreased = hasLast && P1Decimal.Compare(value, last) < 0;
            P1Decimal previous = last;
            last = value;
            hasLast = true;
            if (!decreased)
            {
                return false;
            }

            RaiseEvent(p, ts, "register_decrease");
            _message.Field("obis", VmrsCatalog.KeyOf(register));
            _message.Field("from", previous);
            _message.Field("to", value);
            FinishEvent(p);
            return true;
        }

        private bool CheckClock(MeterPort p, MeterReading reading, long tick)
        {
            if (!reading.TimestampFromMeter)
            {
                return false;
            }

            bool jumped = false;
            if (p.HasMeterClock && _options.ClockJumpSeconds > 0)
            {
                long meterDelta = reading.TimestampUnix - p.MeterClockUnix;
                long gatewayDelta = (tick - p.MeterClockTickMs) / 1000;
                long drift = meterDelta - gatewayDelta;
                if (drift > _options.ClockJumpSeconds || -drift > _options.ClockJumpSeconds)
                {
                    RaiseEvent(p, reading.TimestampUnix, "clock_jump");
                    _message.TimeField("expected", p.MeterClockUnix + gatewayDelta);
                    _message.TimeField("meter", reading.TimestampUnix);
                    _message.Field("jumpS", drift);
                    FinishEvent(p);
                    jumped = true;
                }
            }

            p.HasMeterClock = true;
            p.MeterClockUnix = reading.TimestampUnix;
            p.MeterClockTickMs = tick;
            return jumped;
        }

        private void NoteBadFrame(MeterPort p, long tick)
        {
            long[] ticks = p.BadFrameTicks;
            ticks[p.BadFrameCount % ticks.Length] = tick;
            p.BadFrameCount++;
            int needed = _options.CrcBurstCount;
            if (needed <= 0 || needed > ticks.Length || p.BadFrameCount < needed || p.SerialLength == 0)
            {
                return;
            }

            long window = _options.CrcBurstWindowSeconds * 1000L;
            long oldest = ticks[(p.BadFrameCount - needed) % ticks.Length];
            if (tick - oldest > window || (p.LastCrcEventTickMs != long.MinValue && tick - p.LastCrcEventTickMs < window))
            {
                return;
            }

            p.LastCrcEventTickMs = tick;
            RaiseEvent(p, _clock.UtcNowUnix, "crc_errors");
            _message.Field("count", needed);
            _message.Field("windowS", _options.CrcBurstWindowSeconds);
            FinishEvent(p);
        }

        private void RaiseEvent(MeterPort p, long tsUnix, string type)
        {
            _message.BeginEvent(tsUnix, _options.FeederId, _options.GatewayId, p.Serial, p.SerialLength, type);
        }

        private void FinishEvent(MeterPort p)
        {
            long seq = _outbox.NextSeq();
            if (!_message.EndEvent(seq))
            {
                Unstorable++;
                return;
            }

            Store(MessageKind.Event, seq, p.EventTopic, _message.Json.Buffer, 0, _message.Json.Length, true);
        }

        // ---- publishing ----

        private void Pump()
        {
            if (!_connected || !_link.IsConnected)
            {
                return;
            }

            long tick = _clock.TickMs;
            _replayBudget += (tick - _replayBudgetTickMs) * _options.ReplayPerSecond / 1000.0;
            if (_replayBudget > _options.ReplayPerSecond)
            {
                _replayBudget = _options.ReplayPerSecond;
            }

            _replayBudgetTickMs = tick;
            while (_outbox.Inflight < _options.InflightWindow)
            {
                int entry = _outbox.NextToPublish(_epoch, _replayBudget >= 1);
                if (entry < 0)
                {
                    return;
                }

                int topicLength;
                int payloadOffset;
                int payloadLength;
                if (!_outbox.Load(entry, out topicLength, out payloadOffset, out payloadLength))
                {
                    continue;
                }

                bool backfill = _outbox.IsBackfill(entry, _epoch);
                byte[] record = _outbox.RecordBuffer;
                if (backfill)
                {
                    // "hist":true goes in at publish time: whether a message is back-filled is known only then.
                    int at = payloadOffset + payloadLength - 1;
                    for (int i = 0; i < HistSuffix.Length; i++)
                    {
                        record[at + i] = (byte)HistSuffix[i];
                    }

                    payloadLength += HistSuffix.Length - 1;
                    _replayBudget -= 1;
                }

                int packetId = _link.Publish(record, PersistentOutbox.TopicOffset, topicLength, record, payloadOffset, payloadLength, 1, false);
                if (packetId < 0)
                {
                    return;
                }

                _outbox.MarkInflight(entry, packetId);
            }
        }

        private void PublishStatus()
        {
            _lastStatusTickMs = _clock.TickMs;
            JsonBuffer j = _message.Json;
            j.Clear();
            j.Raw("{\"status\":\"online\",\"ts\":");
            j.IsoTime(_clock.UtcNowUnix);
            j.Raw(",\"feederId\":");
            j.String(_options.FeederId);
            j.Raw(",\"gatewayId\":");
            j.String(_options.GatewayId);
            j.Raw(",\"software\":");
            j.String(_options.Software);
            j.Raw(",\"configHash\":");
            j.String(_options.ConfigHash);
            j.Raw(",\"clockTrusted\":");
            j.Raw(_clock.IsTrusted ? "true" : "false");
            j.Raw(",\"meters\":[");
            bool first = true;
            for (int i = 0; i < MaxPorts; i++)
            {
                MeterPort p = _ports[i];
                if (p.SerialLength > 0)
                {
                    j.Raw(first ? "{" : ",{");
                    j.Raw("\"port\":");
                    j.Number(i);
                    j.Raw(",\"meterSerial\":");
                    j.String(p.Serial, 0, p.SerialLength);
                    j.Raw(",\"state\":");
                    j.String(p.Lost ? "comms_lost" : "ok");
                    j.Raw('}');
                    first = false;
                }
            }

            j.Raw("],\"registers\":[");
            first = true;
            for (int r = 0; r < VmrsCatalog.Count; r++)
            {
                if (AnyMeterHas(r))
                {
                    j.Raw(first ? "" : ",");
                    j.String(VmrsCatalog.KeyOf(r));
                    first = false;
                }
            }

            j.Raw("],\"counters\":{\"framesOk\":");
            j.Number(FramesOk);
            j.Raw(",\"framesBad\":");
            j.Number(FramesBad);
            j.Raw(",\"published\":");
            j.Number(Published);
            j.Raw(",\"queued\":");
            j.Number(_outbox.Unacknowledged);
            j.Raw(",\"droppedTelemetry\":");
            j.Number(_outbox.DroppedTelemetry);
            j.Raw(",\"droppedEvents\":");
            j.Number(_outbox.DroppedEvents);
            j.Raw(",\"damagedRecords\":");
            j.Number(_outbox.DamagedRecords);
            j.Raw(",\"lastSeq\":");
            j.Number(_outbox.LastSeq);
            j.Raw('}');
            if (FreeHeapBytes >= 0)
            {
                j.Raw(",\"freeHeapBytes\":");
                j.Number(FreeHeapBytes);
            }

            j.Raw('}');
            if (!j.Overflowed)
            {
                _link.Publish(_statusTopic, 0, _statusTopic.Length, j.Buffer, 0, j.Length, 1, true);
            }
        }

        private bool AnyMeterHas(int register)
        {
            for (int i = 0; i < MaxPorts; i++)
            {
                if (_ports[i].HasReading && _ports[i].Last.FindVmrs(register) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        // ---- helpers ----

        private void SetIdentity(MeterPort p, MeterReading reading)
        {
            if (p.SerialLength == reading.SerialLength && reading.SerialEquals(p.Serial, p.SerialLength))
            {
                return;
            }

            // A new meter on this port (or the first): new topics, new baselines.
            System.Array.Copy(reading.Serial, p.Serial, reading.SerialLength);
            p.SerialLength = reading.SerialLength;
            p.SerialText = OpenAmi.Text.Ascii.GetString(reading.Serial, 0, reading.SerialLength);
            p.TelemetryTopic = AsciiBytes(Topics.Telemetry(_options.FeederId, _options.GatewayId, p.SerialText));
            p.EventTopic = AsciiBytes(Topics.Event(_options.FeederId, _options.GatewayId, p.SerialText));
            p.HasBaseline = false;
            p.LastReportSlot = -1;
            p.HasImport = false;
            p.HasExport = false;
            p.HasMeterClock = false;
            p.Breaker = null;
            p.LastFailureLogEnd = long.MinValue;
        }

        private static bool ReadCounter(Telegram telegram, ObisCode code, out long value)
        {
            value = 0;
            int index = telegram.Find(code.Key);
            return index >= 0 && telegram.GetGroupCount(index) > 0 && telegram.TryGetInteger(telegram.GetFirstGroup(index), out value);
        }

        private static long FloorDiv(long value, long divisor)
        {
            long q = value / divisor;
            return (value % divisor != 0 && value < 0) ? q - 1 : q;
        }

        private static byte[] AsciiBytes(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}

using OpenAmi.Capture;
using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Iec62056;
using OpenAmi.Meters;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// The firmware's wiring and main loop, free of nanoFramework APIs so that the same code runs on the ESP32 and
    /// in the desktop simulation: P1 lines into the core's decoders, the gateway runtime, commands, the data-request
    /// lines, the status LED, the watchdog and the heap report. Program.cs only builds the adapters and turns the loop.
    /// </summary>
    public sealed class FirmwareHost
    {
        /// <summary>Pause between loop turns: the UART buffers meanwhile (2 KiB holds 170 ms at 115200 baud).</summary>
        public const int LoopSleepMs = 50;

        /// <summary>Bound on one IEC 62056-21 readout on the device (the longest register readouts are about 1.5 KB).</summary>
        public const int ReadoutCapacity = 2048;

        /// <summary>Telegrams the console's support capture keeps per port (one flash file each).</summary>
        public const int CaptureSlots = 20;

        /// <summary>A capture stops by itself after a day: one forgotten does not keep rewriting the flash.</summary>
        public const long CaptureMaxMs = 24L * 3600 * 1000;

        /// <summary>How often free heap is measured (a compaction pass is not free on the device).</summary>
        public const long HeapSampleMs = 60000;

        private readonly FirmwareConfig _config;
        private readonly FirmwareDevices _devices;
        private readonly GatewayRuntime _runtime;
        private readonly PortDecoder[] _decoders;
        private readonly RequestLine[] _requests;
        private readonly ModeCRequester[] _readouts;
        private readonly long[] _readoutStartMs;
        private readonly CommandProcessor _commands;
        private readonly Watchdog _watchdog;

        // line = auto: each searching port's search, the candidates it tries in order, and the one stored for the next
        // boot (a blob written only when the locked setting changes: flash wear is one write per new installation).
        private static readonly string[] LineBlobNames = { "line-1", "line-2" };
        private readonly LineSearch[] _searches;
        private readonly int[][] _lineOrder;
        private readonly int[] _storedLine;
        private readonly byte[] _lineBlob = new byte[1];
        private long _lineLockedAtMs = long.MinValue;

        // The console's support capture: one per port while it is on.
        private static readonly string CaptureKeyBlob = "capture-key";
        private TelegramCapture[] _captures;
        private long _captureUntilMs;
        private readonly byte[] _readBuffer = new byte[512];
        private long _lastHeapSampleMs = long.MinValue;
        private long _framesOkSeen;
        private long _lastGoodFrameMs;
        private long _framesBadSeen;
        private long _lastBadFrameMs = long.MinValue;
        private bool _ledLit;

        /// <summary>
        /// Outbox bounds for the ESP32: 12 × 16 KiB of internal flash, at most 192 records (about 2 days of one meter at
        /// 15-minute reports), records up to 3 KiB (the largest envelope of the corpus, Luxembourg's in full mode, is
        /// 2.7 KiB; OutboxDeviceBudgetTests holds every one to it), and 1.25 KiB of memory for messages the flash cannot
        /// take. About 7.9 KB of heap in all (the same tests hold it under 8 KB).
        /// </summary>
        public static OutboxOptions DeviceOutbox()
        {
            var options = new OutboxOptions();
            options.SegmentBytes = 16 * 1024;
            options.MaxSegments = 12;
            options.MaxRecords = 192;
            options.MaxRecordBytes = 3072;
            options.MaxInflight = 16;
            options.MemoryQueueBytes = 1280;
            options.MemoryQueueRecords = 6;
            options.CheckpointEveryAcks = 16;
            options.StorageRetrySeconds = 30;
            return options;
        }

        public FirmwareHost(FirmwareConfig config, FirmwareDevices devices, OutboxOptions outboxOptions)
        {
            _config = config;
            _devices = devices;
            var outbox = new PersistentOutbox(devices.OutboxStore, outboxOptions);
            _runtime = new GatewayRuntime(config.Options, devices.Clock, outbox, devices.Link);
            _decoders = new PortDecoder[config.Ports];
            _requests = new RequestLine[config.Ports];
            _readouts = new ModeCRequester[config.Ports];
            _readoutStartMs = new long[config.Ports];
            _searches = new LineSearch[config.Ports];
            _lineOrder = new int[config.Ports][];
            _storedLine = new int[config.Ports];
            for (int i = 0; i < config.Ports; i++)
            {
                IBlockCipher cipher = config.MeterKey == null ? null : devices.Aes.Create(config.MeterKey);
                _decoders[i] = new PortDecoder(_runtime, i, cipher == null ? null : new AesGcm(cipher), cipher, config.MeterAad, config.AllowPlaintext, config.Protocol[i]);
                _requests[i] = new RequestLine(devices.RequestPins[i], config.RequestPulse, config.RequestIntervalSeconds);
                IIecLine iec = devices.IecLines == null ? null : devices.IecLines[i];
                if (config.Protocol[i] == MeterFormat.Iec62056 && config.IecRequest && iec != null)
                {
                    // Readouts go straight to the port's decoder, which parses them like any frame.
                    _readouts[i] = new ModeCRequester(iec, _decoders[i], ReadoutCapacity);
                    _readouts[i].MaxBaudRate = config.IecMaxBaud;
                    _readouts[i].SetAddress(config.IecAddress);
                    _readoutStartMs[i] = long.MinValue;
                }
            }

            if (config.CommandKeys != null)
            {
                var options = new CommandOptions();
                options.FeederId = config.Options.FeederId;
                options.GatewayId = config.Options.GatewayId;
                options.Keys = config.CommandKeys;
                _commands = new CommandProcessor(options, _runtime, devices.Clock, devices.Hmac, devices.Blobs, devices.Actions);
                _runtime.SetCommandHandler(_commands);
            }

            long now = devices.Clock.TickMs;
            for (int i = 0; i < config.Ports; i++)
            {
                StartLine(i, now);
            }

            _watchdog = new Watchdog(120000, 60L * 60000, now);
            _lastGoodFrameMs = now;
        }

        public GatewayRuntime Runtime
        {
            get { return _runtime; }
        }

        /// <summary>The command processor, or null when no command key is configured.</summary>
        public CommandProcessor Commands
        {
            get { return _commands; }
        }

        public Watchdog Watchdog
        {
            get { return _watchdog; }
        }

        /// <summary>What the LED shows now.</summary>
        public DeviceState State { get; private set; }

        /// <summary>Whether a port's line is being searched (line = auto, not locked yet).</summary>
        public bool IsSearching(int port)
        {
            return _searches[port] != null && !_searches[port].Locked;
        }

        /// <summary>The settings a port's line runs with now, as the status names them ("9600-7E1-not-inverted").</summary>
        public string LineOf(int port)
        {
            if (_searches[port] == null)
            {
                return _config.LineText(port);
            }

            byte[] json = P1LineCandidates.JsonOf(_lineOrder[port][_searches[port].Current]);
            return OpenAmi.Text.Ascii.GetString(json, 1, json.Length - 2);
        }

        /// <summary>Frames seen on a port (for tests and the console).</summary>
        public int FramesOn(int port)
        {
            return _decoders[port].Frames;
        }

        // A mode C port: a readout every iec_interval_s, driven a step per loop turn.
        private void PollReadout(int port, long now)
        {
            ModeCRequester readout = _readouts[port];
            int state = readout.State;
            bool running = state != ModeCRequester.StateIdle && state != ModeCRequester.StateDone && state != ModeCRequester.StateFailed;
            if (!running)
            {
                long start = _readoutStartMs[port];
                if (start != long.MinValue && now - start < _config.IecIntervalSeconds * 1000L)
                {
                    return;
                }

                _readoutStartMs[port] = now;
                readout.Start(now);
            }

            readout.Poll(now);
        }

        /// <summary>Connects the MQTT link (with its will) and raises the request lines.</summary>
        public void Start()
        {
            // Measured before connecting, so the first status message (sent on connect) carries it.
            _lastHeapSampleMs = _devices.Clock.TickMs;
            _runtime.FreeHeapBytes = _devices.Memory.FreeBytes();
            _runtime.Start();
            Poll();
        }

        /// <summary>
        /// One loop turn: drain the UARTs into the decoders, drive the request lines, let the runtime report and
        /// publish, sample the heap, update the LED. Returns false when the watchdog asks for a reboot.
        /// </summary>
        public bool Poll()
        {
            long now = _devices.Clock.TickMs;
            for (int port = 0; port < _decoders.Length; port++)
            {
                if (_readouts[port] != null)
                {
                    PollReadout(port, now);
                    continue;
                }

                // Bounded, so a line that never pauses cannot starve the rest of the loop.
                for (int chunk = 0; chunk < 16; chunk++)
                {
                    int n = _devices.Lines[port].Read(_readBuffer, 0, _readBuffer.Length);
                    if (n <= 0)
                    {
                        break;
                    }

                    TelegramCapture[] captures = _captures;
                    if (captures != null)
                    {
                        captures[port].Write(_readBuffer, 0, n);
                    }

                    _decoders[port].Write(_readBuffer, 0, n);
                }

                LineSearch search = _searches[port];
                if (search != null)
                {
                    PortDecoder decoder = _decoders[port];
                    int valid = decoder.Acceptance.CountOf(FrameVerdict.Accepted);
                    int outcome = search.Update(now, valid, decoder.Frames - valid);
                    if (outcome != LineSearch.Unchanged)
                    {
                        OnLineSearch(port, outcome, now);
                    }
                }

                _requests[port].Update(now, _decoders[port].Frames);
            }

            if (_captures != null && now >= _captureUntilMs)
            {
                _captures = null;
            }

            if (now - _lastHeapSampleMs >= HeapSampleMs)
            {
                _lastHeapSampleMs = now;
                _runtime.FreeHeapBytes = _devices.Memory.FreeBytes();
            }

            _runtime.Tick();
            UpdateState(now);
            _watchdog.LoopTurned(now, _runtime.Published);
            // On cellular the network stack is the modem's, and the link power-cycles it itself (a SIM missing for
            // an hour is no reason to reboot the ESP32): only a stuck loop reboots there.
            return _config.Network == NetworkKind.Cellular || !_watchdog.PublishingStalled(now);
        }

        /// <summary>
        /// The console's <c>capture</c> command: <c>on</c> keeps the last <see cref="CaptureSlots"/> telegrams of each port
        /// on flash (bad CRCs included, exactly as received) for at most a day, <c>off</c> stops, <c>export</c> prints them
        /// on <paramref name="console"/> as a file for a bug report (ids and text messages replaced by a keyed hash).
        /// Returns the answer to print.
        /// </summary>
        public string Capture(string args, ICaptureWriter console)
        {
            ICaptureStore store = _devices.Captures;
            if (store == null)
            {
                return "capture: this device has no capture store";
            }

            if (args == "on")
            {
                var captures = new TelegramCapture[_decoders.Length];
                for (int i = 0; i < captures.Length; i++)
                {
                    captures[i] = new TelegramCapture(store, i);
                }

                _captureUntilMs = _devices.Clock.TickMs + CaptureMaxMs;
                _captures = captures;
                return "capture on: the last " + store.Slots + " telegrams of each port are kept on flash for 24 hours; 'capture export' prints them";
            }

            if (args == "off")
            {
                _captures = null;
                return "capture off; what it kept stays until the next 'capture on' overwrites it";
            }

            if (args == "export")
            {
                int telegrams = CaptureExport.Write(store, _decoders.Length, CaptureKey(), _devices.Hmac, console);
                return "capture export: " + telegrams + " telegram(s) above; save everything from the first '# OpenAMI' line into a file and attach it";
            }

            return (_captures != null ? "capture is on" : "capture is off") + "; usage: capture on | off | export";
        }

        // The redaction key, made once and kept on flash. nanoFramework offers no cryptographic generator, and
        // System.Random may be seeded from the clock, so its bytes are only the message of an HMAC keyed with the
        // device's own secrets (Wi-Fi and MQTT passwords, meter key): whoever lacks them cannot rebuild the key and
        // so cannot test guessed serials against the pseudonyms of an export.
        private byte[] CaptureKey()
        {
            byte[] key = new byte[32];
            if (_devices.Blobs != null && _devices.Blobs.Read(CaptureKeyBlob, key) == key.Length)
            {
                return key;
            }

            byte[] seed = new byte[40];
            var random = new System.Random();
            var mixed = new System.Random((int)(_devices.Clock.TickMs ^ _runtime.FramesOk ^ _devices.Clock.UtcNowUnix));
            for (int i = 0; i < 32; i++)
            {
                seed[i] = (byte)(random.Next(256) ^ mixed.Next(256));
            }

            LittleEndian.WriteInt64(seed, 32, _devices.Clock.TickMs);
            string secrets = (_config.WifiPassword ?? string.Empty) + "\n" + (_config.Password ?? string.Empty);
            byte[] secret = new byte[secrets.Length + (_config.MeterKey != null ? _config.MeterKey.Length : 0) + 1];
            for (int i = 0; i < secrets.Length; i++)
            {
                secret[i] = (byte)secrets[i];
            }

            if (_config.MeterKey != null)
            {
                System.Array.Copy(_config.MeterKey, 0, secret, secrets.Length, _config.MeterKey.Length);
            }

            _devices.Hmac.Compute(secret, seed, 0, seed.Length, key);
            if (_devices.Blobs != null)
            {
                _devices.Blobs.Write(CaptureKeyBlob, key, key.Length);
            }

            return key;
        }

        /// <summary>Says "offline" on the status topic and disconnects (before a reboot).</summary>
        public void Stop()
        {
            _runtime.Stop();
        }

        // A P1 port with line = auto on a line that can be reopened searches; every port's line goes into the status.
        private void StartLine(int port, long now)
        {
            IConfigurableLine line = _devices.Lines == null ? null : _devices.Lines[port] as IConfigurableLine;
            if (!_config.LineAuto[port] || _config.Protocol[port] != MeterFormat.P1 || line == null)
            {
                _runtime.ReportLine(port, JsonBuffer.Quote(_config.LineText(port)), GatewayRuntime.LineFixed);
                return;
            }

            int configured = P1LineCandidates.Of(_config.LineBaud[port], _config.LineDataBits[port], _config.LineParity[port], _config.PortInvert[port]);
            _storedLine[port] = -1;
            if (_devices.Blobs != null && _devices.Blobs.Read(LineBlobNames[port], _lineBlob) == 1 && _lineBlob[0] < P1LineCandidates.Count)
            {
                _storedLine[port] = _lineBlob[0];
            }

            int[] order = P1LineCandidates.For(_config.InvertFixed[port], _config.PortInvert[port], _storedLine[port] >= 0 ? _storedLine[port] : configured);
            _lineOrder[port] = order;
            _searches[port] = new LineSearch(order.Length, 0, now);
            if (order[0] != configured)
            {
                ApplyLine(port, order[0]);
            }

            _runtime.ReportLine(port, P1LineCandidates.JsonOf(order[0]), GatewayRuntime.LineSearching);
        }

        private void OnLineSearch(int port, int outcome, long now)
        {
            int candidate = _lineOrder[port][_searches[port].Current];
            if (outcome == LineSearch.Switched)
            {
                ApplyLine(port, candidate);
                _runtime.ReportLine(port, P1LineCandidates.JsonOf(candidate), GatewayRuntime.LineSearching);
            }
            else if (outcome == LineSearch.LockedNow)
            {
                _lineLockedAtMs = now;
                _runtime.ReportLine(port, P1LineCandidates.JsonOf(candidate), GatewayRuntime.LineLocked);
                if (_storedLine[port] != candidate && _devices.Blobs != null)
                {
                    _lineBlob[0] = (byte)candidate;
                    _devices.Blobs.Write(LineBlobNames[port], _lineBlob, 1);
                    _storedLine[port] = candidate;
                }
            }
            else
            {
                _runtime.ReportLine(port, P1LineCandidates.JsonOf(candidate), GatewayRuntime.LineSearching);
            }
        }

        // The line reopened with a candidate; what the framer held of the old one's garbage (an open value, a frame begun)
        // would swallow the first telegram of the new one.
        private void ApplyLine(int port, int candidate)
        {
            _decoders[port].Stream.Reset();
            ((IConfigurableLine)_devices.Lines[port]).Configure(
                P1LineCandidates.BaudOf(candidate), P1LineCandidates.DataBitsOf(candidate), P1LineCandidates.ParityOf(candidate), 1,
                P1LineCandidates.InvertOf(candidate));
        }

        private bool AnySearching()
        {
            for (int i = 0; i < _searches.Length; i++)
            {
                if (IsSearching(i))
                {
                    return true;
                }
            }

            return false;
        }

        private void UpdateState(long now)
        {
            if (_runtime.FramesOk != _framesOkSeen)
            {
                _framesOkSeen = _runtime.FramesOk;
                _lastGoodFrameMs = now;
            }

            if (_runtime.FramesBad != _framesBadSeen)
            {
                _framesBadSeen = _runtime.FramesBad;
                _lastBadFrameMs = now;
            }

            long silenceLimitMs = (long)_config.Options.CommsTimeoutMinSeconds * 1000;
            if (!_devices.Network.IsUp)
            {
                State = DeviceState.NetworkDown;
            }
            else if (!_runtime.Connected)
            {
                State = DeviceState.BrokerDown;
            }
            else if (_lineLockedAtMs != long.MinValue && now - _lineLockedAtMs < StatusLed.LockedShowMs)
            {
                State = DeviceState.LineLocked;
            }
            else if (AnySearching())
            {
                State = DeviceState.Searching;
            }
            else if (now - _lastGoodFrameMs > silenceLimitMs)
            {
                State = DeviceState.NoMeterData;
            }
            else if (_lastBadFrameMs != long.MinValue && now - _lastBadFrameMs < silenceLimitMs)
            {
                State = DeviceState.BadCrc;
            }
            else
            {
                State = DeviceState.Running;
            }

            bool lit = StatusLed.IsLit(State, now);
            if (lit != _ledLit)
            {
                _ledLit = lit;
                _devices.Led.Write(lit);
            }
        }
    }
}

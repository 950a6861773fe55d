using System.Reflection;
using System.Runtime.InteropServices;
using OpenAmi.Commands;
using OpenAmi.Config;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop;
using OpenAmi.Desktop.Gateway;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Desktop.Sources;
using OpenAmi.Desktop.Storage;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami gateway</c>: the whole gateway on a Linux box. P1 sources in (capture files, serial ports, TCP serial
/// servers), the portable runtime in the middle, MQTT (or stdout) out, with the persistent outbox on disk.
/// </summary>
public static class GatewayCommand
{
    public const string UsageText = """
        usage: openami gateway [--source FILE|serial:DEV[:BAUD[:8N1]]|tcp:HOST:PORT]... [--fast]
                               [--broker mqtt://HOST:PORT|mqtts://HOST:PORT [--ca FILE] [--cert FILE --cert-key FILE]
                                [--user U [--password P]] [--mqtt-version 3.1.1|5]] [--outbox DIR] [--feeder F] [--gateway G] [--interval S]
                               [--mode vmrs|full] [--local-offset MIN] [--deadband-power W] [--deadband-voltage V]
                               [--comms-timeout S] [--drain-timeout S] [--key HEX [--aad HEX|none] [--allow-plaintext]] [--config FILE]
                               [--command-key HEX [--command-key-id ID] [--relay-file PATH]]
        Without --source it replays the bundled DSMR 5 sample; without --broker it prints each topic and payload.
        With --key a port takes only encrypted telegrams; --allow-plaintext also takes plaintext ones.
        """;

    /// <summary>Every setting a config file may hold, with its command-line twin.</summary>
    public static readonly string[] ConfigKeys =
    [
        "source", "fast", "broker", "ca", "cert", "cert_key", "user", "password", "mqtt_version", "outbox", "feeder", "gateway",
        "interval", "mode", "local_offset", "voltage_min", "voltage_max", "deadband_power_w", "deadband_voltage_v",
        "deadband_period_s", "comms_timeout_s", "drain_timeout_s", "key", "aad", "allow_plaintext", "trust_clock",
        "command_key_previous", "command_key_previous_id", "relay_file", "status_every_s",
        // Settings of the ESP32 firmware, accepted so one file can serve both.
        "board", "network", "wifi_ssid", "wifi_password", "command_key", "command_key_id", "ports", "request_mode",
        "request_interval_s", "sntp_server", "apn", "p1_line", "invert",
        "protocol", "protocol_2", "line", "line_2", "invert_2", "iec_mode", "iec_interval_s", "iec_max_baud", "iec_address",
    ];

    private static readonly string[] ValueOptions =
    [
        "--source", "--broker", "--ca", "--cert", "--cert-key", "--user", "--password", "--mqtt-version", "--outbox", "--feeder", "--gateway",
        "--interval", "--mode", "--local-offset", "--deadband-power", "--deadband-voltage", "--comms-timeout",
        "--drain-timeout", "--key", "--aad", "--config", "--status-every", "--trust-clock", "--format",
        "--command-key", "--command-key-id", "--command-key-previous", "--command-key-previous-id", "--relay-file",
    ];

    /// <summary>Exit status when a signed reboot command asks the gateway to restart (its service manager does it).</summary>
    public const int RestartRequested = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        string? error = Settings.Read(args, out Settings settings);
        if (error != null)
        {
            stderr.WriteLine($"openami gateway: {error}");
            stderr.WriteLine(UsageText);
            return ExitCodes.Usage;
        }

        using var store = new FileRecordStore(settings.Outbox);
        var outbox = new PersistentOutbox(store, new OutboxOptions());
        settings.Mqtt.Log = line =>
        {
            lock (stderr)
            {
                stderr.WriteLine("mqtt: " + line);
            }
        };
        IMqttLink link = settings.Broker == null ? new ConsoleLink(stdout) : new MqttClient(settings.Mqtt);
        var clock = new SystemGatewayClock { IsTrusted = settings.TrustClock };
        var runtime = new GatewayRuntime(settings.Options, clock, outbox, link);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bool restart = false;
        CommandProcessor? commands = null;
        if (settings.CommandKeys != null)
        {
            var actions = new DesktopDeviceActions(settings.RelayFile, () =>
            {
                restart = true;
                stop.CancelAfter(TimeSpan.FromSeconds(2)); // time to publish the result first
            });
            commands = new CommandProcessor(
                new CommandOptions { FeederId = settings.Options.FeederId, GatewayId = settings.Options.GatewayId, Keys = settings.CommandKeys },
                runtime, clock, new BclHmacSha256(), new FileBlobStore(Path.Combine(settings.Outbox, "commands")), actions);
            runtime.SetCommandHandler(commands);
        }

        stderr.WriteLine($"openami gateway {settings.Options.FeederId}/{settings.Options.GatewayId}: "
            + $"{settings.Sources.Count} source(s), {(settings.Broker == null ? "stdout" : MqttClientOptions.Redact(settings.Broker))}, outbox {settings.Outbox} "
            + $"({outbox.RecoveredRecords} message(s) recovered{(outbox.DamagedRecords > 0 ? $", {outbox.DamagedRecords} damaged record(s) skipped" : "")})");
        if (commands is { StartedWithoutReplayState: true })
        {
            // A first start, or a deleted or damaged replay state: see docs/commands.md.
            stderr.WriteLine($"commands: no replay state in {Path.Combine(settings.Outbox, "commands")} (first start, or lost): "
                + (commands.ReplayStateKnown
                    ? $"commands issued before {OpenAmi.Northbound.IsoTimeText.Format(commands.ReplayFloorUnix)} are refused (state_lost)"
                    : "every command is refused (state_lost) until the clock is trusted"));
        }

        var pipelines = new List<PortPipeline>();
        var sources = new List<ByteSource>();
        for (int i = 0; i < settings.Sources.Count; i++)
        {
            var pipeline = new PortPipeline(
                runtime, i, settings.Decryption.Key, settings.Decryption.Aad, settings.AllowPlaintext, settings.Format,
                settings.Decryption.AadGiven ? settings.Decryption.Aad : null);
            pipelines.Add(pipeline);
            sources.Add(new ByteSource(settings.Sources[i], settings.Fast, pipeline.Write));
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        runtime.Start();
        foreach (ByteSource source in sources)
        {
            source.Start();
        }

        var status = new StatusLine(stderr, settings.StatusEvery);
        var refusals = new RefusalReport(status, stderr, settings.Sources);
        bool allFiles = settings.Sources.All(s => s.Kind == SourceSpec.File);
        DateTime? endedAt = null;
        int exit = ExitCodes.Ok;
        while (!stop.IsCancellationRequested)
        {
            runtime.Tick();
            status.Update(runtime, link, false);
            refusals.Update(pipelines);
            if (allFiles && sources.All(s => s.Ended))
            {
                if (endedAt == null)
                {
                    endedAt = DateTime.UtcNow;
                    pipelines.ForEach(p => p.End());
                    runtime.Tick();
                }

                if (runtime.Outbox.Unacknowledged == 0)
                {
                    break;
                }

                if (DateTime.UtcNow - endedAt.Value > settings.DrainTimeout)
                {
                    stderr.WriteLine();
                    stderr.WriteLine($"openami gateway: the sources ended but {runtime.Outbox.Unacknowledged} message(s) were not acknowledged within "
                        + $"{settings.DrainTimeout.TotalSeconds:0} s; they stay in {settings.Outbox} and go out on the next run");
                    exit = ExitCodes.Failed;
                    break;
                }
            }

            stop.Token.WaitHandle.WaitOne(100);
        }

        foreach (ByteSource source in sources)
        {
            source.Stop();
        }

        runtime.Stop();
        refusals.Update(pipelines);
        status.Update(runtime, link, true);
        refusals.Summary(pipelines);
        if (commands != null)
        {
            stderr.WriteLine($"commands: {commands.Accepted} accepted, {commands.Rejected} rejected ({commands.RejectionsSuppressed} not answered), "
                + $"{commands.Duplicates} redelivered; grants: {commands.GrantsAccepted} accepted, {commands.GrantsRejected} refused"
                + (commands.LastGrantProblem != null ? $" (last: {commands.LastGrantProblem})" : "")
                + (commands.StorageFaults > 0 ? $"; {commands.StorageFaults} state write(s) failed" : ""));
        }

        if (restart)
        {
            stderr.WriteLine("openami gateway: a signed reboot command asked for a restart");
            return RestartRequested;
        }

        return exit;
    }

    /// <summary>Every setting of a run: defaults, then the config file, then the command line.</summary>
    public sealed class Settings
    {
        public GatewayOptions Options { get; } = new();

        public List<SourceSpec> Sources { get; } = [];

        public bool Fast { get; set; }

        public string? Broker { get; set; }

        public MqttClientOptions Mqtt { get; } = new();

        public string Outbox { get; set; } = "";

        public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

        public TimeSpan StatusEvery { get; set; } = TimeSpan.FromSeconds(10);

        public bool TrustClock { get; set; } = true;

        public DecryptionOptions Decryption { get; } = new();

        /// <summary>With a key, also take plaintext telegrams (otherwise a keyed port refuses them).</summary>
        public bool AllowPlaintext { get; set; }

        /// <summary>What the meters speak (a <c>MeterFormat</c> code): --format or the config's protocol; Auto detects it per source.</summary>
        public int Format { get; set; } = OpenAmi.Meters.MeterFormat.Auto;

        public CommandKeys? CommandKeys { get; set; }

        public string? RelayFile { get; set; }

        public static string? Read(string[] args, out Settings settings)
        {
            var s = new Settings();
            settings = s;
            return s.ReadInto(args);
        }

        private string? ReadInto(string[] args)
        {
            Settings settings = this;
            var config = new ConfigFile();
            var sourceArgs = new List<string>();
            var values = new Dictionary<string, string>();
            bool fastFlag = false;
            bool allowPlaintextFlag = false;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string? consumed = settings.Decryption.TryConsume(args, ref i);
                if (consumed == "")
                {
                    continue;
                }

                if (consumed != null)
                {
                    return consumed;
                }

                if (arg == "--fast")
                {
                    fastFlag = true;
                }
                else if (arg == "--allow-plaintext")
                {
                    allowPlaintextFlag = true;
                }
                else if (ValueOptions.Contains(arg))
                {
                    if (i + 1 >= args.Length)
                    {
                        return $"{arg} needs a value";
                    }

                    if (arg == "--source")
                    {
                        sourceArgs.Add(args[++i]);
                    }
                    else
                    {
                        values[arg] = args[++i];
                    }
                }
                else
                {
                    return $"unknown argument {arg}";
                }
            }

            if (values.TryGetValue("--config", out string? configPath))
            {
                if (!File.Exists(configPath))
                {
                    return $"no such config file: {configPath}";
                }

                string? problem = config.Parse(File.ReadAllText(configPath)) ?? config.CheckKnown(ConfigKeys);
                if (problem != null)
                {
                    return $"{configPath}: {problem}";
                }
            }

            // A command-line value wins over the file's.
            string? Value(string option, string key) => values.TryGetValue(option, out string? v) ? v : config.Get(key, null);

            GatewayOptions o = settings.Options;
            o.FeederId = Value("--feeder", "feeder") ?? "feeder-1";
            o.GatewayId = Value("--gateway", "gateway") ?? DefaultGatewayId();
            string? bad = Topics.CheckSegment(o.FeederId, "--feeder") ?? Topics.CheckSegment(o.GatewayId, "--gateway");
            if (bad != null)
            {
                return bad;
            }

            string? intError = Int(Value("--interval", "interval"), "--interval", 0, 86400, v => o.IntervalSeconds = v)
                ?? Int(Value("--local-offset", "local_offset"), "--local-offset", -720, 840, v => o.Mapping.NoSeasonOffsetMinutes = v)
                ?? Int(Value("--deadband-power", "deadband_power_w"), "--deadband-power", 0, 1_000_000, v => o.PowerDeadbandWatts = v)
                ?? Int(Value("--deadband-voltage", "deadband_voltage_v"), "--deadband-voltage", 0, 1000, v => o.VoltageDeadbandVolts = v)
                ?? Int(config.Get("deadband_period_s", null), "deadband_period_s", 1, 86400, v => o.DeadbandMinPeriodSeconds = v)
                ?? Int(config.Get("voltage_min", null), "voltage_min", 0, 1000, v => o.Mapping.VoltageMin = v)
                ?? Int(config.Get("voltage_max", null), "voltage_max", 0, 1000, v => o.Mapping.VoltageMax = v)
                ?? Int(Value("--comms-timeout", "comms_timeout_s"), "--comms-timeout", 1, 86400, v => o.CommsTimeoutMinSeconds = v)
                ?? Int(Value("--drain-timeout", "drain_timeout_s"), "--drain-timeout", 0, 86400, v => settings.DrainTimeout = TimeSpan.FromSeconds(v))
                ?? Int(Value("--status-every", "status_every_s"), "--status-every", 1, 3600, v => settings.StatusEvery = TimeSpan.FromSeconds(v));
            if (intError != null)
            {
                return intError;
            }

            string mode = Value("--mode", "mode") ?? "vmrs";
            if (mode is not ("vmrs" or "full"))
            {
                return $"--mode is vmrs (VMRS registers only) or full (every numeric register and M-Bus sub-meters), not '{mode}'";
            }

            o.Mapping.Mode = mode == "full" ? MappingMode.Full : MappingMode.Vmrs;
            settings.Fast = fastFlag || config.Get("fast", "no") is "yes" or "true";
            if (settings.Fast)
            {
                o.ClockJumpSeconds = 0; // a fast replay compresses time: meter clocks "jump" against ours by design
            }

            foreach (string text in sourceArgs.Count > 0 ? sourceArgs : [.. config.GetAll("source")])
            {
                if (!SourceSpec.TryParse(text, out SourceSpec spec, out string sourceError))
                {
                    return sourceError;
                }

                settings.Sources.Add(spec);
            }

            if (settings.Sources.Count == 0)
            {
                settings.Sources.Add(new SourceSpec(SourceSpec.File, BundledSample()));
            }

            if (settings.Sources.Count > GatewayRuntime.MaxPorts)
            {
                return $"at most {GatewayRuntime.MaxPorts} sources per gateway";
            }

            // Replayed captures carry their own (old) time: the gateway clock is then no reference for them.
            string trust = Value("--trust-clock", "trust_clock") ?? "auto";
            settings.TrustClock = trust switch
            {
                "yes" => true,
                "no" => false,
                _ => settings.Sources.Any(s => s.Kind != SourceSpec.File),
            };

            string? key = config.Get("key", null);
            if (key != null && settings.Decryption.Key == null)
            {
                string[] keyArgs = ["--key", key];
                int at = 0;
                string? keyError = settings.Decryption.TryConsume(keyArgs, ref at);
                if (!string.IsNullOrEmpty(keyError))
                {
                    return "config key: " + keyError;
                }
            }

            string allowPlaintext = config.Get("allow_plaintext", "no");
            if (allowPlaintext is not ("yes" or "no" or "true" or "false"))
            {
                return $"config allow_plaintext is yes or no, not '{allowPlaintext}'";
            }

            settings.AllowPlaintext = allowPlaintextFlag || allowPlaintext is "yes" or "true";

            string format = Value("--format", "protocol") ?? "auto";
            settings.Format = OpenAmi.Meters.MeterFormat.Parse(format);
            if (settings.Format < 0)
            {
                return $"--format (config protocol) is auto, p1, han, hdlc, mbus or iec62056-21, not '{format}'";
            }

            string? commandKey = Value("--command-key", "command_key");
            if (commandKey != null)
            {
                string? previousKey = Value("--command-key-previous", "command_key_previous");
                if (!Hex.TryParse(commandKey, out byte[] current) || current.Length < 16
                    || (previousKey != null && (!Hex.TryParse(previousKey, out _) || previousKey.Length < 32)))
                {
                    return "--command-key takes the gateway's key as hex, 16 to 64 bytes (32 recommended); see docs/commands.md";
                }

                byte[]? previous = previousKey != null && Hex.TryParse(previousKey, out byte[] p) ? p : null;
                settings.CommandKeys = new CommandKeys(
                    Value("--command-key-id", "command_key_id") ?? "k1", current,
                    previous != null ? Value("--command-key-previous-id", "command_key_previous_id") ?? "k0" : null, previous);
            }

            settings.RelayFile = Value("--relay-file", "relay_file");
            settings.Broker = Value("--broker", "broker");
            if (settings.Broker != null)
            {
                if (!MqttClientOptions.TryParseUrl(settings.Broker, settings.Mqtt, out string urlError))
                {
                    return urlError;
                }

                settings.Mqtt.CaFile = Value("--ca", "ca");
                settings.Mqtt.ClientCertificateFile = Value("--cert", "cert");
                settings.Mqtt.ClientKeyFile = Value("--cert-key", "cert_key");
                settings.Mqtt.UserName = Value("--user", "user") ?? settings.Mqtt.UserName;
                settings.Mqtt.Password = Value("--password", "password") ?? settings.Mqtt.Password;
                string version = Value("--mqtt-version", "mqtt_version") ?? "3.1.1";
                settings.Mqtt.ProtocolVersion = version switch
                {
                    "3.1.1" => 3,
                    "5" or "5.0" => 5,
                    _ => 0,
                };
                if (settings.Mqtt.ProtocolVersion == 0)
                {
                    return $"--mqtt-version takes 3.1.1 (the default) or 5, not '{version}'";
                }

                string? incoherent = settings.Mqtt.Check();
                if (incoherent != null)
                {
                    return incoherent;
                }

                settings.Mqtt.MaxInflight = Math.Max(o.InflightWindow, 16);
                foreach (string? file in new[] { settings.Mqtt.CaFile, settings.Mqtt.ClientCertificateFile, settings.Mqtt.ClientKeyFile })
                {
                    if (file != null && !File.Exists(file))
                    {
                        return $"no such file: {file}";
                    }
                }
            }

            settings.Outbox = Value("--outbox", "outbox") ?? Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "openami", "outbox", o.FeederId + "_" + o.GatewayId);
            o.Software = "openami-p1-gateway/" + (Assembly.GetExecutingAssembly().GetName().Version?.ToString(3) ?? "0");
            o.ConfigHash = config.Count > 0 ? config.Hash() : "defaults";
            return null;
        }

        private static string? Int(string? text, string name, int min, int max, Action<int> set)
        {
            if (text == null)
            {
                return null;
            }

            if (!int.TryParse(text, out int value) || value < min || value > max)
            {
                return $"{name} takes a whole number from {min} to {max}, not '{text}'";
            }

            set(value);
            return null;
        }

        private static string DefaultGatewayId()
        {
            string host = Environment.MachineName.ToLowerInvariant();
            var safe = new string(host.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
            return safe.Length == 0 ? "gateway-1" : safe[..Math.Min(safe.Length, 48)];
        }

        private static string BundledSample()
        {
            string path = Path.Combine(Path.GetTempPath(), "openami-sample-dsmr5-iskra-am550.p1");
            using Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("samples/dsmr5-iskra-am550.p1")
                ?? throw new InvalidOperationException("the bundled sample is missing from the executable");
            using (var file = File.Create(path))
            {
                resource.CopyTo(file);
            }

            return path;
        }
    }

    /// <summary>The one-line status: refreshed in place on a terminal, a log line every few seconds elsewhere.</summary>
    private sealed class StatusLine(TextWriter stderr, TimeSpan logEvery)
    {
        private readonly bool _terminal = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
        private DateTime _last = DateTime.MinValue;

        public void Update(GatewayRuntime runtime, IMqttLink link, bool final)
        {
            DateTime now = DateTime.UtcNow;
            TimeSpan every = _terminal ? TimeSpan.FromMilliseconds(500) : logEvery;
            if (!final && now - _last < every)
            {
                return;
            }

            _last = now;
            PersistentOutbox outbox = runtime.Outbox;
            string text = $"frames ok {runtime.FramesOk} bad {runtime.FramesBad} | published {runtime.Published} "
                + $"queued {outbox.Unacknowledged} | {(link.IsConnected ? "connected" : "disconnected")} "
                + $"| dropped {outbox.DroppedTelemetry + outbox.DroppedEvents} | seq {outbox.LastSeq}";
            if (link is MqttClient client && !client.IsConnected && client.LastError != null)
            {
                text += $" ({client.LastError})";
            }

            if (_terminal)
            {
                stderr.Write("\r" + text.PadRight(Width));
                if (final)
                {
                    stderr.WriteLine();
                }
            }
            else
            {
                stderr.WriteLine("status: " + text);
            }
        }

        /// <summary>A message of its own line; on a terminal it replaces the status line, which the next update redraws.</summary>
        public void Note(string message)
        {
            stderr.WriteLine(_terminal ? "\r" + message.PadRight(Width) : message);
            _last = DateTime.MinValue;
        }

        private static int Width => Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100, 140);
    }

    /// <summary>
    /// Says once per source and reason that a port refuses telegrams a user would expect to see published (plaintext
    /// on a port with a key, a meter that lost its CRC), and sums up at exit what each port refused and why.
    /// </summary>
    private sealed class RefusalReport(StatusLine status, TextWriter stderr, List<SourceSpec> sources)
    {
        private readonly HashSet<(int Port, int Verdict)> _told = [];

        public void Update(List<PortPipeline> pipelines)
        {
            for (int p = 0; p < pipelines.Count; p++)
            {
                foreach (int verdict in new[] { FrameVerdict.PlaintextRefused, FrameVerdict.CrcMissing })
                {
                    if (pipelines[p].CountOf(verdict) > 0 && _told.Add((p, verdict)))
                    {
                        string hint = verdict == FrameVerdict.PlaintextRefused
                            ? " (the port has a key; allow_plaintext = yes or --allow-plaintext accepts them)"
                            : " (the port delivered CRC-checked telegrams, or the telegram declares DSMR 4+/eMUCS)";
                        status.Note($"openami gateway: source {sources[p]} refuses telegrams: {FrameVerdict.Describe(verdict)}{hint}; "
                            + "each is counted as a bad frame");
                    }
                }
            }
        }

        public void Summary(List<PortPipeline> pipelines)
        {
            for (int p = 0; p < pipelines.Count; p++)
            {
                var parts = new List<string>();
                for (int verdict = FrameVerdict.BadCrc; verdict < FrameVerdict.Count; verdict++)
                {
                    int count = pipelines[p].CountOf(verdict);
                    if (count > 0)
                    {
                        parts.Add($"{count} {FrameVerdict.Describe(verdict)}");
                    }
                }

                if (parts.Count > 0)
                {
                    stderr.WriteLine($"source {sources[p]}: frames not taken as data: {string.Join(", ", parts)}");
                }
            }
        }
    }
}

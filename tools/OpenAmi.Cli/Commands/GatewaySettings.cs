using System.CommandLine;
using System.Reflection;
using OpenAmi.Cli.Options;
using OpenAmi.Commands;
using OpenAmi.Config;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Desktop.Sources;
using OpenAmi.Gateway;
using OpenAmi.Northbound;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// Every option of <c>openami gateway</c>, declared once here with its config-file key, type, default and message.
/// A command-line value wins over the config file's; the file is read by our own <see cref="ConfigFile"/>.
/// </summary>
public sealed class GatewayArgs
{
    public const string PasswordVariable = "OPENAMI_MQTT_PASSWORD";
    public const string CommandKeyVariable = "OPENAMI_COMMAND_KEY";
    public const string MeterKeyVariable = "OPENAMI_METER_KEY";

    private const string CommandKeyMessage = "takes the gateway's key as hex, 16 to 64 bytes (32 recommended); see docs/commands.md";

    public readonly Option<string?> Config = SecretFiles.Option("--config", "A key = value settings file (see docs/gateway.md); the command line wins over it");

    public readonly Typed<string[]?> Source = new("--source", "SPEC",
        "A meter source, repeatable: FILE, serial:DEVICE[:BAUD[:8N1]] or tcp:HOST:PORT [default: the bundled sample]", ParseSource);

    public readonly Typed<int?> Format = MeterFormats.Option("--format");

    public readonly Option<bool> Fast = new("--fast") { Description = "Replay capture files as fast as possible instead of at the meter's pace" };

    public readonly Typed<string?> Broker = new("--broker", "URL", "mqtt://HOST:PORT or mqtts://HOST:PORT; without it every message is printed", Parsers.Text("mqtt://127.0.0.1:1883"));
    public readonly Option<string?> Ca = SecretFiles.Option("--ca", "CA certificate(s) that sign the broker's certificate (PEM)");
    public readonly Option<string?> Cert = SecretFiles.Option("--cert", "Client certificate (PEM or PKCS#12)");
    public readonly Option<string?> CertKey = SecretFiles.Option("--cert-key", "Client certificate key (PEM)");
    public readonly Typed<string?> User = new("--user", "U", "MQTT user name", Parsers.Text("pole-0042"));
    public readonly Typed<string?> Password = new("--password", "P", $"MQTT password (visible in ps: prefer --password-file or {PasswordVariable})", Parsers.Text("secret"));
    public readonly Option<string?> PasswordFile = SecretFiles.Option("--password-file", "A file holding the MQTT password");
    public readonly Typed<string?> MqttVersion = new("--mqtt-version", "3.1.1|5", "The MQTT protocol version [default: 3.1.1]",
        (string name, string text, out string? value) =>
        {
            value = text is "3.1.1" or "5" or "5.0" ? text : null;
            return value == null ? $"{name} takes 3.1.1 (the default) or 5, not '{text}'" : null;
        },
        "3.1.1", "5");

    public readonly Typed<string?> Outbox = new("--outbox", "DIR", "The persistent outbox directory [default: per feeder/gateway, apart for stdout runs]", Parsers.Text("/var/lib/openami/outbox"));
    public readonly Typed<string?> Feeder = EnvelopeCommand.Segment("--feeder", "F", "The feeder id in every topic [default: feeder-1]", "feeder-north-01");
    public readonly Typed<string?> Gateway = EnvelopeCommand.Segment("--gateway", "G", "The gateway id in every topic [default: the host name]", "pole-0042");
    public readonly Typed<int?> Interval = new("--interval", "S", "Seconds between telemetry reports; 0 reports every frame [default: 900]", Parsers.Int(0, 86400));
    public readonly MappingArgs Mapping = new();
    public readonly Typed<int?> DeadbandPower = new("--deadband-power", "W", "Report early when power moves this many watts", Parsers.Int(0, 1_000_000));
    public readonly Typed<int?> DeadbandVoltage = new("--deadband-voltage", "V", "Report early when a voltage moves this many volts", Parsers.Int(0, 1000));
    public readonly Typed<int?> CommsTimeout = new("--comms-timeout", "S", "Silence (at least) after which a source is comms_lost [default: 30]", Parsers.Int(1, 86400));
    public readonly Typed<int?> DrainTimeout = new("--drain-timeout", "S", "How long to wait for acknowledgements once capture files end [default: 60]", Parsers.Int(0, 86400));
    public readonly Typed<int?> StatusEvery = new("--status-every", "S", "Seconds between status log lines when stderr is not a terminal [default: 10]", Parsers.Int(1, 3600));
    public readonly Typed<string?> TrustClock = new("--trust-clock", "yes|no|auto", "Check meter clocks against this host's [default: auto, no for capture files]",
        Parsers.Choice("yes, no or auto (trusted unless every source is a capture file)", "yes", "no", "auto"), "yes", "no", "auto");
    public readonly DecryptionArgs Decryption = new();
    public readonly Option<string?> KeyFile = SecretFiles.Option("--key-file", $"A file holding the meter's AES-128 key (or {MeterKeyVariable})");
    public readonly Option<bool> AllowPlaintext = new("--allow-plaintext") { Description = "With --key, also take plaintext telegrams (refused by default: anyone on the line could inject them)" };

    public readonly Typed<byte[]?> CommandKey = new("--command-key", "HEX",
        $"The gateway's command key (visible in ps: prefer --command-key-file or {CommandKeyVariable})", Parsers.Hex(16, 64, "--command-key " + CommandKeyMessage));
    public readonly Option<string?> CommandKeyFile = SecretFiles.Option("--command-key-file", "A file holding the gateway's command key as hex");
    public readonly Typed<string?> CommandKeyId = new("--command-key-id", "ID", "The command key's id [default: k1]", Parsers.Text("k1"));
    public readonly Typed<byte[]?> CommandKeyPrevious = new("--command-key-previous", "HEX", "The previous command key, accepted during a rotation",
        Parsers.Hex(16, 64, "--command-key-previous " + CommandKeyMessage));
    public readonly Option<string?> CommandKeyPreviousFile = SecretFiles.Option("--command-key-previous-file", "A file holding the previous command key");
    public readonly Typed<string?> CommandKeyPreviousId = new("--command-key-previous-id", "ID", "The previous key's id [default: k0]", Parsers.Text("k0"));
    public readonly Typed<string?> RelayFile = new("--relay-file", "PATH", "Where relay commands write the relay state", Parsers.Text("/run/openami/relay"));

    public readonly Typed<int?> CaptureLast = new("--capture-last", "N",
        "Keep the last N raw telegrams of each port, bad CRCs included, for a support capture (openami capture export)", Parsers.Int(1, 1000));

    public readonly Option<bool> HaDiscovery = new("--ha-discovery")
    {
        Description = "Announce the gateway and every meter to Home Assistant (MQTT discovery, retained configs under --ha-prefix)",
    };

    public readonly Typed<string?> HaPrefix = new("--ha-prefix", "PREFIX", "Home Assistant's discovery prefix [default: homeassistant]",
        (string name, string text, out string? value) =>
        {
            value = text;
            return GatewayOptions.CheckHaPrefix(text, name);
        });

    public GatewayArgs()
    {
        Source.Option.Arity = ArgumentArity.OneOrMore;
        Source.Option.CustomParser = result =>
        {
            var specs = new List<string>();
            foreach (var token in result.Tokens)
            {
                if (ParseSource(Source.Name, token.Value, out string[]? one) is string error)
                {
                    result.AddError(error);
                }
                else
                {
                    specs.AddRange(one!);
                }
            }

            return [.. specs];
        };
    }

    /// <summary>Every setting a config file may hold, with its command-line twin.</summary>
    public static readonly string[] ConfigKeys =
    [
        "source", "fast", "broker", "ca", "cert", "cert_key", "user", "password", "password_file", "mqtt_version", "outbox", "feeder", "gateway",
        "interval", "mode", "local_offset", "voltage_min", "voltage_max", "deadband_power_w", "deadband_voltage_v",
        "deadband_period_s", "comms_timeout_s", "drain_timeout_s", "key", "key_file", "aad", "allow_plaintext", "trust_clock",
        "command_key_file", "command_key_previous", "command_key_previous_file", "command_key_previous_id", "relay_file", "status_every_s",
        "ha_discovery", "ha_prefix", "capture_last",
        // Settings of the ESP32 firmware, accepted so one file can serve both.
        "board", "network", "wifi_ssid", "wifi_password", "command_key", "command_key_id", "ports", "request_mode",
        "request_interval_s", "sntp_server", "apn", "p1_line", "invert", "sim_pin", "keepalive_s",
        // The meter's protocol: "protocol" is --format here; the rest are the firmware's per-port line settings.
        "protocol", "protocol_2", "line", "line_2", "invert_2", "iec_mode", "iec_interval_s", "iec_max_baud", "iec_address",
    ];

    public void AddTo(Command command)
    {
        Option[] options =
        [
            Config, Source.Option, Format.Option, Fast, Broker.Option, Ca, Cert, CertKey, User.Option, Password.Option, PasswordFile, MqttVersion.Option, Outbox.Option,
            Feeder.Option, Gateway.Option, Interval.Option, Mapping.Mode.Option, Mapping.LocalOffset.Option, DeadbandPower.Option,
            DeadbandVoltage.Option, CommsTimeout.Option, DrainTimeout.Option, StatusEvery.Option, TrustClock.Option,
            Decryption.Key.Option, KeyFile, Decryption.Aad.Option, AllowPlaintext, CommandKey.Option, CommandKeyFile, CommandKeyId.Option,
            CommandKeyPrevious.Option, CommandKeyPreviousFile, CommandKeyPreviousId.Option, RelayFile.Option, HaDiscovery, HaPrefix.Option, CaptureLast.Option,
        ];
        foreach (Option option in options)
        {
            command.Add(option);
        }
    }

    /// <summary>Defaults, then the config file, then the command line; null, or the message of a usage error.</summary>
    public string? Read(ParseResult r, out GatewaySettings settings)
    {
        var s = new GatewaySettings();
        settings = s;
        var config = new ConfigFile();
        string? configPath = r.ValueIfGiven(Config);
        if (configPath != null)
        {
            string? problem;
            try
            {
                problem = config.Parse(File.ReadAllText(configPath)) ?? config.CheckKnown(ConfigKeys);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"cannot read it: {e.Message}";
            }

            if (problem != null)
            {
                return $"{configPath}: {problem}";
            }
        }

        string Secret(string? value, string? file, string variable, out string? error)
        {
            string? text = SecretFiles.Read(value, file, variable, out string? source);
            error = text == null ? source : null;
            return text ?? "";
        }

        GatewayOptions o = s.Options;
        string?[] problems =
        [
            Feeder.Resolve(r, config, "feeder", "feeder-1", out string? feeder),
            Gateway.Resolve(r, config, "gateway", DefaultGatewayId(), out string? gateway),
            Interval.Resolve(r, config, "interval", o.IntervalSeconds, out int? interval),
            Mapping.LocalOffset.Resolve(r, config, "local_offset", o.Mapping.NoSeasonOffsetMinutes, out int? localOffset),
            Mapping.Mode.Resolve(r, config, "mode", "vmrs", out string? mode),
            DeadbandPower.Resolve(r, config, "deadband_power_w", o.PowerDeadbandWatts, out int? deadbandPower),
            DeadbandVoltage.Resolve(r, config, "deadband_voltage_v", o.VoltageDeadbandVolts, out int? deadbandVoltage),
            CommsTimeout.Resolve(r, config, "comms_timeout_s", o.CommsTimeoutMinSeconds, out int? commsTimeout),
            DrainTimeout.Resolve(r, config, "drain_timeout_s", 60, out int? drainTimeout),
            StatusEvery.Resolve(r, config, "status_every_s", 10, out int? statusEvery),
            TrustClock.Resolve(r, config, "trust_clock", "auto", out string? trust),
            Format.Resolve(r, config, "protocol", OpenAmi.Meters.MeterFormat.Auto, out int? format),
            Source.Resolve(r, null, null, null, out string[]? sourceArgs),
            Broker.Resolve(r, config, "broker", null, out string? broker),
            User.Resolve(r, config, "user", null, out string? user),
            MqttVersion.Resolve(r, config, "mqtt_version", "3.1.1", out string? mqttVersion),
            Outbox.Resolve(r, config, "outbox", null, out string? outbox),
            CommandKeyId.Resolve(r, config, "command_key_id", "k1", out string? commandKeyId),
            CommandKeyPreviousId.Resolve(r, config, "command_key_previous_id", "k0", out string? previousKeyId),
            RelayFile.Resolve(r, config, "relay_file", null, out string? relayFile),
            HaPrefix.Resolve(r, config, "ha_prefix", o.HaPrefix, out string? haPrefix),
            CaptureLast.Resolve(r, config, "capture_last", 0, out int? captureLast),
            config.GetInt("deadband_period_s", 1, 86400, ref o.DeadbandMinPeriodSeconds),
            config.GetInt("voltage_min", 0, 1000, ref o.Mapping.VoltageMin),
            config.GetInt("voltage_max", 0, 1000, ref o.Mapping.VoltageMax),
        ];
        string? error = problems.FirstOrDefault(p => p != null);
        if (error != null)
        {
            return error;
        }

        o.FeederId = feeder!;
        o.GatewayId = gateway!;
        o.IntervalSeconds = interval!.Value;
        o.Mapping.NoSeasonOffsetMinutes = localOffset!.Value;
        o.Mapping.Mode = mode == "full" ? MappingMode.Full : MappingMode.Vmrs;
        o.PowerDeadbandWatts = deadbandPower!.Value;
        o.VoltageDeadbandVolts = deadbandVoltage!.Value;
        o.CommsTimeoutMinSeconds = commsTimeout!.Value;
        s.Format = format!.Value;
        s.DrainTimeout = TimeSpan.FromSeconds(drainTimeout!.Value);
        s.StatusEvery = TimeSpan.FromSeconds(statusEvery!.Value);
        s.Fast = r.ValueIfGiven(Fast) || config.Get("fast", "no") is "yes" or "true";
        string haDiscovery = config.Get("ha_discovery", "false");
        if (haDiscovery is not ("yes" or "no" or "true" or "false"))
        {
            return $"config ha_discovery is true (announce the meters to Home Assistant) or false, not '{haDiscovery}'";
        }

        o.HaDiscovery = r.ValueIfGiven(HaDiscovery) || haDiscovery is "yes" or "true";
        o.HaPrefix = haPrefix!;
        s.CaptureLast = captureLast!.Value;
        if (s.Fast)
        {
            o.ClockJumpSeconds = 0; // a fast replay compresses time: meter clocks "jump" against ours by design
        }

        foreach (string text in sourceArgs ?? config.GetAll("source"))
        {
            if (!SourceSpec.TryParse(text, out SourceSpec spec, out string sourceError))
            {
                return "config source: " + sourceError;
            }

            s.Sources.Add(spec);
        }

        if (s.Sources.Count == 0)
        {
            s.Sources.Add(new SourceSpec(SourceSpec.File, BundledSample()));
        }

        if (s.Sources.Count > GatewayRuntime.MaxPorts)
        {
            return $"at most {GatewayRuntime.MaxPorts} sources per gateway";
        }

        // Replayed captures carry their own (old) time: the gateway clock is then no reference for them.
        s.TrustClock = trust switch
        {
            "yes" => true,
            "no" => false,
            _ => s.Sources.Any(x => x.Kind != SourceSpec.File),
        };

        // Secrets: the command line, a file (option or config), or the environment; never required on argv.
        string? meterKeyText = Secret(r.ValueIfGiven(Decryption.Key.Option) is { } k ? Convert.ToHexString(k) : config.Get("key", null),
            r.ValueIfGiven(KeyFile) ?? config.Get("key_file", null), MeterKeyVariable, out string? meterKeyError);
        if (meterKeyError != null)
        {
            return meterKeyError;
        }

        error = Decryption.Aad.Resolve(r, config, "aad", Convert.FromHexString(DecryptionOptions.DefaultAadHex), out byte[]? aad);
        byte[]? meterKey = null;
        if (error == null && meterKeyText.Length > 0)
        {
            error = Decryption.Key.Parse("key", meterKeyText, out meterKey);
        }

        if (error != null)
        {
            return error;
        }

        s.Decryption = new DecryptionOptions
        {
            Key = meterKey,
            Aad = aad is { Length: 0 } ? null : aad,
            AadGiven = Decryption.Aad.Given(r) || config.Get("aad", null) != null,
        };
        string allowPlaintext = config.Get("allow_plaintext", "no");
        if (allowPlaintext is not ("yes" or "no" or "true" or "false"))
        {
            return $"config allow_plaintext is yes or no, not '{allowPlaintext}'";
        }

        s.AllowPlaintext = r.GetValue(AllowPlaintext) || allowPlaintext is "yes" or "true";

        string commandKeyText = Secret(r.ValueIfGiven(CommandKey.Option) is { } ck ? Convert.ToHexString(ck) : config.Get("command_key", null),
            r.ValueIfGiven(CommandKeyFile) ?? config.Get("command_key_file", null), CommandKeyVariable, out string? commandKeyError);
        string previousKeyText = Secret(r.ValueIfGiven(CommandKeyPrevious.Option) is { } pk ? Convert.ToHexString(pk) : config.Get("command_key_previous", null),
            r.ValueIfGiven(CommandKeyPreviousFile) ?? config.Get("command_key_previous_file", null), "OPENAMI_COMMAND_KEY_PREVIOUS", out string? previousKeyError);
        if ((commandKeyError ?? previousKeyError) != null)
        {
            return commandKeyError ?? previousKeyError;
        }

        if (commandKeyText.Length > 0)
        {
            byte[]? previous = null;
            error = CommandKey.Parse("command key", commandKeyText, out byte[]? current)
                ?? (previousKeyText.Length > 0 ? CommandKeyPrevious.Parse("previous command key", previousKeyText, out previous) : null);
            if (error != null)
            {
                return error;
            }

            s.CommandKeys = new CommandKeys(commandKeyId!, current!, previous != null ? previousKeyId : null, previous);
        }

        s.RelayFile = relayFile;
        s.Broker = broker;
        if (broker != null)
        {
            if (!MqttClientOptions.TryParseUrl(broker, s.Mqtt, out string urlError))
            {
                return urlError;
            }

            s.Mqtt.CaFile = r.ValueIfGiven(Ca) ?? config.Get("ca", null);
            s.Mqtt.ClientCertificateFile = r.ValueIfGiven(Cert) ?? config.Get("cert", null);
            s.Mqtt.ClientKeyFile = r.ValueIfGiven(CertKey) ?? config.Get("cert_key", null);
            s.Mqtt.UserName = user ?? s.Mqtt.UserName; // else the one in mqtt://user:password@host, if any
            string password = Secret(r.ValueIfGiven(Password.Option) ?? config.Get("password", null),
                r.ValueIfGiven(PasswordFile) ?? config.Get("password_file", null), PasswordVariable, out string? passwordError);
            if (passwordError != null)
            {
                return passwordError;
            }

            s.Mqtt.Password = password.Length > 0 ? password : s.Mqtt.Password;
            s.Mqtt.ProtocolVersion = mqttVersion == "3.1.1" ? 3 : 5;
            if (s.Mqtt.Check() is string incoherent)
            {
                return incoherent;
            }

            s.Mqtt.MaxInflight = Math.Max(o.InflightWindow, 16);
            foreach (string? file in new[] { s.Mqtt.CaFile, s.Mqtt.ClientCertificateFile, s.Mqtt.ClientKeyFile })
            {
                if (file != null && SecretFiles.Problem(file) is string problem)
                {
                    return problem;
                }
            }
        }

        s.Outbox = outbox ?? DefaultOutbox(o.FeederId, o.GatewayId, broker != null);
        o.Software = "openami-p1-gateway/" + (Assembly.GetExecutingAssembly().GetName().Version?.ToString(3) ?? "0");
        o.ConfigHash = config.Count > 0 ? config.Hash() : "defaults";
        return null;
    }

    /// <summary>
    /// The outbox when none is named: under systemd's state directory, else the user's local data. A run without a
    /// broker (messages printed on stdout) keeps its own, so it never prints and deletes what waits for the broker.
    /// </summary>
    public static string DefaultOutbox(string feeder, string gateway, bool broker)
    {
        string? state = Environment.GetEnvironmentVariable("STATE_DIRECTORY")?.Split(':')[0];
        string root = !string.IsNullOrEmpty(state)
            ? state
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "openami");
        return Path.Combine(root, broker ? "outbox" : "outbox-stdout", feeder + "_" + gateway);
    }

    private static string? ParseSource(string name, string text, out string[]? value)
    {
        value = [text];
        return SourceSpec.TryParse(text, out _, out string error) ? null : error;
    }

    /// <summary>The gateway id when none is given: the host name, made a topic segment.</summary>
    public static string DefaultGatewayId()
    {
        string host = Environment.MachineName.ToLowerInvariant();
        var safe = new string(host.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-').ToArray());
        return safe.Length == 0 ? "gateway-1" : safe[..Math.Min(safe.Length, 48)];
    }

    private static string BundledSample()
    {
        string path = Path.Combine(Path.GetTempPath(), $"openami-sample-{Environment.UserName}-dsmr5-iskra-am550.p1");
        using Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("samples/dsmr5-iskra-am550.p1")
            ?? throw new InvalidOperationException("the bundled sample is missing from the executable");
        using (var file = File.Create(path))
        {
            resource.CopyTo(file);
        }

        return path;
    }
}

/// <summary>Every setting of one gateway run.</summary>
public sealed class GatewaySettings
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

    public DecryptionOptions Decryption { get; set; } = new();

    /// <summary>With a key, also take plaintext telegrams (otherwise a keyed port refuses them).</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>What the meters speak (a <c>MeterFormat</c> code): --format or the config's protocol; Auto detects it per source.</summary>
    public int Format { get; set; } = OpenAmi.Meters.MeterFormat.Auto;

    public CommandKeys? CommandKeys { get; set; }

    public string? RelayFile { get; set; }

    /// <summary>Telegrams kept per port for a support capture (--capture-last); 0 keeps none.</summary>
    public int CaptureLast { get; set; }

    /// <summary>Where the support capture lives: beside the outbox.</summary>
    public string CaptureDirectory => Path.Combine(Outbox, "capture");
}

using OpenAmi.Commands;
using OpenAmi.Config;
using OpenAmi.Gateway;
using OpenAmi.Northbound;
using OpenAmi.Vmrs;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// The device's settings, read from the one config file (I:\openami.conf) that also serves the Linux gateway.
    /// Reading never throws: every missing or wrong setting becomes a problem that names the key, says what it is
    /// and how to fix it, so a device without a usable file can say so instead of crash-looping.
    /// </summary>
    public sealed class FirmwareConfig
    {
        /// <summary>Where the file lives on the device.</summary>
        public const string DefaultPath = "I:\\openami.conf";

        public const int MaxProblems = 12;

        /// <summary>Every key the file may hold: the firmware's own and the Linux gateway's (ignored here).</summary>
        public static readonly string[] KnownKeys =
        {
            "board", "network", "wifi_ssid", "wifi_password", "apn", "broker", "ca", "user", "password", "feeder", "gateway",
            "command_key", "command_key_id", "command_key_previous", "command_key_previous_id", "ports", "p1_line", "invert",
            "request_mode", "request_interval_s", "interval", "mode", "local_offset", "voltage_min", "voltage_max",
            "deadband_power_w", "deadband_voltage_v", "deadband_period_s", "comms_timeout_s", "key", "aad", "allow_plaintext", "sntp_server",
            "source", "fast", "cert", "cert_key", "outbox", "drain_timeout_s", "trust_clock", "relay_file", "status_every_s",
            "mqtt_version",
            // Secrets in files, for the Linux gateway (the device has no files to name).
            "password_file", "key_file", "command_key_file", "command_key_previous_file",
        };

        private readonly string[] _problems = new string[MaxProblems];
        private int _problemCount;

        public BoardProfile Board;
        public NetworkKind Network;
        public string WifiSsid;
        public string WifiPassword;
        public string Apn;
        public string BrokerHost;
        public int BrokerPort;
        public bool BrokerTls;
        public string CaPath;
        public string User;
        public string Password;
        public string SntpServer = "pool.ntp.org";

        /// <summary>Number of P1 ports in use (1 or 2).</summary>
        public int Ports = 1;

        /// <summary>115200 8N1 (DSMR 4/5, Fluvius, Smarty) or 9600 7E1 (DSMR 2.2/3).</summary>
        public int BaudRate = 115200;
        public bool SevenEvenOne;

        /// <summary>Whether the UART inverts RX: the board's default unless the file says yes/no.</summary>
        public bool InvertRx;

        /// <summary>Pulse the data-request line once per interval instead of holding it high.</summary>
        public bool RequestPulse;
        public int RequestIntervalSeconds = 10;

        /// <summary>Command keys, or null when commands are off.</summary>
        public CommandKeys CommandKeys;

        /// <summary>P1 decryption key (Luxembourg Smarty) and GCM additional data, or null.</summary>
        public byte[] MeterKey;
        public byte[] MeterAad;

        /// <summary>With a key, also take plaintext telegrams; off by default, so nobody on the line can inject them.</summary>
        public bool AllowPlaintext;

        public readonly GatewayOptions Options = new GatewayOptions();

        /// <summary>Number of problems found; the device runs only when it is 0.</summary>
        public int ProblemCount
        {
            get { return _problemCount; }
        }

        public string ProblemAt(int index)
        {
            return _problems[index];
        }

        /// <summary>All problems, one per line.</summary>
        public string Describe()
        {
            string text = "";
            for (int i = 0; i < _problemCount; i++)
            {
                text = text + (i == 0 ? "" : "\n") + _problems[i];
            }

            return text;
        }

        /// <summary>Reads <paramref name="text"/> (null when the file does not exist).</summary>
        public static FirmwareConfig Load(string text, string software)
        {
            var config = new FirmwareConfig();
            config.Options.Software = software;
            if (text == null)
            {
                config.Problem("no config file " + DefaultPath + ": deploy one (README, First configuration) or type the settings on the console");
                return config;
            }

            var file = new ConfigFile();
            string problem = file.Parse(text);
            if (problem == null)
            {
                problem = file.CheckKnown(KnownKeys);
            }

            if (problem != null)
            {
                config.Problem(problem);
                return config;
            }

            config.Read(file);
            config.Options.ConfigHash = file.Hash();
            return config;
        }

        private void Read(ConfigFile file)
        {
            string boardId = Required(file, "board", "the board, one of " + BoardProfiles.Ids());
            if (boardId != null)
            {
                Board = BoardProfiles.Find(boardId);
                if (Board == null)
                {
                    Problem("board '" + boardId + "' is not supported; use one of " + BoardProfiles.Ids());
                }
            }

            ReadNetwork(file);
            ReadBroker(file);
            ReadIdentity(file);
            ReadP1(file);
            ReadGateway(file);
            ReadKeys(file);
        }

        private void ReadNetwork(ConfigFile file)
        {
            string network = file.Get("network", null);
            if (network == null)
            {
                Network = Board != null ? Board.Network : NetworkKind.Wifi;
            }
            else if (network == "wifi")
            {
                Network = NetworkKind.Wifi;
            }
            else if (network == "ethernet")
            {
                Network = NetworkKind.Ethernet;
            }
            else if (network == "cellular")
            {
                Network = NetworkKind.Cellular;
            }
            else
            {
                Problem("network is wifi, ethernet or cellular, not '" + network + "'");
            }

            if (Network == NetworkKind.Wifi)
            {
                WifiSsid = Required(file, "wifi_ssid", "the Wi-Fi network name");
                WifiPassword = file.Get("wifi_password", "");
            }
            else if (Network == NetworkKind.Cellular)
            {
                Apn = Required(file, "apn", "the SIM's access point name, from the operator");
                if (Board != null && Board.ModemRxPin < 0)
                {
                    Problem("network = cellular needs a board with a modem (lilygo-t-sim7080g), not " + Board.Id);
                }
            }
            else if (Board != null && Board.Network != NetworkKind.Ethernet)
            {
                Problem("network = ethernet needs a board with an Ethernet port (olimex-esp32-poe), not " + Board.Id);
            }

            SntpServer = file.Get("sntp_server", SntpServer);
        }

        private void ReadBroker(ConfigFile file)
        {
            string broker = Required(file, "broker", "the MQTT broker as mqtt://host:1883 or mqtts://host:8883");
            if (broker == null)
            {
                return;
            }

            BrokerTls = broker.StartsWith("mqtts://");
            if (!BrokerTls && !broker.StartsWith("mqtt://"))
            {
                Problem("broker must start with mqtt:// or mqtts://, not '" + broker + "'");
                return;
            }

            string rest = broker.Substring(BrokerTls ? 8 : 7);
            int colon = rest.IndexOf(':');
            BrokerPort = BrokerTls ? 8883 : 1883;
            BrokerHost = colon < 0 ? rest : rest.Substring(0, colon);
            if (colon >= 0)
            {
                int port;
                if (!int.TryParse(rest.Substring(colon + 1), out port) || port < 1 || port > 65535)
                {
                    Problem("broker port must be 1 to 65535 in '" + broker + "'");
                }

                BrokerPort = port;
            }

            if (BrokerHost.Length == 0 || BrokerHost.IndexOf('/') >= 0)
            {
                Problem("broker host is missing or has a path in '" + broker + "'; write mqtts://host:8883");
            }

            CaPath = file.Get("ca", BrokerTls ? "I:\\ca.pem" : null);
            if (BrokerTls && Network == NetworkKind.Cellular)
            {
                Problem("mqtts over cellular is not supported yet (the CA would have to be loaded into the modem); use mqtt:// on a private APN");
            }

            User = file.Get("user", null);
            Password = file.Get("password", null);
        }

        private void ReadIdentity(ConfigFile file)
        {
            Options.FeederId = Required(file, "feeder", "the feeder id in the topic tree, e.g. feeder-7");
            Options.GatewayId = Required(file, "gateway", "this gateway's id, unique on the feeder, e.g. pole-12");
            if (Options.FeederId != null)
            {
                Check(Topics.CheckSegment(Options.FeederId, "feeder"));
            }

            if (Options.GatewayId != null)
            {
                Check(Topics.CheckSegment(Options.GatewayId, "gateway"));
            }
        }

        private void ReadP1(ConfigFile file)
        {
            Check(file.GetInt("ports", 1, 2, ref Ports));
            if (Board != null && Ports > Board.MaxPorts)
            {
                Problem("ports = " + Ports + " but " + Board.Id + " has " + Board.MaxPorts + " P1 port(s)");
            }

            string line = file.Get("p1_line", "115200-8n1").ToLower();
            if (line == "9600-7e1")
            {
                BaudRate = 9600;
                SevenEvenOne = true;
            }
            else if (line != "115200-8n1")
            {
                Problem("p1_line is 115200-8N1 (DSMR 4/5, Belgium, Luxembourg) or 9600-7E1 (DSMR 2.2/3), not '" + line + "'");
            }

            string invert = file.Get("invert", "auto");
            InvertRx = invert == "auto" ? (Board == null || Board.InvertRx) : invert == "yes";
            if (invert != "auto" && invert != "yes" && invert != "no")
            {
                Problem("invert is auto (the board's wiring), yes (line wired straight to RX) or no (transistor inverter), not '" + invert + "'");
            }

            string request = file.Get("request_mode", "hold");
            RequestPulse = request == "pulse";
            if (request != "hold" && request != "pulse")
            {
                Problem("request_mode is hold (data request always on) or pulse (one request per request_interval_s), not '" + request + "'");
            }

            Check(file.GetInt("request_interval_s", 1, 3600, ref RequestIntervalSeconds));
        }

        private void ReadGateway(ConfigFile file)
        {
            GatewayOptions o = Options;
            Check(file.GetInt("interval", 0, 86400, ref o.IntervalSeconds));
            Check(file.GetInt("local_offset", -720, 840, ref o.Mapping.NoSeasonOffsetMinutes));
            Check(file.GetInt("voltage_min", 0, 1000, ref o.Mapping.VoltageMin));
            Check(file.GetInt("voltage_max", 0, 1000, ref o.Mapping.VoltageMax));
            Check(file.GetInt("deadband_power_w", 0, 1000000, ref o.PowerDeadbandWatts));
            Check(file.GetInt("deadband_voltage_v", 0, 1000, ref o.VoltageDeadbandVolts));
            Check(file.GetInt("deadband_period_s", 1, 86400, ref o.DeadbandMinPeriodSeconds));
            Check(file.GetInt("comms_timeout_s", 1, 86400, ref o.CommsTimeoutMinSeconds));
            string mode = file.Get("mode", "vmrs");
            if (Network == NetworkKind.Cellular && mode == "full")
            {
                Problem("mode = full makes messages larger than the 1024 bytes a SIM7080 publishes; use mode = vmrs on cellular");
            }

            o.Mapping.Mode = mode == "full" ? MappingMode.Full : MappingMode.Vmrs;
            if (mode != "vmrs" && mode != "full")
            {
                Problem("mode is vmrs (VMRS registers only) or full (every register), not '" + mode + "'");
            }
        }

        private void ReadKeys(ConfigFile file)
        {
            string key = file.Get("key", null);
            if (key != null)
            {
                MeterKey = Hex(key);
                if (MeterKey == null || MeterKey.Length != 16)
                {
                    Problem("key is the meter's 16-byte AES key as 32 hex digits (from the grid operator)");
                }

                string aad = file.Get("aad", "3000112233445566778899AABBCCDDEEFF");
                MeterAad = aad == "none" ? null : Hex(aad);
                if (aad != "none" && MeterAad == null)
                {
                    Problem("aad is hex (Luxembourg: 30 followed by the authentication key) or none");
                }
            }

            string allowPlaintext = file.Get("allow_plaintext", "no");
            AllowPlaintext = allowPlaintext == "yes" || allowPlaintext == "true";
            if (!AllowPlaintext && allowPlaintext != "no" && allowPlaintext != "false")
            {
                Problem("allow_plaintext is yes (a port with a key also takes plaintext telegrams) or no, not '" + allowPlaintext + "'");
            }

            string commandKey = file.Get("command_key", null);
            if (commandKey == null)
            {
                return;
            }

            byte[] current = Hex(commandKey);
            string previousText = file.Get("command_key_previous", null);
            byte[] previous = previousText == null ? null : Hex(previousText);
            if (current == null || current.Length < 16 || current.Length > 64 || (previousText != null && (previous == null || previous.Length < 16)))
            {
                Problem("command_key is the gateway's command key as hex, 16 to 64 bytes (docs/commands.md)");
                return;
            }

            CommandKeys = new CommandKeys(
                file.Get("command_key_id", "k1"), current,
                previous == null ? null : file.Get("command_key_previous_id", "k0"), previous);
        }

        private string Required(ConfigFile file, string key, string what)
        {
            string value = file.Get(key, null);
            if (value == null || value.Length == 0)
            {
                Problem("missing '" + key + "' (" + what + "): add a line '" + key + " = ...'");
                return null;
            }

            return value;
        }

        private void Check(string problem)
        {
            if (problem != null)
            {
                Problem(problem);
            }
        }

        private void Problem(string text)
        {
            if (_problemCount < MaxProblems)
            {
                _problems[_problemCount++] = text;
            }
        }

        /// <summary>Hex digits to bytes, or null when the text is not whole bytes of hex.</summary>
        public static byte[] Hex(string text)
        {
            if (text.Length % 2 != 0)
            {
                return null;
            }

            byte[] bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int high = Nibble(text[2 * i]);
                int low = Nibble(text[2 * i + 1]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                bytes[i] = (byte)((high << 4) | low);
            }

            return bytes;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }
}

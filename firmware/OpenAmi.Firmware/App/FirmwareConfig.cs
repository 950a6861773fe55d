using OpenAmi.Commands;
using OpenAmi.Config;
using OpenAmi.Gateway;
using OpenAmi.Meters;
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
        /// <remarks>Built when a configuration is checked, never held: as a static table the device would keep these sixty strings from boot.</remarks>
        public static string[] KnownKeys()
        {
            return new string[]
            {
                "board", "network", "wifi_ssid", "wifi_password", "apn", "broker", "ca", "user", "password", "feeder", "gateway",
                "command_key", "command_key_id", "command_key_previous", "command_key_previous_id", "ports", "p1_line", "invert",
                "request_mode", "request_interval_s", "interval", "mode", "local_offset", "voltage_min", "voltage_max",
                "deadband_power_w", "deadband_voltage_v", "deadband_period_s", "comms_timeout_s", "key", "aad", "allow_plaintext", "sntp_server",
                "source", "fast", "cert", "cert_key", "outbox", "drain_timeout_s", "trust_clock", "relay_file", "status_every_s",
                "mqtt_version",
                // Secrets in files, for the Linux gateway (the device has no files to name).
                "password_file", "key_file", "command_key_file", "command_key_previous_file",
                "protocol", "protocol_2", "line", "line_2", "invert_2", "iec_mode", "iec_interval_s", "iec_max_baud", "iec_address",
                "ha_discovery", "ha_prefix",
                // The Linux gateway's support capture (the device's is the console's capture command).
                "capture_last",
                "sim_pin", "keepalive_s",
            };
        }

        /// <summary>Most ports a board has.</summary>
        public const int MaxPorts = 2;

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

        /// <summary>mqtts client certificate and key on the device's flash (cert, cert_key), or null.</summary>
        public string CertPath;
        public string CertKeyPath;

        /// <summary>network = cellular: the modem link's settings, checked for AT safety (the PEM files are read by Program).</summary>
        public OpenAmi.Firmware.App.Cellular.CellularOptions Cellular;

        /// <summary>Number of P1 ports in use (1 or 2).</summary>
        public int Ports = 1;

        /// <summary>115200 8N1 (DSMR 4/5, Fluvius, Smarty) or 9600 7E1 (DSMR 2.2/3).</summary>
        public int BaudRate = 115200;
        public bool SevenEvenOne;

        /// <summary>Whether the UART inverts RX: the board's default unless the file says yes/no.</summary>
        public bool InvertRx;

        /// <summary>What each port's meter speaks (<see cref="MeterFormat"/>: P1, Hdlc for HAN, Iec62056).</summary>
        public readonly int[] Protocol = { MeterFormat.P1, MeterFormat.P1 };

        /// <summary>Each port's line: speed, data bits, parity ('N', 'E', 'O') and stop bits.</summary>
        public readonly int[] LineBaud = { 115200, 115200 };
        public readonly int[] LineDataBits = { 8, 8 };
        public readonly char[] LineParity = { 'N', 'N' };
        public readonly int[] LineStopBits = { 1, 1 };

        /// <summary>Whether each port's UART inverts (P1's open collector: the board's default; HAN and optical heads: no).</summary>
        public readonly bool[] PortInvert = { true, true };

        /// <summary>
        /// P1 ports whose line is searched (line = auto, the default): the settings above are then where the search
        /// starts, and it tries 115200 8N1 and 9600 7E1, inverted and not (App/P1LineCandidates.cs).
        /// </summary>
        public readonly bool[] LineAuto = { false, false };

        /// <summary>Ports whose polarity the file sets (invert = yes/no, or a line ending in -inverted/-not-inverted): the search keeps it.</summary>
        public readonly bool[] InvertFixed = { false, false };

        /// <summary>IEC 62056-21 ports: true to read in mode C (the gateway asks), false to listen to mode D pushes.</summary>
        public bool IecRequest = true;

        /// <summary>Seconds between mode C readouts.</summary>
        public int IecIntervalSeconds = 60;

        /// <summary>Fastest speed accepted in a mode C baud switch.</summary>
        public int IecMaxBaud = 9600;

        /// <summary>Device address for the sign-on (/?address!), or null.</summary>
        public byte[] IecAddress;
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

        /// <summary>
        /// At start, with the heap the image left free after boot: false, with the problem added, when this configuration
        /// cannot run on it (see <see cref="HeapPlan.CheckFree"/>).
        /// </summary>
        public bool FitsFreeHeap(long freeBytes)
        {
            string problem = HeapPlan.CheckFree(freeBytes, Board, Ports, Options.Mapping.Mode == MappingMode.Full, MeterKey != null, CommandKeys != null, Options.HaDiscovery, Network == NetworkKind.Cellular);
            Check(problem);
            return problem == null;
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
                problem = file.CheckKnown(KnownKeys());
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
            if (Board != null && ProblemCount == 0)
            {
                Check(HeapPlan.Check(Board, Ports, Options.Mapping.Mode == MappingMode.Full, MeterKey != null, CommandKeys != null, Options.HaDiscovery, Network == NetworkKind.Cellular));
            }
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
            CertPath = file.Get("cert", null);
            CertKeyPath = file.Get("cert_key", null);
            if ((CertPath == null) != (CertKeyPath == null))
            {
                Problem("cert and cert_key go together: the client certificate and its key (PEM files on the device)");
            }

            User = file.Get("user", null);
            Password = file.Get("password", null);
            if (Network == NetworkKind.Cellular)
            {
                ReadCellular(file);
            }
        }

        // The modem takes every value inside an AT command: nothing may end its string early (AtText).
        private void ReadCellular(ConfigFile file)
        {
            var cellular = new OpenAmi.Firmware.App.Cellular.CellularOptions();
            Check(file.GetInt("keepalive_s", 60, 65535, ref cellular.KeepAliveSeconds));
            Check(OpenAmi.Firmware.App.Cellular.CellularOptions.Make(Apn, BrokerHost, BrokerPort, User, Password, file.Get("sim_pin", null), file.Get("sntp_server", SntpServer), cellular));
            cellular.TlsRequired = BrokerTls;
            Cellular = cellular;
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

            if (Network == NetworkKind.Cellular && Options.FeederId != null && Options.GatewayId != null)
            {
                // The SIM7080 takes topics of at most 128 characters (AT+SMPUB, §17.2.4): openami/v1/<feeder>/<gateway>/
                // meter/<serial>/telemetry keeps 35 for the meter's serial when feeder and gateway take 64 together.
                if (Options.FeederId.Length + Options.GatewayId.Length > 64)
                {
                    Problem("feeder and gateway take at most 64 characters together on cellular: the SIM7080's topics end at 128");
                }

                Check(OpenAmi.Firmware.App.Cellular.AtText.Check("feeder", Options.FeederId, 64));
                Check(OpenAmi.Firmware.App.Cellular.AtText.Check("gateway", Options.GatewayId, 64));
            }
        }

        private void ReadP1(ConfigFile file)
        {
            Check(file.GetInt("ports", 1, 2, ref Ports));
            if (Board != null && Ports > Board.MaxPorts)
            {
                Problem("ports = " + Ports + " but " + Board.Id + " has " + Board.MaxPorts + " P1 port(s)");
            }

            string p1Line = file.Get("p1_line", "auto").ToLower();
            if (p1Line != "auto" && !p1Line.StartsWith("115200-8n1") && !p1Line.StartsWith("9600-7e1"))
            {
                Problem("p1_line is auto (the device finds it), 115200-8N1 (DSMR 4/5, Belgium, Luxembourg) or 9600-7E1 (DSMR 2.2/3), not '" + p1Line + "'");
                p1Line = "auto";
            }

            string iecMode = file.Get("iec_mode", "c").ToLower();
            IecRequest = iecMode == "c";
            if (iecMode != "c" && iecMode != "d")
            {
                Problem("iec_mode is c (the gateway asks the meter through an optical head) or d (the meter pushes by itself), not '" + iecMode + "'");
            }

            Check(file.GetInt("iec_interval_s", 10, 86400, ref IecIntervalSeconds));
            Check(file.GetInt("iec_max_baud", 300, 19200, ref IecMaxBaud));
            string address = file.Get("iec_address", null);
            if (address != null)
            {
                IecAddress = new byte[address.Length];
                for (int i = 0; i < address.Length; i++)
                {
                    IecAddress[i] = (byte)address[i];
                }

                if (address.Length == 0 || address.Length > 32)
                {
                    Problem("iec_address is the meter's device address, 1 to 32 characters");
                }
            }

            string invert = file.Get("invert", "auto");
            if (invert != "auto" && invert != "yes" && invert != "no")
            {
                Problem("invert is auto (the board's wiring), yes (line wired straight to RX) or no (transistor inverter), not '" + invert + "'");
            }

            for (int port = 0; port < MaxPorts; port++)
            {
                string suffix = port == 0 ? "" : "_2";
                string protocolText = file.Get("protocol" + suffix, port == 0 ? "p1" : file.Get("protocol", "p1")).ToLower();
                int protocol = protocolText == "p1" ? MeterFormat.P1
                    : (protocolText == "han" ? MeterFormat.Hdlc : (protocolText == "iec62056-21" ? MeterFormat.Iec62056 : -1));
                if (protocol < 0)
                {
                    if (port < Ports)
                    {
                        Problem("protocol" + suffix + " is p1 (DSMR and eMUCS telegrams), han (DLMS push: Aidon, Kaifa, Kamstrup, L+G, Iskra, Sagemcom) or iec62056-21 (optical readout), not '" + protocolText + "'");
                    }

                    protocol = MeterFormat.P1;
                }

                Protocol[port] = protocol;
                string defaultLine = protocol == MeterFormat.P1 ? p1Line
                    : (protocol == MeterFormat.Hdlc ? "2400-8e1" : (IecRequest ? "300-7e1" : "2400-7e1"));
                string portInvert = port == 0 ? invert : file.Get("invert" + suffix, invert);
                PortInvert[port] = portInvert == "auto"
                    ? (protocol == MeterFormat.P1 && (Board == null || Board.InvertRx))
                    : portInvert == "yes";
                InvertFixed[port] = portInvert != "auto";

                string line = file.Get("line" + suffix, port == 0 ? defaultLine : file.Get("line", defaultLine)).ToLower();
                LineAuto[port] = line == "auto";
                if (LineAuto[port] && protocol != MeterFormat.P1)
                {
                    if (port < Ports)
                    {
                        Problem("line" + suffix + " = auto searches P1's settings; give a " + protocolText + " port its line, e.g. 2400-8e1");
                    }

                    LineAuto[port] = false;
                }
                else if (!LineAuto[port] && !ReadLine(line, port) && port < Ports)
                {
                    Problem("line" + suffix + " is auto (P1), or speed-bits-parity-stop such as 2400-8e1 (Aidon, Kaifa), 2400-8n1 (Kamstrup), 9600-7e1 or "
                        + "115200-8n1, optionally ending in -inverted or -not-inverted, not '" + line + "'");
                }

                if (port < Ports && protocol == MeterFormat.Iec62056 && IecRequest && Board != null && Board.P1TxPins[port] < 0)
                {
                    Problem("protocol" + suffix + " = iec62056-21 in mode c needs a TX pin for the optical head; " + Board.Id + " has none on port " + (port + 1));
                }
            }

            BaudRate = LineBaud[0];
            SevenEvenOne = LineDataBits[0] == 7 && LineParity[0] == 'E';
            InvertRx = PortInvert[0];

            string request = file.Get("request_mode", "hold");
            RequestPulse = request == "pulse";
            if (request != "hold" && request != "pulse")
            {
                Problem("request_mode is hold (data request always on) or pulse (one request per request_interval_s), not '" + request + "'");
            }

            Check(file.GetInt("request_interval_s", 1, 3600, ref RequestIntervalSeconds));
        }

        /// <summary>A port's line as the status names it: "115200-8N1-inverted".</summary>
        public string LineText(int port)
        {
            return LineBaud[port] + "-" + LineDataBits[port] + LineParity[port] + LineStopBits[port] + (PortInvert[port] ? "-inverted" : "-not-inverted");
        }

        // "2400-8e1", optionally "-inverted" or "-not-inverted": speed, data bits, parity, stop bits, polarity.
        private bool ReadLine(string line, int port)
        {
            bool inverted = line.EndsWith("-inverted") && !line.EndsWith("-not-inverted");
            bool notInverted = line.EndsWith("-not-inverted");
            if (inverted || notInverted)
            {
                line = line.Substring(0, line.Length - (inverted ? 9 : 13));
            }

            int dash = line.IndexOf('-');
            int baud;
            if (dash <= 0 || line.Length != dash + 4 || !int.TryParse(line.Substring(0, dash), out baud))
            {
                return false;
            }

            char bits = line[dash + 1];
            char parity = line[dash + 2];
            char stop = line[dash + 3];
            if (baud < 300 || baud > 230400 || (bits != '7' && bits != '8') || (parity != 'n' && parity != 'e' && parity != 'o') || (stop != '1' && stop != '2'))
            {
                return false;
            }

            LineBaud[port] = baud;
            LineDataBits[port] = bits - '0';
            LineParity[port] = parity == 'n' ? 'N' : (parity == 'e' ? 'E' : 'O');
            LineStopBits[port] = stop - '0';
            if (inverted || notInverted)
            {
                PortInvert[port] = inverted;
                InvertFixed[port] = true;
            }

            return true;
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

            // Each status costs about 1 KB of a village SIM's 10-100 MB a month on cellular: hourly there by default.
            o.StatusPeriodSeconds = Network == NetworkKind.Cellular ? 3600 : o.StatusPeriodSeconds;
            Check(file.GetInt("status_every_s", 60, 86400, ref o.StatusPeriodSeconds));
            string mode = file.Get("mode", "vmrs");

            o.Mapping.Mode = mode == "full" ? MappingMode.Full : MappingMode.Vmrs;
            if (mode != "vmrs" && mode != "full")
            {
                Problem("mode is vmrs (VMRS registers only) or full (every register), not '" + mode + "'");
            }

            string ha = file.Get("ha_discovery", "false");
            o.HaDiscovery = ha == "true" || ha == "yes";
            if (!o.HaDiscovery && ha != "false" && ha != "no")
            {
                Problem("ha_discovery is true (announce the meters to Home Assistant over MQTT) or false, not '" + ha + "'");
            }

            o.HaPrefix = file.Get("ha_prefix", o.HaPrefix);
            Check(GatewayOptions.CheckHaPrefix(o.HaPrefix, "ha_prefix"));
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

                // HAN meters that encrypt without a tag (Austria) need no AAD; Luxembourg's P1 has a published one.
                string aad = file.Get("aad", Protocol[0] == MeterFormat.Hdlc ? "none" : "3000112233445566778899AABBCCDDEEFF");
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

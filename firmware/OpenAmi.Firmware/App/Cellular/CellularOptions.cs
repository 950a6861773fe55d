namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// What the SIM7080 link needs from the configuration, checked once (AT safety, the modem's lengths) and kept
    /// as bytes, so that connecting again allocates nothing.
    /// </summary>
    public sealed class CellularOptions
    {
        /// <summary>Longest APN, user and password we send (AT+CNCFG, AT+SMCONF "USERNAME"/"PASSWORD" take more).</summary>
        public const int MaxCredential = 64;

        /// <summary>Longest broker host: AT+SMCONF "URL" takes 246 (§17.2.1), AT+CSSLCFG "SNI" 253 (§11.2.1).</summary>
        public const int MaxHost = 128;

        /// <summary>A CA or client certificate file: AT+CFSWFILE takes files under 10240 bytes (§9.2.2).</summary>
        public const int MaxFileBytes = 10239;

        /// <summary>
        /// MQTT keep-alive: the gateway reports every 15 minutes by default, so a ping is rarely needed, and each
        /// one over TLS costs about 150 bytes of the SIM's data (docs: cellular data budget).
        /// </summary>
        public int KeepAliveSeconds = 1200;

        /// <summary>Broker connection attempts back off from the first wait to the last (Sim7080MqttLink's defaults).</summary>
        public int FirstBrokerBackoffMs = Sim7080MqttLink.FirstBrokerBackoffMs;
        public int MaxBrokerBackoffMs = Sim7080MqttLink.MaxBrokerBackoffMs;

        /// <summary>How often a connected link asks the modem about the session, registration, PDP and signal.</summary>
        public int HealthEveryMs = Sim7080MqttLink.HealthEveryMs;

        public byte[] Apn;
        public byte[] Host;
        public int Port = 1883;
        public byte[] User;
        public byte[] Password;

        /// <summary>The SIM's PIN (digits), or null: entered once per modem start, never again after a refusal.</summary>
        public byte[] SimPin;

        /// <summary>NTP server for AT+CNTP, or null for the network's time (NITZ) only.</summary>
        public byte[] NtpServer;

        /// <summary>mqtts: the broker is reached over TLS only, never in plain text (no CA, no connection).</summary>
        public bool TlsRequired;

        /// <summary>The broker's CA (PEM) that the modem verifies the broker against.</summary>
        public byte[] CaPem;

        /// <summary>Optional client certificate and key (PEM) for mutual TLS.</summary>
        public byte[] ClientCertPem;
        public byte[] ClientKeyPem;

        public bool Tls
        {
            get { return TlsRequired; }
        }

        /// <summary>
        /// Reads and checks the settings; returns null, or the first problem as one line. Nothing unsafe is kept:
        /// an APN, host, user, password, PIN or NTP server that could end an AT string early is refused here.
        /// </summary>
        public static string Make(string apn, string host, int port, string user, string password, string simPin, string ntpServer, CellularOptions into)
        {
            string problem = AtText.Check("apn", apn, MaxCredential);
            problem = problem ?? AtText.Check("broker host", host, MaxHost);
            problem = problem ?? AtText.Check("user", user, MaxCredential);
            problem = problem ?? AtText.Check("password", password, MaxCredential);
            problem = problem ?? AtText.Check("sntp_server", ntpServer, MaxCredential);
            if (problem == null && simPin != null)
            {
                for (int i = 0; i < simPin.Length; i++)
                {
                    if (simPin[i] < '0' || simPin[i] > '9')
                    {
                        problem = "sim_pin is the SIM's PIN, 4 to 8 digits";
                    }
                }

                if (simPin.Length < 4 || simPin.Length > 8)
                {
                    problem = "sim_pin is the SIM's PIN, 4 to 8 digits";
                }
            }

            if (problem != null)
            {
                return problem;
            }

            into.Apn = AtText.Bytes(apn);
            into.Host = AtText.Bytes(host);
            into.Port = port;
            into.User = AtText.Bytes(user);
            into.Password = AtText.Bytes(password);
            into.SimPin = AtText.Bytes(simPin);
            into.NtpServer = ntpServer == null || ntpServer.Length == 0 ? null : AtText.Bytes(ntpServer);
            return null;
        }
    }
}

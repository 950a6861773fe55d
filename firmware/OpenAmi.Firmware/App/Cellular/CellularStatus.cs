using OpenAmi.Gateway;
using OpenAmi.Northbound;
using OpenAmi.Text;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The cellular member of the status message: where the link is, why it is not connected, and the radio as the
    /// modem reports it (AT+CSQ, AT+CEREG?, AT+COPS?, AT+CPSI?). The link's thread updates it; the gateway writes it
    /// under its lock with every status. Pre-encoded words, no allocation.
    /// </summary>
    public sealed class CellularStatus : IStatusSection, INetworkMonitor
    {
        // The link's phases.
        public const int StatePowerUp = 0;
        public const int StateSim = 1;
        public const int StateRegistering = 2;
        public const int StateAttaching = 3;
        public const int StateConnecting = 4;
        public const int StateConnected = 5;
        public const int StateWaiting = 6;
        public const int StateStopped = 7;

        // Why the link is not (or was last not) connected.
        public const int ReasonNone = 0;
        public const int ReasonModemNotAnswering = 1;
        public const int ReasonSimMissing = 2;
        public const int ReasonSimLocked = 3;
        public const int ReasonNotRegistered = 4;
        public const int ReasonRegistrationDenied = 5;
        public const int ReasonPdpFailed = 6;
        public const int ReasonPdpLost = 7;
        public const int ReasonTlsSetupFailed = 8;
        public const int ReasonBrokerRefused = 9;
        public const int ReasonTlsRefused = 10;
        public const int ReasonSessionClosed = 11;
        public const int ReasonPublishFailed = 12;
        public const int ReasonModemRestarted = 13;

        // AT+CEREG? <stat> (§6.2.7), -1 before the first answer.
        public const int RegistrationHome = 1;
        public const int RegistrationRoaming = 5;

        // Access technology: AT+COPS? <netact> 7 and 9 (§3.2.9), or AT+CPSI? "LTE CAT-M1" / "LTE NB-IOT" (§5.2.19).
        public const int TechLteM = 7;
        public const int TechNbIot = 9;

        public const int ClockNone = 0;
        public const int ClockNitz = 1;
        public const int ClockNtp = 2;

        public const int MaxOperator = 32;

        private static readonly byte[] Key = Ascii.GetBytes(",\"cellular\":{\"state\":");
        private static readonly byte[] ReasonKey = Ascii.GetBytes(",\"reason\":");
        private static readonly byte[] RssiKey = Ascii.GetBytes(",\"rssiDbm\":");
        private static readonly byte[] BarsKey = Ascii.GetBytes(",\"bars\":");
        private static readonly byte[] RegistrationKey = Ascii.GetBytes(",\"registration\":");
        private static readonly byte[] OperatorKey = Ascii.GetBytes(",\"operator\":");
        private static readonly byte[] TechKey = Ascii.GetBytes(",\"accessTechnology\":");
        private static readonly byte[] TlsKey = Ascii.GetBytes(",\"tls\":");
        private static readonly byte[] WillKey = Ascii.GetBytes(",\"will\":");
        private static readonly byte[] ClockKey = Ascii.GetBytes(",\"clockSource\":");
        private static readonly byte[] MaxPayloadKey = Ascii.GetBytes(",\"maxPayload\":");
        private static readonly byte[] PowerCyclesKey = Ascii.GetBytes(",\"powerCycles\":");
        private static readonly byte[] ConnectsKey = Ascii.GetBytes(",\"connects\":");
        private static readonly byte[] RefusedKey = Ascii.GetBytes(",\"refused\":");
        private static readonly byte[] Null = Ascii.GetBytes("null");

        private static readonly byte[][] StateNames =
        {
            Ascii.GetQuotedBytes("power_up"), Ascii.GetQuotedBytes("sim"), Ascii.GetQuotedBytes("registering"),
            Ascii.GetQuotedBytes("attaching"), Ascii.GetQuotedBytes("connecting"), Ascii.GetQuotedBytes("connected"),
            Ascii.GetQuotedBytes("waiting"), Ascii.GetQuotedBytes("stopped"),
        };

        private static readonly byte[][] ReasonNames =
        {
            Ascii.GetQuotedBytes("none"), Ascii.GetQuotedBytes("modem_not_answering"), Ascii.GetQuotedBytes("sim_missing"),
            Ascii.GetQuotedBytes("sim_locked"), Ascii.GetQuotedBytes("not_registered"), Ascii.GetQuotedBytes("registration_denied"),
            Ascii.GetQuotedBytes("pdp_failed"), Ascii.GetQuotedBytes("pdp_lost"), Ascii.GetQuotedBytes("tls_setup_failed"),
            Ascii.GetQuotedBytes("broker_refused"), Ascii.GetQuotedBytes("tls_refused"), Ascii.GetQuotedBytes("session_closed"),
            Ascii.GetQuotedBytes("publish_failed"), Ascii.GetQuotedBytes("modem_restarted"),
        };

        private static readonly byte[] Home = Ascii.GetQuotedBytes("home");
        private static readonly byte[] Roaming = Ascii.GetQuotedBytes("roaming");
        private static readonly byte[] Searching = Ascii.GetQuotedBytes("searching");
        private static readonly byte[] Denied = Ascii.GetQuotedBytes("denied");
        private static readonly byte[] NotRegistered = Ascii.GetQuotedBytes("not_registered");
        private static readonly byte[] Unknown = Ascii.GetQuotedBytes("unknown");
        private static readonly byte[] LteM = Ascii.GetQuotedBytes("lte-m");
        private static readonly byte[] NbIot = Ascii.GetQuotedBytes("nb-iot");
        private static readonly byte[] Gsm = Ascii.GetQuotedBytes("gsm");
        private static readonly byte[] Nitz = Ascii.GetQuotedBytes("nitz");
        private static readonly byte[] Ntp = Ascii.GetQuotedBytes("ntp");

        private readonly object _sync = new object();
        private readonly byte[] _operator = new byte[MaxOperator];
        private int _operatorLength;

        public CellularStatus()
        {
            Registration = -1;
            Rssi = 99;
            Tech = -1;
        }

        public int State { get; private set; }

        public int Reason { get; private set; }

        /// <summary>AT+CSQ &lt;rssi&gt;: 0–31, 99 unknown (§3.2.16).</summary>
        public int Rssi { get; set; }

        public int Registration { get; set; }

        public int Tech { get; set; }

        public bool Tls { get; set; }

        /// <summary>True once the modem holds the will exactly as the gateway wants it (read back with AT+SMCONF?).</summary>
        public bool WillSet { get; set; }

        public int ClockSource { get; set; }

        /// <summary>The longest payload AT+SMPUB takes, as the modem said (AT+SMPUB=?), or 0 before it did.</summary>
        public int MaxPayload { get; set; }

        public int PowerCycles { get; set; }

        public int Connects { get; set; }

        /// <summary>Messages the modem can never publish (longer than it takes, or a topic an AT command cannot carry).</summary>
        public int Refused { get; set; }

        /// <summary>RSSI in dBm from AT+CSQ (0 is -115 dBm or less, 2–30 are -110 to -54, 31 is -52 or more), or 0 when unknown.</summary>
        public int RssiDbm
        {
            get
            {
                int rssi = Rssi;
                return rssi == 99 || rssi < 0 ? 0 : (rssi == 0 ? -115 : (rssi == 1 ? -111 : -114 + (2 * rssi)));
            }
        }

        /// <summary>Bars 0–4: 4 from -73 dBm up, 3 from -83, 2 from -93, 1 from -109, else (or unknown) 0.</summary>
        public int Bars
        {
            get
            {
                int rssi = Rssi;
                return rssi == 99 || rssi < 2 ? 0 : (rssi >= 20 ? 4 : (rssi >= 15 ? 3 : (rssi >= 10 ? 2 : 1)));
            }
        }

        /// <summary>
        /// For the LED: the network is up once the modem is registered with a data context (connecting or
        /// connected, or waiting after the broker, not the radio, refused).
        /// </summary>
        public bool IsUp
        {
            get
            {
                int state = State;
                int reason = Reason;
                return state == StateConnected || state == StateConnecting
                    || (state == StateWaiting && (reason == ReasonBrokerRefused || reason == ReasonTlsRefused || reason == ReasonTlsSetupFailed
                        || reason == ReasonSessionClosed || reason == ReasonPublishFailed));
            }
        }

        public void Set(int state, int reason)
        {
            State = state;
            Reason = reason;
        }

        public void SetState(int state)
        {
            State = state;
        }

        /// <summary>Copies the operator's name (printable ASCII only; the rest become '?').</summary>
        public void SetOperator(byte[] source, int start, int length)
        {
            lock (_sync)
            {
                int n = length < MaxOperator ? length : MaxOperator;
                for (int i = 0; i < n; i++)
                {
                    byte b = source[start + i];
                    _operator[i] = b < ' ' || b > '~' ? (byte)'?' : b;
                }

                _operatorLength = n;
            }
        }

        public void Write(JsonBuffer j)
        {
            lock (_sync)
            {
                j.Raw(Key);
                j.Raw(StateNames[State]);
                j.Raw(ReasonKey);
                j.Raw(ReasonNames[Reason]);
                j.Raw(RssiKey);
                if (RssiDbm == 0)
                {
                    j.Raw(Null);
                }
                else
                {
                    j.Number(RssiDbm);
                }

                j.Raw(BarsKey);
                j.Number(Bars);
                j.Raw(RegistrationKey);
                j.Raw(RegistrationName(Registration));
                j.Raw(OperatorKey);
                if (_operatorLength == 0)
                {
                    j.Raw(Null);
                }
                else
                {
                    j.String(_operator, 0, _operatorLength);
                }

                j.Raw(TechKey);
                j.Raw(Tech == TechLteM ? LteM : (Tech == TechNbIot ? NbIot : (Tech == 0 ? Gsm : Unknown)));
                j.Raw(TlsKey);
                j.Boolean(Tls);
                j.Raw(WillKey);
                j.Boolean(WillSet);
                j.Raw(ClockKey);
                j.Raw(ClockSource == ClockNtp ? Ntp : (ClockSource == ClockNitz ? Nitz : Null));
                j.Raw(MaxPayloadKey);
                j.Number(MaxPayload);
                j.Raw(PowerCyclesKey);
                j.Number(PowerCycles);
                j.Raw(ConnectsKey);
                j.Number(Connects);
                j.Raw(RefusedKey);
                j.Number(Refused);
                j.Raw('}');
            }
        }

        /// <summary>The status word of a reason, for the console ("sim_missing").</summary>
        public static byte[] ReasonName(int reason)
        {
            return ReasonNames[reason];
        }

        private static byte[] RegistrationName(int stat)
        {
            switch (stat)
            {
                case 1:
                    return Home;
                case 5:
                    return Roaming;
                case 2:
                    return Searching;
                case 3:
                    return Denied;
                case 0:
                    return NotRegistered;
                default:
                    return Unknown;
            }
        }
    }
}

using C = OpenAmi.Firmware.App.Cellular.Sim7080Commands;
using S = OpenAmi.Firmware.App.Cellular.CellularStatus;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The steps from a silent modem to a session, and the recoveries. Each step sends one command (or waits) and
    /// its result picks the next; a failure records why in the status and goes back as far as it must.
    /// </summary>
    public sealed partial class Sim7080MqttLink
    {
        /// <summary>Below this the modem is given up on and power-cycled: a SIM7080 answers "AT" within seconds of RDY.</summary>
        public const int BootWaitMs = 15000;

        /// <summary>PWRKEY held this long switches the modem (the hardware design asks for more than a second).</summary>
        public const int PowerKeyMs = 1200;

        /// <summary>Registration that takes longer than this gets the modem power-cycled (a radio stuck on a bad cell).</summary>
        public const long RegistrationGiveUpMs = 10L * 60 * 1000;

        /// <summary>Connection attempts to the broker back off to this: each one over TLS costs ~5 KB of the SIM's data.</summary>
        public const int MaxBrokerBackoffMs = 2 * 3600 * 1000;

        public const int FirstBrokerBackoffMs = 30000;

        /// <summary>How often a connected link asks the modem about the session, registration, PDP and signal (AT only, no radio traffic).</summary>
        public const int HealthEveryMs = 60000;

        /// <summary>The time is taken again from NTP this often.</summary>
        public const long NtpEveryMs = 24L * 3600 * 1000;

        private const int StateStart = 0;
        private const int StatePowerKey = 1;
        private const int StateSupplyOff = 2;
        private const int StateProbe = 3;
        private const int StateEchoOff = 4;
        private const int StateErrorCodes = 5;
        private const int StateSim = 6;
        private const int StateSimPin = 7;
        private const int StateNetworkTime = 8;
        private const int StateRegistration = 9;
        private const int StateOperator = 10;
        private const int StateSystem = 11;
        private const int StateSignal = 12;
        private const int StatePdpConfigure = 13;
        private const int StatePdpQuery = 14;
        private const int StatePdpActivate = 15;
        private const int StateNtpConfigure = 16;
        private const int StateNtpRun = 17;
        private const int StateNtpWait = 18;
        private const int StateFilesInit = 19;
        private const int StateFileWrite = 20;
        private const int StateFilesTerm = 21;
        private const int StateTlsVersion = 22;
        private const int StateTlsName = 23;
        private const int StateTlsRtc = 24;
        private const int StateTlsCa = 25;
        private const int StateTlsCertificate = 26;
        private const int StateTlsSelect = 27;
        private const int StateUrl = 28;
        private const int StateClientId = 29;
        private const int StateKeepAlive = 30;
        private const int StateKeepSession = 31;
        private const int StateQos = 32;
        private const int StateRetain = 33;
        private const int StateWillTopic = 34;
        private const int StateWillMessage = 35;
        private const int StateWillCheck = 36;
        private const int StateWillClearTopic = 37;
        private const int StateWillClearMessage = 38;
        private const int StateUser = 39;
        private const int StatePassword = 40;
        private const int StateLimits = 41;
        private const int StateConnect = 42;
        private const int StateSubscribe = 43;
        private const int StateIdle = 44;
        private const int StatePublish = 45;
        private const int StateHealthSession = 46;
        private const int StateHealthRegistration = 47;
        private const int StateHealthPdp = 48;
        private const int StateHealthSignal = 49;
        private const int StateHealthOperator = 50;
        private const int StateHealthSystem = 51;
        private const int StateDisconnect = 52;
        private const int StateWait = 53;
        private const int StateStopped = 54;
        private const int StateDropStale = 55;
        private const int StateAttach = 56;

        private int _state;
        private long _timer;
        private int _resume;
        private int _cycles;
        private int _fileIndex;
        private int _brokerBackoffMs = -1;
        private int _pdpFailures;
        private long _registeringSinceMs = -1;
        private long _nextHealthMs;
        private long _nextNtpMs;
        private bool _pinTried;
        private bool _pdpUp;
        private bool _ntpDone;
        private bool _filesWritten;
        private bool _filesRetried;
        private bool _firstSwitchOn = true;
        private bool _sessionMaybeUp;

        /// <summary>The step the link is at, for tests and the console.</summary>
        public int StepNumber
        {
            get { return _state; }
        }

        private void Advance(long now)
        {
            if (_stopping && !_connected && _state != StateStopped && _state != StateDisconnect)
            {
                Status.Set(S.StateStopped, S.ReasonNone);
                _state = StateStopped;
                _stopped = true;
                return;
            }

            switch (_state)
            {
                case StateStart:
                    Status.Set(S.StatePowerUp, S.ReasonNone);
                    _timer = now + 3000; // an ESP32 reboot leaves the modem on: ask before pressing PWRKEY
                    Go(StateProbe);
                    return;
                case StatePowerKey:
                    if (now >= _timer)
                    {
                        _power.SetPowerKey(false);
                        _timer = now + BootWaitMs;
                        Go(StateProbe);
                    }

                    return;
                case StateSupplyOff:
                    if (now >= _timer)
                    {
                        _power.SetSupply(true);
                        PressPowerKey(now);
                    }

                    return;
                case StateProbe:
                    if (now >= _timer)
                    {
                        PowerCycle(now);
                    }
                    else
                    {
                        Begin(C.At);
                        Send(1000);
                    }

                    return;
                case StatePdpActivate:
                    // Activated: wait for "+APP PDP: 0,ACTIVE" (or ask again after 30 s).
                    if (_pdpUp || now >= _timer)
                    {
                        Go(StatePdpQuery);
                    }

                    return;
                case StateNtpWait:
                    if (_ntpDone || now >= _timer)
                    {
                        AfterNtp();
                    }

                    return;
                case StateWait:
                    if (now >= _timer)
                    {
                        Go(_resume);
                    }

                    return;
                case StateIdle:
                    Idle(now);
                    return;
                case StateStopped:
                    return;
            }
        }

        private void Idle(long now)
        {
            if (_subscribedCount < _filterCount)
            {
                Go(StateSubscribe);
                return;
            }

            if (_queued > 0)
            {
                Go(StatePublish);
                return;
            }

            if (_stopping)
            {
                Go(StateDisconnect);
                return;
            }

            if (now >= _nextHealthMs)
            {
                _nextHealthMs = now + _options.HealthEveryMs;
                Go(StateHealthSession);
                return;
            }

            if (_options.NtpServer != null && now >= _nextNtpMs)
            {
                Go(StateNtpConfigure);
            }
        }

        /// <summary>Enters <paramref name="state"/>: sends its command, or starts its wait.</summary>
        private void Go(int state)
        {
            _state = state;
            _answer = 0;
            _answerSeen = false;
            long now = _clock.TickMs;
            switch (state)
            {
                case StateProbe:
                    Begin(C.At);
                    Send(1000);
                    return;
                case StateEchoOff:
                    Begin(C.EchoOff);
                    break;
                case StateErrorCodes:
                    Begin(C.ErrorCodes);
                    break;
                case StateSim:
                    Status.SetState(S.StateSim);
                    Begin(C.PinQuery);
                    Send(5000); // §3.2.11: max response 5 s
                    return;
                case StateSimPin:
                    _pinTried = true;
                    Begin(C.PinEnter);
                    Add(_options.SimPin);
                    Add(C.PinTail);
                    Send(5000);
                    return;
                case StateNetworkTime:
                    Begin(C.NetworkTimeOn);
                    break;
                case StateRegistration:
                    Status.SetState(S.StateRegistering);
                    if (_registeringSinceMs < 0)
                    {
                        _registeringSinceMs = now;
                    }

                    Begin(C.RegistrationQuery);
                    break;
                case StateAttach:
                    Begin(C.AttachQuery);
                    break;
                case StateOperator:
                case StateHealthOperator:
                    Begin(C.OperatorQuery);
                    break;
                case StateSystem:
                case StateHealthSystem:
                    Begin(C.SystemQuery);
                    break;
                case StateSignal:
                case StateHealthSignal:
                    Begin(C.SignalQuery);
                    break;
                case StatePdpConfigure:
                    Status.SetState(S.StateAttaching);
                    Begin(C.PdpConfigure);
                    Add(_options.Apn);
                    Add(C.Quote);
                    break;
                case StatePdpQuery:
                case StateHealthPdp:
                    Begin(C.PdpQuery);
                    break;
                case StatePdpActivate:
                    _pdpUp = false;
                    Begin(C.PdpActivate);
                    Send(30000);
                    return;
                case StateNtpConfigure:
                    Begin(C.NtpConfigure);
                    Add(_options.NtpServer);
                    Add(C.NtpConfigureTail);
                    break;
                case StateNtpRun:
                    _ntpDone = false;
                    Begin(C.NtpRun);
                    break;
                case StateFilesInit:
                    _fileIndex = 0;
                    Begin(C.FilesInit);
                    break;
                case StateFileWrite:
                    BeginFileWrite();
                    return;
                case StateFilesTerm:
                    Begin(C.FilesTerm);
                    break;
                case StateTlsVersion:
                    Begin(C.TlsVersion);
                    break;
                case StateTlsName:
                    Begin(C.TlsServerName);
                    Add(_options.Host);
                    Add(C.Quote);
                    break;
                case StateTlsRtc:
                    // The modem checks a certificate's dates against its clock: until the network gave the time, it
                    // would refuse every certificate, so only then are the dates skipped (the chain is checked always).
                    Begin(C.TlsIgnoreRtc);
                    AddNumber(_networkClock != null && _networkClock.IsTrusted ? 0 : 1);
                    break;
                case StateTlsCa:
                    Begin(C.TlsConvertCa);
                    Add(C.CaFile);
                    Add(C.Quote);
                    break;
                case StateTlsCertificate:
                    Begin(C.TlsConvertCertificate);
                    Add(C.CertificateFile);
                    Add(C.Between);
                    Add(C.KeyFile);
                    Add(C.Quote);
                    break;
                case StateTlsSelect:
                    Begin(C.MqttTls);
                    Add(C.CaFile);
                    Add(C.Between);
                    if (_options.ClientCertPem != null)
                    {
                        Add(C.CertificateFile);
                    }

                    Add(C.Quote);
                    break;
                case StateUrl:
                    Status.SetState(S.StateConnecting);
                    Begin(C.MqttUrl);
                    Add(_options.Host);
                    Add(C.QuoteComma);
                    AddNumber(_options.Port);
                    break;
                case StateClientId:
                    Begin(C.MqttClientId);
                    Add(_clientId);
                    Add(C.Quote);
                    break;
                case StateKeepAlive:
                    Begin(C.MqttKeepAlive);
                    AddNumber(_options.KeepAliveSeconds);
                    break;
                case StateKeepSession:
                    Begin(C.MqttKeepSession);
                    break;
                case StateQos:
                    Begin(C.MqttQos);
                    break;
                case StateRetain:
                    Begin(C.MqttRetain);
                    break;
                case StateWillTopic:
                    Begin(C.MqttWillTopic);
                    Add(_willTopic);
                    Add(C.Quote);
                    break;
                case StateWillMessage:
                    Begin(C.MqttWillMessage);
                    Add(_willEscaped, _willEscapedLength);
                    Add(C.Quote);
                    break;
                case StateWillCheck:
                    Begin(C.MqttConfigQuery);
                    break;
                case StateWillClearTopic:
                    Begin(C.MqttWillTopic);
                    Add(C.Quote);
                    break;
                case StateWillClearMessage:
                    Begin(C.MqttWillMessage);
                    Add(C.Quote);
                    break;
                case StateUser:
                    Begin(C.MqttUser);
                    Add(_options.User);
                    Add(C.Quote);
                    break;
                case StatePassword:
                    Begin(C.MqttPassword);
                    Add(_options.Password);
                    Add(C.Quote);
                    break;
                case StateLimits:
                    Begin(C.PublishLimits);
                    break;
                case StateConnect:
                    Begin(C.MqttConnect);
                    Send(90000); // TLS over NB-IoT: a handshake can take a minute
                    return;
                case StateSubscribe:
                    Begin(C.Subscribe);
                    Add(_filters[_subscribedCount]);
                    Add(C.QosOne);
                    Send(15000);
                    return;
                case StatePublish:
                    BeginPublish();
                    return;
                case StateHealthSession:
                    Begin(C.SessionQuery);
                    break;
                case StateHealthRegistration:
                    Begin(C.RegistrationQuery);
                    break;
                case StateDisconnect:
                case StateDropStale:
                    Begin(C.MqttDisconnect);
                    break;
                case StateIdle:
                case StateWait:
                case StateStopped:
                case StatePowerKey:
                case StateSupplyOff:
                case StateNtpWait:
                    return;
            }

            Send(5000);
        }
    }
}

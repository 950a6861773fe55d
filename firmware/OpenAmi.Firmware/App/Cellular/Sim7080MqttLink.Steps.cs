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

        /// <summary>The command in flight ended with <paramref name="result"/>: decide what comes next.</summary>
        private void Finish(int result)
        {
            bool ok = result == ResultOk;
            if (result == ResultTimeout && _state != StateProbe && _state != StateConnect && _state != StatePdpActivate && _state != StatePublish)
            {
                NotAnswering();
                return;
            }

            switch (_state)
            {
                case StateProbe:
                    if (ok)
                    {
                        _cycles = 0;
                        _firstSwitchOn = false;
                        Go(StateEchoOff);
                    }

                    return; // else Advance asks again until the probe's time is up
                case StateEchoOff:
                    Go(StateErrorCodes);
                    return;
                case StateErrorCodes:
                    Go(StateSim);
                    return;
                case StateSim:
                    FinishSim(ok);
                    return;
                case StateSimPin:
                    if (ok)
                    {
                        Go(StateSim);
                    }
                    else
                    {
                        Fail(S.ReasonSimLocked, StateSim, 60000); // never a second try: three wrong PINs lock the SIM
                    }

                    return;
                case StateNetworkTime:
                    Go(StateRegistration);
                    return;
                case StateRegistration:
                    FinishRegistration();
                    return;
                case StateAttach:
                    if (_answerSeen && _answer == 1)
                    {
                        Go(StateOperator);
                    }
                    else
                    {
                        Fail(S.ReasonNotRegistered, StateRegistration, 3000); // registered, but not yet on the packet service
                    }

                    return;
                case StateOperator:
                    Go(StateSystem);
                    return;
                case StateSystem:
                    Go(StateSignal);
                    return;
                case StateSignal:
                    Go(StatePdpConfigure);
                    return;
                case StatePdpConfigure:
                    Go(StatePdpQuery);
                    return;
                case StatePdpQuery:
                    if (_answerSeen && _answer == 1)
                    {
                        _pdpFailures = 0;
                        AfterPdp();
                    }
                    else
                    {
                        Go(StatePdpActivate);
                    }

                    return;
                case StatePdpActivate:
                    if (ok)
                    {
                        _timer = _clock.TickMs + 30000;
                        return; // Advance waits for +APP PDP
                    }

                    _pdpFailures++;
                    if (_pdpFailures >= 5)
                    {
                        _pdpFailures = 0;
                        Status.Set(Status.State, S.ReasonPdpFailed);
                        PowerCycle(_clock.TickMs);
                        return;
                    }

                    Fail(S.ReasonPdpFailed, StateRegistration, 10000 * _pdpFailures);
                    return;
                case StateNtpConfigure:
                    Go(ok ? StateNtpRun : StateNtpWait);
                    if (!ok)
                    {
                        _ntpDone = true;
                    }

                    return;
                case StateNtpRun:
                    _timer = _clock.TickMs + 30000;
                    _ntpDone = _ntpDone || !ok; // the result may come before the OK
                    _state = StateNtpWait;
                    return;
                case StateFilesInit:
                    if (!ok && _filesRetried)
                    {
                        Fail(S.ReasonTlsSetupFailed, StateRegistration, BrokerBackoff());
                        return;
                    }

                    if (!ok)
                    {
                        // A buffer left from an interrupted write: free it and start again, once.
                        _filesRetried = true;
                        Begin(C.FilesTerm);
                        _state = StateFilesTerm;
                        _fileIndex = -1;
                        Send(5000);
                        return;
                    }

                    Go(StateFileWrite);
                    return;
                case StateFileWrite:
                    if (!ok)
                    {
                        Fail(S.ReasonTlsSetupFailed, StateRegistration, BrokerBackoff());
                        return;
                    }

                    _fileIndex++;
                    if (NextFile() == null)
                    {
                        Go(StateFilesTerm);
                    }
                    else
                    {
                        Go(StateFileWrite);
                    }

                    return;
                case StateFilesTerm:
                    if (_fileIndex < 0)
                    {
                        Go(StateFilesInit);
                        return;
                    }

                    _filesWritten = true;
                    _filesRetried = false;
                    Go(StateTlsVersion);
                    return;
                case StateTlsVersion:
                case StateTlsName:
                case StateTlsRtc:
                case StateTlsCa:
                case StateTlsCertificate:
                case StateTlsSelect:
                    FinishTls(ok);
                    return;
                case StateUrl:
                case StateClientId:
                case StateKeepAlive:
                case StateKeepSession:
                case StateQos:
                case StateRetain:
                case StateUser:
                case StatePassword:
                case StateLimits:
                    FinishSetting(ok);
                    return;
                case StateWillTopic:
                    Go(ok ? StateWillMessage : StateWillClearTopic);
                    return;
                case StateWillMessage:
                    Go(ok ? StateWillCheck : StateWillClearTopic);
                    return;
                case StateWillCheck:
                    Status.WillSet = ok && _answerSeen && _answer == 1;
                    Go(Status.WillSet ? AfterWill() : StateWillClearTopic);
                    return;
                case StateWillClearTopic:
                    Go(StateWillClearMessage);
                    return;
                case StateWillClearMessage:
                    Status.WillSet = false;
                    Go(AfterWill());
                    return;
                case StateConnect:
                    if (ok)
                    {
                        _brokerBackoffMs = _options.FirstBrokerBackoffMs;
                        _registeringSinceMs = -1;
                        _nextHealthMs = _clock.TickMs + _options.HealthEveryMs;
                        _sessionMaybeUp = true;
                        Connected();
                        _state = StateIdle;
                    }
                    else
                    {
                        Fail(_options.Tls ? S.ReasonTlsRefused : S.ReasonBrokerRefused, StateRegistration, BrokerBackoff());
                    }

                    return;
                case StateSubscribe:
                    if (!ok)
                    {
                        OnSessionTrouble(S.ReasonSessionClosed);
                        return;
                    }

                    _subscribedCount++;
                    _state = StateIdle;
                    return;
                case StatePublish:
                    FinishPublish(ok);
                    return;
                case StateHealthSession:
                    if (_answerSeen && _answer == 0)
                    {
                        _sessionMaybeUp = false;
                        OnSessionClosed();
                        return;
                    }

                    Go(StateHealthRegistration);
                    return;
                case StateHealthRegistration:
                    if (_answerSeen && _answer != S.RegistrationHome && _answer != S.RegistrationRoaming)
                    {
                        Lost(S.ReasonNotRegistered);
                        Go(StateRegistration);
                        return;
                    }

                    Go(StateHealthPdp);
                    return;
                case StateHealthPdp:
                    if (_answerSeen && _answer != 1)
                    {
                        OnPdpLost();
                        return;
                    }

                    Go(StateHealthSignal);
                    return;
                case StateHealthSignal:
                    Go(StateHealthOperator);
                    return;
                case StateHealthOperator:
                    Go(StateHealthSystem);
                    return;
                case StateHealthSystem:
                    _state = StateIdle;
                    return;
                case StateDropStale:
                    _sessionMaybeUp = false;
                    Go(StateConnect);
                    return;
                case StateDisconnect:
                    Lost(S.ReasonNone);
                    Status.Set(S.StateStopped, S.ReasonNone);
                    _state = StateStopped;
                    _stopped = true;
                    return;
            }
        }

        private void FinishSim(bool ok)
        {
            if (_answer == 1)
            {
                Go(StateNetworkTime);
            }
            else if (_answer == 2 && _options.SimPin != null && !_pinTried)
            {
                Go(StateSimPin);
            }
            else if (_answer == 2 || _answer == 3)
            {
                Fail(S.ReasonSimLocked, StateSim, 60000);
            }
            else if (_cme == 10 || _answer == 4)
            {
                Fail(S.ReasonSimMissing, StateSim, 30000);
            }
            else
            {
                Fail(ok ? S.ReasonSimMissing : (_cme == 11 || _cme == 12 ? S.ReasonSimLocked : S.ReasonSimMissing), StateSim, 10000);
            }
        }

        private void FinishRegistration()
        {
            int stat = _answer;
            if (stat == S.RegistrationHome || stat == S.RegistrationRoaming)
            {
                Go(StateAttach);
                return;
            }

            long now = _clock.TickMs;
            if (_registeringSinceMs >= 0 && now - _registeringSinceMs > RegistrationGiveUpMs)
            {
                _registeringSinceMs = -1;
                Status.Set(S.StateRegistering, stat == 3 ? S.ReasonRegistrationDenied : S.ReasonNotRegistered);
                PowerCycle(now);
                return;
            }

            Fail(stat == 3 ? S.ReasonRegistrationDenied : S.ReasonNotRegistered, StateRegistration, stat == 3 ? 60000 : 3000);
            Status.SetState(S.StateRegistering);
        }

        private void FinishTls(bool ok)
        {
            if (!ok)
            {
                // Never on to the broker without it: a failed TLS setup is a status, not plain MQTT.
                Fail(S.ReasonTlsSetupFailed, StateRegistration, BrokerBackoff());
                return;
            }

            switch (_state)
            {
                case StateTlsVersion:
                    Go(StateTlsName);
                    return;
                case StateTlsName:
                    Go(StateTlsRtc);
                    return;
                case StateTlsRtc:
                    Go(StateTlsCa);
                    return;
                case StateTlsCa:
                    Go(_options.ClientCertPem != null ? StateTlsCertificate : StateTlsSelect);
                    return;
                case StateTlsCertificate:
                    Go(StateTlsSelect);
                    return;
                default:
                    Go(StateUrl);
                    return;
            }
        }

        private void FinishSetting(bool ok)
        {
            if (!ok)
            {
                Fail(S.ReasonBrokerRefused, StateRegistration, BrokerBackoff());
                return;
            }

            switch (_state)
            {
                case StateUrl:
                    Go(_clientId != null ? StateClientId : StateKeepAlive);
                    return;
                case StateClientId:
                    Go(StateKeepAlive);
                    return;
                case StateKeepAlive:
                    Go(StateKeepSession);
                    return;
                case StateKeepSession:
                    Go(StateQos);
                    return;
                case StateQos:
                    Go(StateRetain);
                    return;
                case StateRetain:
                    Go(_willTopic != null && _willEscapedLength >= 0 ? StateWillTopic : StateWillClearTopic);
                    return;
                case StateUser:
                    Go(_options.Password != null ? StatePassword : StateLimits);
                    return;
                case StatePassword:
                    Go(StateLimits);
                    return;
                default:
                    // A session the modem may still hold (a publish it refused) must go first: AT+SMCONN would fail.
                    Go(_sessionMaybeUp ? StateDropStale : StateConnect);
                    return;
            }
        }

        private int AfterWill()
        {
            return _options.User != null ? StateUser : (_options.Password != null ? StatePassword : StateLimits);
        }

        private void AfterPdp()
        {
            if (_options.NtpServer != null && _clock.TickMs >= _nextNtpMs)
            {
                Go(StateNtpConfigure);
                return;
            }

            AfterNtp();
        }

        private void AfterNtp()
        {
            if (_state == StateNtpWait || _state == StateNtpConfigure || _state == StateNtpRun)
            {
                // Taken or not, asked again in a day (NITZ keeps the clock meanwhile, if the network sends it).
                _nextNtpMs = _clock.TickMs + (_networkClock != null && _networkClock.Source == S.ClockNtp ? NtpEveryMs : 3600000);
                if (_connected)
                {
                    _state = StateIdle;
                    return;
                }
            }

            if (_options.Tls && (_options.CaPem == null || _options.CaPem.Length > CellularOptions.MaxFileBytes))
            {
                Fail(S.ReasonTlsSetupFailed, StateRegistration, _options.MaxBrokerBackoffMs); // no CA, no broker: never plain text
            }
            else if (_options.Tls)
            {
                Go(_filesWritten ? StateTlsVersion : StateFilesInit);
            }
            else
            {
                Go(StateUrl);
            }
        }

        // ---- the CA and client files, written once per modem power-up (§9.2.2) ----

        private byte[] NextFile()
        {
            switch (_fileIndex)
            {
                case 0:
                    return _options.CaPem;
                case 1:
                    return _options.ClientCertPem;
                case 2:
                    return _options.ClientKeyPem;
                default:
                    return null;
            }
        }

        private void BeginFileWrite()
        {
            byte[] file = NextFile();
            Begin(C.FileWrite);
            Add(_fileIndex == 0 ? C.CaFile : (_fileIndex == 1 ? C.CertificateFile : C.KeyFile));
            Add(C.FileWriteMode);
            AddNumber(file.Length);
            Add(C.FileWriteTime);
            Send(15000);
        }

        // "DOWNLOAD": the modem takes the file's bytes now.
        private void WriteFile()
        {
            byte[] file = NextFile();
            if (file != null)
            {
                _at.Write(file, 0, file.Length);
            }
        }

        // ---- publishing ----

        private void BeginPublish()
        {
            int slot = _head;
            Begin(C.Publish);
            Add(_slotTopic[slot], _slotTopicLength[slot]);
            Add(C.QuoteComma);
            AddNumber(_slotLength[slot]);
            _cmd[_cmdLength++] = (byte)',';
            AddNumber(_slotId[slot] == 0 ? 0 : 1);
            _cmd[_cmdLength++] = (byte)',';
            AddNumber(_slotRetain[slot] ? 1 : 0);
            _at.PromptExpected = true;
            Send(30000);
        }

        private void OnPrompt()
        {
            if (_state == StatePublish && _queued > 0)
            {
                int slot = _head;
                _at.Write(_slotPayload[slot], 0, _slotLength[slot]);
            }
        }

        private void FinishPublish(bool ok)
        {
            _at.PromptExpected = false;
            if (!ok)
            {
                // The modem could not deliver it: the session is suspect. Lost() hands every queued id back to the outbox.
                OnSessionTrouble(S.ReasonPublishFailed);
                return;
            }

            int id;
            lock (_sync)
            {
                id = _slotId[_head];
                _head = (_head + 1) % QueueSlots;
                _queued--;
            }

            _state = StateIdle;
            if (id != 0)
            {
                _listener.OnPublishAcknowledged(id);
            }
        }

        // ---- failures and recoveries ----

        /// <summary>Records why, waits <paramref name="waitMs"/>, then resumes at <paramref name="resume"/>.</summary>
        private void Fail(int reason, int resume, int waitMs)
        {
            Lost(reason);
            Status.Set(S.StateWaiting, reason);
            _resume = resume;
            _timer = _clock.TickMs + waitMs;
            _state = StateWait;
        }

        private int BrokerBackoff()
        {
            int max = _options.MaxBrokerBackoffMs;
            int wait = _brokerBackoffMs < 0 ? _options.FirstBrokerBackoffMs : _brokerBackoffMs;
            _brokerBackoffMs = wait >= max / 2 ? max : wait * 2;
            return wait;
        }

        // A command got no answer at all: ask "AT" for a while, then power-cycle.
        private void NotAnswering()
        {
            Lost(S.ReasonModemNotAnswering);
            Status.Set(S.StatePowerUp, S.ReasonModemNotAnswering);
            _at.Reset();
            _timer = _clock.TickMs + 5000;
            Go(StateProbe);
        }

        // PWRKEY first (twice: a modem that was on and hung is switched off by the first press), then the supply.
        private void PowerCycle(long now)
        {
            if (_firstSwitchOn)
            {
                // The modem was off (a cold start): switching it on is no recovery.
                _firstSwitchOn = false;
                PressPowerKey(now);
                return;
            }

            Lost(Status.Reason == S.ReasonNone ? S.ReasonModemNotAnswering : Status.Reason);
            if (Status.Reason == S.ReasonNone)
            {
                Status.Set(S.StatePowerUp, S.ReasonModemNotAnswering);
            }

            Status.SetState(S.StatePowerUp);
            Status.PowerCycles++;
            _cycles++;
            _sessionMaybeUp = false;
            _filesWritten = false;
            _pinTried = false;
            _at.Reset();
            if (_cycles % 3 == 0 && _power.SetSupply(false))
            {
                _timer = now + 2000;
                _state = StateSupplyOff;
                return;
            }

            PressPowerKey(now);
        }

        private void PressPowerKey(long now)
        {
            _power.SetPowerKey(true);
            _timer = now + PowerKeyMs;
            _state = StatePowerKey;
        }

        private void OnPdpLost()
        {
            if (_state < StatePdpConfigure && !_connected)
            {
                return; // not up yet: the bring-up asks for it anyway
            }

            _pdpUp = false;
            Fail(S.ReasonPdpLost, StateRegistration, 2000);
        }

        private void OnSessionClosed()
        {
            if (_state == StateDisconnect || _state == StateStopped)
            {
                return;
            }

            OnSessionTrouble(S.ReasonSessionClosed);
        }

        // The broker session is gone or suspect: check the radio and PDP, then connect again.
        private void OnSessionTrouble(int reason)
        {
            _awaiting = false;
            _at.PromptExpected = false;
            Fail(reason, StateRegistration, 1000);
        }

        private void OnSimGone()
        {
            _pinTried = false;
            Fail(S.ReasonSimMissing, StateSim, 30000);
        }

        // RDY: the modem started (again); a power-down notice: it is going off.
        private void OnModemRestart(bool ready)
        {
            if (_state == StateProbe || _state == StatePowerKey || _state == StateSupplyOff || _state == StateStart)
            {
                return;
            }

            _awaiting = false;
            _filesWritten = false;
            _pinTried = false;
            Lost(S.ReasonModemRestarted);
            Status.Set(S.StatePowerUp, S.ReasonModemRestarted);
            _at.Reset();
            if (ready)
            {
                _timer = _clock.TickMs + BootWaitMs;
                Go(StateProbe);
            }
            else
            {
                PowerCycle(_clock.TickMs);
            }
        }
    }
}

using C = OpenAmi.Firmware.App.Cellular.Sim7080Commands;
using S = OpenAmi.Firmware.App.Cellular.CellularStatus;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// What each step's answer leads to: the next step, or a failure with its reason.
    /// </summary>
    public sealed partial class Sim7080MqttLink
    {
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
    }
}

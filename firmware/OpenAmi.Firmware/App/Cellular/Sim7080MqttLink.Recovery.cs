using C = OpenAmi.Firmware.App.Cellular.Sim7080Commands;
using S = OpenAmi.Firmware.App.Cellular.CellularStatus;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// The CA files, the publish exchange, and the recoveries: waits with back-off, the modem's power cycle, lost PDP, closed sessions, a restarted modem.
    /// </summary>
    public sealed partial class Sim7080MqttLink
    {
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

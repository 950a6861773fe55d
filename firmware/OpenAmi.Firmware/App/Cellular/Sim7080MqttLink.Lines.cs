using C = OpenAmi.Firmware.App.Cellular.Sim7080Commands;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>What the modem says: final results, the answers the current step asked for, and unsolicited lines.</summary>
    public sealed partial class Sim7080MqttLink
    {
        private const int ResultOk = 1;
        private const int ResultError = 2;
        private const int ResultTimeout = 3;

        private bool _awaiting;
        private long _deadline;
        private int _cme;

        // What the answers of the current step said.
        private int _answer;
        private bool _answerSeen;

        private void OnLine()
        {
            AtChannel at = _at;
            if (at.Is(C.Ok))
            {
                Complete(ResultOk);
                return;
            }

            if (at.Is(C.Error))
            {
                Complete(ResultError);
                return;
            }

            if (at.StartsWith(C.CmeError))
            {
                _cme = at.NumberAt(C.CmeError.Length + 1);
                Complete(ResultError);
                return;
            }

            if (at.StartsWith(C.Message))
            {
                OnMessage();
                return;
            }

            if (at.StartsWith(C.NetworkTime))
            {
                OnTime(C.NetworkTime.Length, CellularStatus.ClockNitz);
                return;
            }

            if (at.StartsWith(C.NtpResult))
            {
                OnNtp();
                return;
            }

            if (at.Is(C.PdpDeactive) || at.StartsWith(C.PdpDeactivated))
            {
                OnPdpLost();
                return;
            }

            if (at.Is(C.PdpActive))
            {
                _pdpUp = true;
                return;
            }

            if (at.Is(C.Ready) || at.Is(C.PowerDown) || at.Is(C.UnderVoltage))
            {
                OnModemRestart(at.Is(C.Ready));
                return;
            }

            if (at.Is(C.Download) && _state == StateFileWrite)
            {
                WriteFile();
                return;
            }

            if (at.Is(C.SessionClosed) && !_awaiting)
            {
                OnSessionClosed();
                return;
            }

            if (at.Is(C.PinNotInserted) && !_awaiting)
            {
                OnSimGone();
                return;
            }

            if (at.Length >= 2 && (at.Buffer[0] == 'A' || at.Buffer[0] == 'a') && (at.Buffer[1] == 'T' || at.Buffer[1] == 't'))
            {
                return; // our own command, echoed before ATE0 took effect
            }

            if (_awaiting)
            {
                OnAnswer();
            }
        }

        private void Complete(int result)
        {
            if (!_awaiting)
            {
                return;
            }

            _awaiting = false;
            Finish(result);
        }

        // An information line of the command in flight.
        private void OnAnswer()
        {
            AtChannel at = _at;
            switch (_state)
            {
                case StateSim:
                    _answer = at.Is(C.PinReady) ? 1 : (at.StartsWith(C.PinSim) && at.Length == C.PinSim.Length ? 2 : (at.StartsWith(C.PinAny) ? 3 : _answer));
                    _answerSeen = at.StartsWith(C.PinAny) || _answerSeen;
                    if (at.Is(C.PinNotInserted))
                    {
                        _answer = 4;
                    }

                    break;
                case StateRegistration:
                case StateHealthRegistration:
                    if (at.StartsWith(C.Registration))
                    {
                        int stat = at.NumberAt(at.Field(C.Registration.Length, 1));
                        Status.Registration = stat;
                        _answer = stat;
                        _answerSeen = true;
                    }

                    break;
                case StateOperator:
                case StateHealthOperator:
                    if (at.StartsWith(C.Operator))
                    {
                        ReadOperator();
                    }

                    break;
                case StateSystem:
                case StateHealthSystem:
                    if (at.StartsWith(C.CatM))
                    {
                        Status.Tech = CellularStatus.TechLteM;
                    }
                    else if (at.StartsWith(C.NbIot))
                    {
                        Status.Tech = CellularStatus.TechNbIot;
                    }
                    else if (at.StartsWith(C.Gsm))
                    {
                        Status.Tech = 0;
                    }

                    break;
                case StateSignal:
                case StateHealthSignal:
                    if (at.StartsWith(C.Signal))
                    {
                        Status.Rssi = at.NumberAt(C.Signal.Length);
                    }

                    break;
                case StateAttach:
                    if (at.StartsWith(C.Attached))
                    {
                        _answer = at.NumberAt(C.Attached.Length);
                        _answerSeen = true;
                    }

                    break;
                case StatePdpQuery:
                case StateHealthPdp:
                    if (at.StartsWith(C.PdpState))
                    {
                        _answer = at.NumberAt(C.PdpState.Length);
                        _answerSeen = true;
                    }

                    break;
                case StateWillCheck:
                    if (at.StartsWith(C.WillReadBack))
                    {
                        _answerSeen = true;
                        _answer = WillReadBackMatches() ? 1 : 0;
                    }

                    break;
                case StateLimits:
                    if (at.StartsWith(C.PublishTest))
                    {
                        ReadLimits();
                    }

                    break;
                case StateHealthSession:
                    if (at.StartsWith(C.Session))
                    {
                        _answer = at.NumberAt(C.Session.Length);
                        _answerSeen = true;
                    }

                    break;
            }
        }

        // "+COPS: 0,0,"Operator",7": the name in quotes, then the access technology.
        private void ReadOperator()
        {
            AtChannel at = _at;
            int open = -1;
            int close = -1;
            for (int i = C.Operator.Length; i < at.Length; i++)
            {
                if (at.Buffer[i] == '"')
                {
                    if (open < 0)
                    {
                        open = i;
                    }
                    else
                    {
                        close = i;
                    }
                }
            }

            if (open < 0 || close <= open)
            {
                return;
            }

            Status.SetOperator(at.Buffer, open + 1, close - open - 1);
            if (close + 2 < at.Length && at.Buffer[close + 1] == ',')
            {
                int tech = at.NumberAt(close + 2);
                if (tech == CellularStatus.TechLteM || tech == CellularStatus.TechNbIot || tech == 0)
                {
                    Status.Tech = tech;
                }
            }
        }

        // "+SMPUB: 128,(0-5799),(0-2),(0-1)": the longest topic and payload this modem's firmware takes.
        private void ReadLimits()
        {
            AtChannel at = _at;
            int topic = at.NumberAt(C.PublishTest.Length);
            int field = at.Field(C.PublishTest.Length, 1);
            int max = -1;
            if (field > 0)
            {
                for (int i = field; i < at.Length && at.Buffer[i] != ')'; i++)
                {
                    if (at.Buffer[i] == '-')
                    {
                        max = at.NumberAt(i + 1);
                        break;
                    }
                }
            }

            lock (_sync)
            {
                _topicLimit = topic > 0 && topic < MaxTopic ? topic : MaxTopic;
                _payloadLimit = max > 0 && max < MaxPayload ? max : MaxPayload;
            }

            Status.MaxPayload = max > 0 ? max : 0;
        }

        // "MESSAGE: "<will>"": the modem holds the will byte for byte only if it read our escapes.
        private bool WillReadBackMatches()
        {
            AtChannel at = _at;
            int start = C.WillReadBack.Length + 1;
            int end = at.Length - 1;
            if (at.Buffer[start - 1] != '"' || at.Buffer[end] != '"' || end - start != _will.Length)
            {
                return false;
            }

            for (int i = 0; i < _will.Length; i++)
            {
                if (at.Buffer[start + i] != _will[i])
                {
                    return false;
                }
            }

            return true;
        }

        // +SMSUB: "topic","message" (§17.2.13). The message may hold quotes: it runs to the line's last quote.
        private void OnMessage()
        {
            AtChannel at = _at;
            byte[] line = at.Buffer;
            int topicStart = C.Message.Length + 1;
            int topicEnd = topicStart;
            while (topicEnd < at.Length && line[topicEnd] != '"')
            {
                topicEnd++;
            }

            int payloadStart = topicEnd + 3;
            int payloadEnd = at.Length - 1;
            if (at.Truncated || line[topicStart - 1] != '"' || payloadStart > payloadEnd || line[payloadEnd] != '"' || topicEnd - topicStart > MaxTopic)
            {
                return; // cut or malformed: a command that is not whole is no command
            }

            int topicLength = topicEnd - topicStart;
            int payloadLength = payloadEnd - payloadStart;
            System.Array.Copy(line, topicStart, _messageTopic, 0, topicLength);
            System.Array.Copy(line, payloadStart, line, 0, payloadLength);
            if (_listener != null)
            {
                _listener.OnMessage(_messageTopic, topicLength, line, payloadLength);
            }
        }

        // "+CNTP: 1,"2025/06/01,12:00:00"": only code 1 carries a time (§16.2.2).
        private void OnNtp()
        {
            AtChannel at = _at;
            int code = at.NumberAt(C.NtpResult.Length);
            _ntpDone = true;
            if (code == 1)
            {
                OnTime(at.Field(C.NtpResult.Length, 1), CellularStatus.ClockNtp);
            }
        }

        // Six numbers from "at": year, month, day, hour, minute, second, in UTC (*PSUTTZ and +CNTP both give UTC).
        private void OnTime(int at, int source)
        {
            if (at < 0 || _networkClock == null)
            {
                return;
            }

            AtChannel line = _at;
            int found = 0;
            int i = at;
            while (found < 6 && i < line.Length)
            {
                byte b = line.Buffer[i];
                if (b >= '0' && b <= '9')
                {
                    _numbers[found++] = line.NumberAt(i);
                    while (i < line.Length && line.Buffer[i] >= '0' && line.Buffer[i] <= '9')
                    {
                        i++;
                    }
                }
                else if (b == '+' || b == '-')
                {
                    break;
                }
                else
                {
                    i++;
                }
            }

            if (found < 6)
            {
                return;
            }

            long unix = NetworkClock.ToUnix(_numbers[0], _numbers[1], _numbers[2], _numbers[3], _numbers[4], _numbers[5]);
            if (unix > 0 && _networkClock.Offer(unix, source))
            {
                Status.ClockSource = _networkClock.Source;
            }
        }
    }
}

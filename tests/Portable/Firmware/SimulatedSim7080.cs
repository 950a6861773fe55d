using System.Collections;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Gateway;

namespace OpenAmi.Tests.Portable
{
    /// <summary>What a simulated modem's MQTT client connects to: in memory for the unit tests, a real broker on desktop.</summary>
    public interface ISimBroker
    {
        /// <summary>Connects with what AT+SMCONF and AT+SMSSL set; false when refused (bad CA or host, bad credentials, no broker).</summary>
        bool Connect(SimConnect request, SimulatedSim7080 modem);

        bool IsConnected { get; }

        /// <summary>Publishes; true once the broker acknowledged (QoS 1) or sent (QoS 0).</summary>
        bool Publish(string topic, byte[] payload, int qos, bool retain);

        bool Subscribe(string topicFilter);

        /// <summary>A clean MQTT DISCONNECT (AT+SMDISC): the broker sends no will.</summary>
        void Disconnect();

        /// <summary>The connection just dies (power, radio, a drop): the broker sends the will.</summary>
        void Drop();
    }

    /// <summary>The MQTT session a modem asks for: the broker, TLS material from its file system, the will.</summary>
    public sealed class SimConnect
    {
        public string Host;
        public int Port;
        public string ClientId;
        public int KeepAlive;
        public bool CleanSession;
        public string User;
        public string Password;
        public bool Tls;
        public string ServerName;
        public byte[] CaPem;
        public byte[] ClientCertPem;
        public byte[] ClientKeyPem;
        public bool IgnoreRtc;
        public string WillTopic;
        public byte[] WillMessage;
        public bool WillRetain;
        public int WillQos;
    }

    /// <summary>
    /// A SIM7080 as the manual (SIM7070_SIM7080_SIM7090 Series AT Command Manual V1.07) describes it, as far as the
    /// link uses it: PWRKEY and supply, RDY, echo, the SIM and its PIN, registration, operator and signal, the PDP
    /// context and its loss, NTP and NITZ time, the file system (DOWNLOAD), the SSL context and its CA, AT+SMCONF
    /// with V.250 string escapes, the publish limits, AT+SMCONN/SMPUB/SMSUB/SMSTATE/SMDISC, and +SMSUB. It can be
    /// told to hang, to lose the SIM, the network or the PDP context, and to refuse. String parameters end at their
    /// closing quote: anything after it that is not a comma or the line end makes the command an ERROR, and a ';'
    /// after a string would start another command, which the simulation records as an injection.
    /// </summary>
    public sealed class SimulatedSim7080 : IModemPort, IModemPower
    {
        public const int SimReady = 0;
        public const int SimMissing = 1;
        public const int SimPin = 2;
        public const int SimPuk = 3;

        private readonly object _sync = new object();
        private readonly IGatewayClock _clock;
        private readonly ArrayList _commands = new ArrayList();
        private readonly ArrayList _fileNames = new ArrayList();
        private readonly ArrayList _fileData = new ArrayList();
        private readonly ArrayList _subscriptions = new ArrayList();
        private byte[] _out = new byte[8192];
        private int _outCount;
        private readonly byte[] _line = new byte[4096];
        private int _lineLength;
        private int _dataExpected;
        private int _dataLength;
        private byte[] _data;
        private string _dataFor;
        private string _pubTopic;
        private int _pubQos;
        private bool _pubRetain;
        private long _keyDownAt = -1;
        private long _bootAt = -1;
        private bool _echo = true;
        private string _fileBufferState = "none";
        private string _sslVersion;
        private string _sni;
        private bool _ignoreRtc;
        private string _convertedCa;
        private string _convertedCert;
        private string _convertedKey;
        private int _smsslIndex;
        private string _smsslCa;
        private string _smsslCert;
        private string _url;
        private int _port = 1883;
        private string _clientId = "";
        private int _keepTime = 60;
        private int _cleanSession;
        private int _qos;
        private int _retain;
        private string _topic = "";
        private byte[] _message = new byte[0];
        private string _user;
        private string _password;
        private bool _mqttUp;

        public SimulatedSim7080(IGatewayClock clock, ISimBroker broker)
        {
            _clock = clock;
            Broker = broker;
            Sim = SimReady;
            Registration = 1;
            Operator = "Village Telecom";
            AccessTech = 7;
            Rssi = 21;
            PublishLimit = 5799;
            TopicLimit = 128;
            NtpCode = 1;
            NtpUnix = 1780000000; // 2026-05-28T20:26:40Z
            Pin = "1234";
            HonoursEscapes = true;
            BootMs = 2000;
        }

        public ISimBroker Broker;

        /// <summary>Powered and past RDY.</summary>
        public bool On { get; private set; }

        /// <summary>Answers nothing at all (a hung modem) until it loses power.</summary>
        public bool Hung;

        /// <summary>A hung modem that no longer reacts to PWRKEY either: only its supply brings it back.</summary>
        public bool IgnoresPowerKeyWhenHung;

        public bool SupplyOn = true;
        public int BootMs;
        public int Sim;
        public string Pin;
        public int Registration;
        public string Operator;
        public int AccessTech;
        public int Rssi;
        public bool PdpActive;
        public bool PdpRefused;
        public int NtpCode;

        /// <summary>What NTP answers, or 0 for the clock's own UtcNowUnix (a real time in the desktop simulation).</summary>
        public long NtpUnix;

        /// <summary>The network's time sent as *PSUTTZ on registration, or 0.</summary>
        public long NitzUnix;

        /// <summary>Whether a \HH escape in a string parameter is read as its character (V.250); else kept as it is.</summary>
        public bool HonoursEscapes;

        public int PublishLimit;
        public int TopicLimit;

        /// <summary>Sends "+SMSTATE: 0" when the broker session drops (the manual does not promise it).</summary>
        public bool ReportsSessionLoss;

        public int PowerKeyPresses;
        public int SupplyCuts;
        public int PinAttempts;

        /// <summary>Commands that tried to run a second command on one line, or that a quote ended early.</summary>
        public int Injections;

        public int Connects;

        public bool MqttConnected
        {
            get { lock (_sync) { return _mqttUp && Broker.IsConnected; } }
        }

        /// <summary>The will as the modem holds it, after its own string parsing.</summary>
        public byte[] StoredWill
        {
            get { return _message; }
        }

        public string StoredWillTopic
        {
            get { return _topic; }
        }

        /// <summary>What SMSSL and CSSLCFG were set to, as "index,ca,cert,sni,ignorertc".</summary>
        public string TlsSetting
        {
            get { return _smsslIndex + "," + _smsslCa + "," + _smsslCert + "," + _sni + "," + (_ignoreRtc ? 1 : 0); }
        }

        public byte[] File(string name)
        {
            lock (_sync)
            {
                int i = _fileNames.IndexOf(name);
                return i < 0 ? null : (byte[])_fileData[i];
            }
        }

        public bool Saw(string prefix)
        {
            lock (_sync)
            {
                for (int i = 0; i < _commands.Count; i++)
                {
                    if (((string)_commands[i]).IndexOf(prefix) == 0)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public int Count(string prefix)
        {
            lock (_sync)
            {
                int n = 0;
                for (int i = 0; i < _commands.Count; i++)
                {
                    if (((string)_commands[i]).IndexOf(prefix) == 0)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        public string Log()
        {
            lock (_sync)
            {
                string log = "";
                int from = _commands.Count > 60 ? _commands.Count - 60 : 0;
                for (int i = from; i < _commands.Count; i++)
                {
                    log = log + (string)_commands[i] + " | ";
                }

                return log;
            }
        }

        /// <summary>Switches the modem on at once (an ESP32 reboot finds it running).</summary>
        public void PowerOnNow()
        {
            lock (_sync)
            {
                On = true;
                _bootAt = -1;
            }
        }

        /// <summary>The modem resets by itself (a brown-out, its watchdog): everything is lost, then RDY.</summary>
        public void RestartNow()
        {
            lock (_sync)
            {
                PowerOff(null);
                _bootAt = _clock.TickMs + BootMs;
            }
        }

        /// <summary>The network drops the PDP context (§22.3: "+APP PDP: 0,DEACTIVE").</summary>
        public void DropPdp()
        {
            lock (_sync)
            {
                PdpActive = false;
                DropSession();
                Emit("\r\n+APP PDP: 0,DEACTIVE\r\n");
            }
        }

        /// <summary>Registration is lost: the PDP context and the session go with it.</summary>
        public void LoseNetwork()
        {
            lock (_sync)
            {
                Registration = 2;
                PdpActive = false;
                DropSession();
                Emit("\r\n+APP PDP: 0,DEACTIVE\r\n");
            }
        }

        public void RemoveSim()
        {
            lock (_sync)
            {
                Sim = SimMissing;
                Registration = 0;
                PdpActive = false;
                DropSession();
                Emit("\r\n+CPIN: NOT INSERTED\r\n");
            }
        }

        /// <summary>The broker's side closed the session (the modem shows it in AT+SMSTATE?).</summary>
        public void CloseSession()
        {
            lock (_sync)
            {
                DropSession();
            }
        }

        /// <summary>A message from the broker (§17.2.13).</summary>
        public void Deliver(string topic, byte[] payload)
        {
            lock (_sync)
            {
                if (!_mqttUp)
                {
                    return;
                }

                Emit("\r\n+SMSUB: \"" + topic + "\",\"");
                EmitBytes(payload, payload.Length);
                Emit("\"\r\n");
            }
        }

        /// <summary>The broker connection dropped by itself.</summary>
        public void BrokerLost()
        {
            lock (_sync)
            {
                DropSession();
            }
        }

        public void SetPowerKey(bool pressed)
        {
            lock (_sync)
            {
                long now = _clock.TickMs;
                if (pressed)
                {
                    _keyDownAt = now;
                    return;
                }

                if (_keyDownAt >= 0 && now - _keyDownAt >= 1000 && SupplyOn && !(Hung && IgnoresPowerKeyWhenHung))
                {
                    PowerKeyPresses++;
                    if (On || _bootAt >= 0)
                    {
                        PowerOff(Hung ? null : "\r\nNORMAL POWER DOWN\r\n");
                    }
                    else
                    {
                        _bootAt = now + BootMs;
                    }
                }

                _keyDownAt = -1;
            }
        }

        public bool SetSupply(bool on)
        {
            lock (_sync)
            {
                if (!on)
                {
                    SupplyCuts++;
                    PowerOff(null);
                }

                SupplyOn = on;
                return true;
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                Tick();
                int n = _outCount < count ? _outCount : count;
                System.Array.Copy(_out, 0, buffer, offset, n);
                System.Array.Copy(_out, n, _out, 0, _outCount - n);
                _outCount -= n;
                return n;
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            lock (_sync)
            {
                Tick();
                if (!On || Hung)
                {
                    return;
                }

                for (int i = 0; i < count; i++)
                {
                    Accept(buffer[offset + i]);
                }
            }
        }

        private void Tick()
        {
            if (_bootAt >= 0 && _clock.TickMs >= _bootAt)
            {
                _bootAt = -1;
                On = true;
                Hung = false;
                _echo = true;
                Emit("\r\nRDY\r\n");
                if (Sim == SimMissing)
                {
                    Emit("\r\n+CPIN: NOT INSERTED\r\n");
                }
            }
        }

        private void PowerOff(string notice)
        {
            if (notice != null && On)
            {
                Emit(notice);
            }

            On = false;
            Hung = false;
            _bootAt = -1;
            PdpActive = false;
            DropSession();
            _fileBufferState = "none";
            _smsslIndex = 0;
            _sni = null;
            _convertedCa = null;
            _url = null;
            _topic = "";
            _message = new byte[0];
            _dataExpected = 0;
            _lineLength = 0;
        }

        private void DropSession()
        {
            bool was = _mqttUp;
            _mqttUp = false;
            if (was)
            {
                Broker.Drop();
                if (ReportsSessionLoss)
                {
                    Emit("\r\n+SMSTATE: 0\r\n");
                }
            }
        }

        private void Accept(byte b)
        {
            if (_dataExpected > 0)
            {
                _data[_dataLength++] = b;
                if (_dataLength == _dataExpected)
                {
                    _dataExpected = 0;
                    DataDone();
                }

                return;
            }

            if (b == '\n')
            {
                return;
            }

            if (b != '\r')
            {
                if (_lineLength < _line.Length)
                {
                    _line[_lineLength++] = b;
                }

                return;
            }

            char[] chars = new char[_lineLength];
            for (int i = 0; i < _lineLength; i++)
            {
                chars[i] = (char)_line[i];
            }

            string command = new string(chars);
            _lineLength = 0;
            _commands.Add(command);
            if (_echo)
            {
                Emit(command + "\r\n");
            }

            Execute(command);
        }

        private void Ok()
        {
            Emit("\r\nOK\r\n");
        }

        private void Error()
        {
            Emit("\r\nERROR\r\n");
        }

        private void Cme(int code)
        {
            Emit("\r\n+CME ERROR: " + code + "\r\n");
        }

        private void Execute(string c)
        {
            if (c == "AT")
            {
                Ok();
                return;
            }

            if (c == "ATE0")
            {
                _echo = false;
                Ok();
                return;
            }

            if (c == "AT+CMEE=1" || c == "AT+CLTS=1")
            {
                Ok();
                return;
            }

            if (c == "AT+CPIN?")
            {
                if (Sim == SimMissing)
                {
                    Cme(10);
                }
                else
                {
                    Emit("\r\n+CPIN: " + (Sim == SimReady ? "READY" : (Sim == SimPin ? "SIM PIN" : "SIM PUK")) + "\r\n\r\nOK\r\n");
                }

                return;
            }

            if (c.IndexOf("AT+CPIN=") == 0)
            {
                string[] p = Params(c, 8, 1);
                PinAttempts++;
                if (p != null && Sim == SimPin && Is(p, 0, Pin))
                {
                    Sim = SimReady;
                    Ok();
                }
                else
                {
                    if (PinAttempts >= 3)
                    {
                        Sim = SimPuk;
                    }

                    Cme(16);
                }

                return;
            }

            if (c == "AT+CEREG?")
            {
                int stat = Sim == SimReady ? Registration : 0;
                Emit("\r\n+CEREG: 0," + stat + "\r\n\r\nOK\r\n");
                if ((stat == 1 || stat == 5) && NitzUnix > 0)
                {
                    EmitNitz();
                }

                return;
            }

            if (c == "AT+COPS?")
            {
                bool registered = Sim == SimReady && (Registration == 1 || Registration == 5);
                Emit(registered ? "\r\n+COPS: 0,0,\"" + Operator + "\"," + AccessTech + "\r\n\r\nOK\r\n" : "\r\n+COPS: 0\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+CPSI?")
            {
                bool registered = Sim == SimReady && (Registration == 1 || Registration == 5);
                Emit(registered ? "\r\n+CPSI: " + (AccessTech == 9 ? "LTE NB-IOT" : "LTE CAT-M1") + ",Online,204-08,0x1A2B,12345678,101,EUTRAN-BAND20,6300,3,3,-10,-95,-70,12\r\n\r\nOK\r\n" : "\r\n+CPSI: NO SERVICE,Online\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+CSQ")
            {
                Emit("\r\n+CSQ: " + Rssi + ",99\r\n\r\nOK\r\n");
                return;
            }

            if (c.IndexOf("AT+CNCFG=0,1,") == 0)
            {
                if (Params(c, 13, 1) == null)
                {
                    Error();
                    return;
                }

                Ok();
                return;
            }

            if (c == "AT+CNACT?")
            {
                Emit("\r\n+CNACT: 0," + (PdpActive ? "1,\"10.64.1.17\"" : "0,\"0.0.0.0\"") + "\r\n+CNACT: 1,0,\"0.0.0.0\"\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+CNACT=0,1")
            {
                bool registered = Sim == SimReady && (Registration == 1 || Registration == 5);
                if (!registered || PdpRefused)
                {
                    Cme(3);
                    return;
                }

                if (PdpActive)
                {
                    Cme(3); // already active
                    return;
                }

                PdpActive = true;
                Emit("\r\nOK\r\n\r\n+APP PDP: 0,ACTIVE\r\n");
                return;
            }

            if (c == "AT+CGATT?")
            {
                Emit("\r\n+CGATT: " + (Registration == 1 || Registration == 5 ? 1 : 0) + "\r\n\r\nOK\r\n");
                return;
            }

            if (c.IndexOf("AT+CNTP=") == 0)
            {
                Ok();
                return;
            }

            if (c == "AT+CNTP")
            {
                Ok();
                if (!PdpActive)
                {
                    Emit("\r\n+CNTP: 61\r\n");
                }
                else if (NtpCode != 1)
                {
                    Emit("\r\n+CNTP: " + NtpCode + "\r\n");
                }
                else
                {
                    Emit("\r\n+CNTP: 1,\"" + Stamp(NtpUnix == 0 ? _clock.UtcNowUnix : NtpUnix, "/", ",") + "\"\r\n");
                }

                return;
            }

            if (c == "AT+CFSINIT")
            {
                if (_fileBufferState == "open")
                {
                    Error();
                    return;
                }

                _fileBufferState = "open";
                Ok();
                return;
            }

            if (c == "AT+CFSTERM")
            {
                _fileBufferState = "none";
                Ok();
                return;
            }

            if (c.IndexOf("AT+CFSWFILE=") == 0)
            {
                string[] p = Params(c, 12, 5);
                int size = p == null ? -1 : int.Parse(p[3]);
                if (_fileBufferState != "open" || p == null || !Is(p, 0, "3") || size < 1 || size > 10240 || p[1].Length > 230)
                {
                    Error();
                    return;
                }

                _data = new byte[size];
                _dataLength = 0;
                _dataExpected = size;
                _dataFor = "file:" + p[1];
                Emit("\r\nDOWNLOAD\r\n");
                return;
            }

            if (c.IndexOf("AT+CSSLCFG=") == 0)
            {
                SslConfig(c);
                return;
            }

            if (c.IndexOf("AT+SMSSL=") == 0)
            {
                string[] p = Params(c, 9, 3);
                if (p == null || p[1].Length > 20 || p[2].Length > 20)
                {
                    Error();
                    return;
                }

                _smsslIndex = int.Parse(p[0]);
                _smsslCa = p[1];
                _smsslCert = p[2];
                Ok();
                return;
            }

            if (c.IndexOf("AT+SMCONF=") == 0)
            {
                MqttConfig(c);
                return;
            }

            if (c == "AT+SMCONF?")
            {
                Emit("\r\n+SMCONF:\r\nCLIENTID: \"" + _clientId + "\"\r\nURL: \"" + _url + "\"," + _port + "\r\nKEEPTIME: " + _keepTime + "\r\nTOPIC: \"" + _topic + "\"\r\nMESSAGE: \"");
                EmitBytes(_message, _message.Length);
                Emit("\"\r\nRETAIN: " + _retain + "\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+SMPUB=?")
            {
                Emit("\r\n+SMPUB: " + TopicLimit + ",(0-" + PublishLimit + "),(0-2),(0-1)\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+SMCONN")
            {
                Connect();
                return;
            }

            if (c.IndexOf("AT+SMPUB=") == 0)
            {
                string[] p = Params(c, 9, 4);
                int length = p == null ? -1 : int.Parse(p[1]);
                if (p == null || !_mqttUp || length < 0 || length > PublishLimit || p[0].Length > TopicLimit)
                {
                    Error();
                    return;
                }

                _pubTopic = p[0];
                _pubQos = int.Parse(p[2]);
                _pubRetain = Is(p, 3, "1");
                _data = new byte[length];
                _dataLength = 0;
                _dataExpected = length;
                _dataFor = "publish";
                Emit(">");
                if (length == 0)
                {
                    DataDone();
                }

                return;
            }

            if (c.IndexOf("AT+SMSUB=") == 0)
            {
                string[] p = Params(c, 9, 2);
                if (p == null || !_mqttUp || p[0].Length > TopicLimit || !Broker.Subscribe(p[0]))
                {
                    Error();
                    return;
                }

                _subscriptions.Add(p[0]);
                Ok();
                return;
            }

            if (c == "AT+SMSTATE?")
            {
                Emit("\r\n+SMSTATE: " + (_mqttUp && Broker.IsConnected ? 1 : 0) + "\r\n\r\nOK\r\n");
                return;
            }

            if (c == "AT+SMDISC")
            {
                if (!_mqttUp)
                {
                    Error();
                    return;
                }

                _mqttUp = false;
                Broker.Disconnect();
                Ok();
                return;
            }

            Error();
        }

        private void Connect()
        {
            if (_url == null || !PdpActive || _mqttUp)
            {
                Error();
                return;
            }

            var request = new SimConnect();
            request.Host = _url;
            request.Port = _port;
            request.ClientId = _clientId;
            request.KeepAlive = _keepTime;
            request.CleanSession = _cleanSession == 1;
            request.User = _user;
            request.Password = _password;
            request.Tls = _smsslIndex > 0;
            if (request.Tls)
            {
                if (_convertedCa == null || _convertedCa != _smsslCa)
                {
                    Error();
                    return;
                }

                request.ServerName = _sni;
                request.CaPem = File(_convertedCa);
                request.ClientCertPem = _smsslCert.Length > 0 && _smsslCert == _convertedCert ? File(_convertedCert) : null;
                request.ClientKeyPem = request.ClientCertPem != null ? File(_convertedKey) : null;
                request.IgnoreRtc = _ignoreRtc;
            }

            if (_topic.Length > 0)
            {
                request.WillTopic = _topic;
                request.WillMessage = _message;
                request.WillRetain = _retain == 1;
                request.WillQos = _qos;
            }

            Connects++;
            if (!Broker.Connect(request, this))
            {
                Error();
                return;
            }

            _mqttUp = true;
            Ok();
        }

        private void DataDone()
        {
            if (_dataFor == "publish")
            {
                bool ok = _mqttUp && Broker.Publish(_pubTopic, _data, _pubQos, _pubRetain);
                if (ok)
                {
                    Ok();
                }
                else
                {
                    Error();
                }

                return;
            }

            string name = _dataFor.Substring(5);
            int i = _fileNames.IndexOf(name);
            if (i >= 0)
            {
                _fileNames.RemoveAt(i);
                _fileData.RemoveAt(i);
            }

            _fileNames.Add(name);
            _fileData.Add(_data);
            Ok();
        }

        private void SslConfig(string c)
        {
            string[] p = Params(c, 11, -1);
            if (p == null || p.Length < 2)
            {
                Error();
                return;
            }

            string tag = p[0].ToUpper();
            if (tag == "SSLVERSION" && p.Length == 3 && Is(p, 1, "0"))
            {
                _sslVersion = p[2];
                Ok();
            }
            else if (tag == "SNI" && p.Length == 3 && Is(p, 1, "0"))
            {
                _sni = p[2];
                Ok();
            }
            else if (tag == "IGNORERTCTIME" && p.Length == 3 && Is(p, 1, "0"))
            {
                _ignoreRtc = Is(p, 2, "1");
                Ok();
            }
            else if (tag == "CONVERT" && Is(p, 1, "2") && p.Length == 3 && File(p[2]) != null && IsPem(File(p[2])))
            {
                _convertedCa = p[2];
                Ok();
            }
            else if (tag == "CONVERT" && Is(p, 1, "1") && p.Length == 4 && File(p[2]) != null && File(p[3]) != null)
            {
                _convertedCert = p[2];
                _convertedKey = p[3];
                Ok();
            }
            else
            {
                Cme(4);
            }
        }

        private void MqttConfig(string c)
        {
            string[] p = Params(c, 10, -1);
            if (p == null || p.Length < 2)
            {
                Error();
                return;
            }

            string tag = p[0];
            if (tag == "URL" && p.Length == 3)
            {
                _url = p[1];
                _port = int.Parse(p[2]);
            }
            else if (tag == "CLIENTID" && p[1].Length <= 128)
            {
                _clientId = p[1];
            }
            else if (tag == "KEEPTIME")
            {
                _keepTime = int.Parse(p[1]);
            }
            else if (tag == "CLEANSS")
            {
                _cleanSession = int.Parse(p[1]);
            }
            else if (tag == "QOS")
            {
                _qos = int.Parse(p[1]);
            }
            else if (tag == "RETAIN")
            {
                _retain = int.Parse(p[1]);
            }
            else if (tag == "TOPIC" && p[1].Length <= 128)
            {
                _topic = p[1];
            }
            else if (tag == "MESSAGE" && p[1].Length <= 1024)
            {
                _message = Raw(p[1]);
            }
            else if (tag == "USERNAME")
            {
                _user = p[1];
            }
            else if (tag == "PASSWORD")
            {
                _password = p[1];
            }
            else
            {
                Error();
                return;
            }

            Ok();
        }

        /// <summary>
        /// The parameters after <paramref name="from"/>: quoted strings (their escapes read when <see cref="HonoursEscapes"/>)
        /// and bare values, separated by commas. Null when a string is not followed by a comma or the end (a quote inside
        /// it ended it early) or when a ';' after a parameter starts another command (counted in <see cref="Injections"/>).
        /// </summary>
        private string[] Params(string c, int from, int expected)
        {
            ArrayList values = new ArrayList();
            int i = from;
            while (i <= c.Length)
            {
                string value;
                if (i < c.Length && c[i] == '"')
                {
                    int close = c.IndexOf('"', i + 1);
                    if (close < 0)
                    {
                        return null;
                    }

                    value = HonoursEscapes ? Unescape(c.Substring(i + 1, close - i - 1)) : c.Substring(i + 1, close - i - 1);
                    i = close + 1;
                }
                else
                {
                    int comma = c.IndexOf(',', i);
                    int end = comma < 0 ? c.Length : comma;
                    value = c.Substring(i, end - i).Trim();
                    if (value.IndexOf(';') >= 0 || value.IndexOf('"') >= 0)
                    {
                        Injections++;
                        return null;
                    }

                    i = end;
                }

                values.Add(value);
                if (i == c.Length)
                {
                    break;
                }

                if (c[i] != ',')
                {
                    if (c[i] == ';')
                    {
                        Injections++;
                    }

                    return null;
                }

                i++;
            }

            if (expected >= 0 && values.Count != expected)
            {
                return null;
            }

            string[] result = new string[values.Count];
            for (int v = 0; v < values.Count; v++)
            {
                result[v] = (string)values[v];
            }

            return result;
        }

        // Every slot of a Params array is assigned; the local keeps the device guard's rule visible.
        private static bool Is(string[] values, int index, string expected)
        {
            string value = values[index];
            return value != null && value == expected;
        }

        private static string Unescape(string s)
        {
            if (s.IndexOf('\\') < 0)
            {
                return s;
            }

            char[] chars = new char[s.Length];
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '\\' && i + 2 < s.Length)
                {
                    chars[n++] = (char)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
                    i += 2;
                }
                else
                {
                    chars[n++] = s[i];
                }
            }

            return new string(chars, 0, n);
        }

        private static int HexValue(char c)
        {
            return c >= '0' && c <= '9' ? c - '0' : (c >= 'A' && c <= 'F' ? c - 'A' + 10 : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0));
        }

        private static byte[] Raw(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }

            return b;
        }

        private static bool IsPem(byte[] data)
        {
            string begin = "-----BEGIN ";
            if (data.Length < begin.Length)
            {
                return false;
            }

            for (int i = 0; i < begin.Length; i++)
            {
                if (data[i] != begin[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void EmitNitz()
        {
            Emit("\r\n*PSUTTZ: " + Stamp(NitzUnix, ",", ",") + ",\"+8\",0\r\n");
        }

        // yyyy/MM/dd,hh:mm:ss (NTP) or the same numbers with commas (NITZ).
        private static string Stamp(long unix, string dateSeparator, string between)
        {
            long days = unix / 86400;
            long rest = unix % 86400;
            int year = 1970;
            while (true)
            {
                int inYear = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 366 : 365;
                if (days < inYear)
                {
                    break;
                }

                days -= inYear;
                year++;
            }

            int[] lengths = { 31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
            int month = 0;
            while (days >= lengths[month])
            {
                days -= lengths[month];
                month++;
            }

            string time = Two((int)(rest / 3600)) + (dateSeparator == "/" ? ":" : ",") + Two((int)(rest % 3600 / 60)) + (dateSeparator == "/" ? ":" : ",") + Two((int)(rest % 60));
            return year + dateSeparator + Two(month + 1) + dateSeparator + Two((int)days + 1) + between + time;
        }

        private static string Two(int v)
        {
            return v < 10 ? "0" + v : v.ToString();
        }

        private void Emit(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        private void EmitBytes(byte[] data, int length)
        {
            for (int i = 0; i < length; i++)
            {
                Put(data[i]);
            }
        }

        private void Put(byte b)
        {
            if (_outCount == _out.Length)
            {
                byte[] bigger = new byte[_out.Length * 2];
                System.Array.Copy(_out, bigger, _outCount);
                _out = bigger;
            }

            _out[_outCount++] = b;
        }
    }
}

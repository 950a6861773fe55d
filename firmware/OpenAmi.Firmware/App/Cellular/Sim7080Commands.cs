using OpenAmi.Text;

namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// Every AT command and response the SIM7080 link uses, pre-encoded, with the section of SIMCom's
    /// "SIM7070_SIM7080_SIM7090 Series AT Command Manual" V1.07 (2023-10-23) that defines it.
    /// </summary>
    internal static class Sim7080Commands
    {
        // §2.1 and §2.2 (V.25ter): attention, echo off.
        public static readonly byte[] At = Ascii.GetBytes("AT");
        public static readonly byte[] EchoOff = Ascii.GetBytes("ATE0");

        // §3.2.8 AT+CMEE: numeric +CME ERROR codes (§22.1: 10 SIM not inserted, 11 SIM PIN required, 12 SIM PUK required).
        public static readonly byte[] ErrorCodes = Ascii.GetBytes("AT+CMEE=1");

        // §3.2.11 AT+CPIN: "+CPIN: READY", "SIM PIN", "SIM PUK"; the write form enters the PIN.
        public static readonly byte[] PinQuery = Ascii.GetBytes("AT+CPIN?");
        public static readonly byte[] PinEnter = Ascii.GetBytes("AT+CPIN=\"");

        // §5.2.4 AT+CLTS: the network's time as the *PSUTTZ URC (UTC), AUTO_SAVE_REBOOT.
        public static readonly byte[] NetworkTimeOn = Ascii.GetBytes("AT+CLTS=1");

        // §6.2.7 AT+CEREG?: "+CEREG: <n>,<stat>"; 1 home, 5 roaming, 2 searching, 3 denied.
        public static readonly byte[] RegistrationQuery = Ascii.GetBytes("AT+CEREG?");

        // §3.2.9 AT+COPS?: "+COPS: <mode>,<format>,<oper>,<netact>"; netact 7 LTE M1, 9 LTE NB.
        public static readonly byte[] OperatorQuery = Ascii.GetBytes("AT+COPS?");

        // §5.2.19 AT+CPSI?: "+CPSI: LTE CAT-M1,Online,…" or "LTE NB-IOT" or "NO SERVICE".
        public static readonly byte[] SystemQuery = Ascii.GetBytes("AT+CPSI?");

        // §3.2.16 AT+CSQ: "+CSQ: <rssi>,<ber>", rssi 0–31 or 99.
        public static readonly byte[] SignalQuery = Ascii.GetBytes("AT+CSQ");

        // §7.2.2 AT+CNCFG=<pdpidx>,<ip_type>,<APN>[,<user>,<password>,<authentication>]: ip_type 1 IPv4, auth 3 PAP or CHAP.
        public static readonly byte[] PdpConfigure = Ascii.GetBytes("AT+CNCFG=0,1,\"");

        // §7.2.1 AT+CNACT: "+CNACT: <pdpidx>,<statusx>,<address>"; URC "+APP PDP: <pdpidx>,ACTIVE|DEACTIVE".
        public static readonly byte[] PdpQuery = Ascii.GetBytes("AT+CNACT?");
        public static readonly byte[] PdpActivate = Ascii.GetBytes("AT+CNACT=0,1");

        // §6.2.1 AT+CGATT?: "+CGATT: 1" when attached to the packet service (asked once registered, before the PDP context).
        public static readonly byte[] AttachQuery = Ascii.GetBytes("AT+CGATT?");

        // §16.2.2 AT+CNTP=<server>,<time zone>,<cid>,<mode>: mode 2 sets the modem's clock and prints UTC as
        // "+CNTP: <code>[,<time>]" after AT+CNTP; code 1 is success, 61–65 network, DNS, connection, server errors.
        public static readonly byte[] NtpConfigure = Ascii.GetBytes("AT+CNTP=\"");
        public static readonly byte[] NtpConfigureTail = Ascii.GetBytes("\",0,0,2");
        public static readonly byte[] NtpRun = Ascii.GetBytes("AT+CNTP");

        // §9.2.1, §9.2.2, §9.2.8: file system buffer; AT+CFSWFILE=<index>,<name>,<mode>,<size>,<input time>, index 3
        // is "/customer/", mode 0 writes from the start, size under 10240 bytes, input time under 10000 ms; the modem
        // answers "DOWNLOAD" and then takes exactly <size> bytes.
        public static readonly byte[] FilesInit = Ascii.GetBytes("AT+CFSINIT");
        public static readonly byte[] FilesTerm = Ascii.GetBytes("AT+CFSTERM");
        public static readonly byte[] FileWrite = Ascii.GetBytes("AT+CFSWFILE=3,\"");
        public static readonly byte[] FileWriteMode = Ascii.GetBytes("\",0,");
        public static readonly byte[] FileWriteTime = Ascii.GetBytes(",10000");

        // §11.2.1 AT+CSSLCFG (context 0): TLS 1.2 (sslversion 3), SNI, whether to ignore the RTC when checking a
        // certificate's dates, and "CONVERT" of the PEM files: ssltype 2 is the CA list, 1 a certificate and its key.
        public static readonly byte[] TlsVersion = Ascii.GetBytes("AT+CSSLCFG=\"SSLVERSION\",0,3");
        public static readonly byte[] TlsServerName = Ascii.GetBytes("AT+CSSLCFG=\"SNI\",0,\"");
        public static readonly byte[] TlsIgnoreRtc = Ascii.GetBytes("AT+CSSLCFG=\"IGNORERTCTIME\",0,");
        public static readonly byte[] TlsConvertCa = Ascii.GetBytes("AT+CSSLCFG=\"CONVERT\",2,\"");
        public static readonly byte[] TlsConvertCertificate = Ascii.GetBytes("AT+CSSLCFG=\"CONVERT\",1,\"");

        // §17.2.2 AT+SMSSL=<index>,<ca list>,<cert name>: index 1 is SSL context 0; a CA list means the modem verifies
        // the broker; names at most 20 bytes.
        public static readonly byte[] MqttTls = Ascii.GetBytes("AT+SMSSL=1,\"");

        // §17.2.1 AT+SMCONF: URL (host, port), CLIENTID (0–128), KEEPTIME (0–65535 s), CLEANSS, QOS, TOPIC and
        // MESSAGE and RETAIN (the will, as the manual's example sets it), USERNAME, PASSWORD; AT+SMCONF? reads them back.
        public static readonly byte[] MqttUrl = Ascii.GetBytes("AT+SMCONF=\"URL\",\"");
        public static readonly byte[] MqttClientId = Ascii.GetBytes("AT+SMCONF=\"CLIENTID\",\"");
        public static readonly byte[] MqttKeepAlive = Ascii.GetBytes("AT+SMCONF=\"KEEPTIME\",");
        public static readonly byte[] MqttKeepSession = Ascii.GetBytes("AT+SMCONF=\"CLEANSS\",0");
        public static readonly byte[] MqttQos = Ascii.GetBytes("AT+SMCONF=\"QOS\",1");
        public static readonly byte[] MqttRetain = Ascii.GetBytes("AT+SMCONF=\"RETAIN\",1");
        public static readonly byte[] MqttWillTopic = Ascii.GetBytes("AT+SMCONF=\"TOPIC\",\"");
        public static readonly byte[] MqttWillMessage = Ascii.GetBytes("AT+SMCONF=\"MESSAGE\",\"");
        public static readonly byte[] MqttConfigQuery = Ascii.GetBytes("AT+SMCONF?");
        public static readonly byte[] MqttUser = Ascii.GetBytes("AT+SMCONF=\"USERNAME\",\"");
        public static readonly byte[] MqttPassword = Ascii.GetBytes("AT+SMCONF=\"PASSWORD\",\"");

        // §17.2.4 AT+SMPUB=?: "+SMPUB: <len_topic>,(0-<max>),(0-2),(0-1)" — V1.07 documents 128 and 5799; older
        // firmware 1024. AT+SMPUB=<topic>,<length>,<qos>,<retain> answers "&gt;", takes exactly <length> bytes, then OK.
        public static readonly byte[] PublishLimits = Ascii.GetBytes("AT+SMPUB=?");
        public static readonly byte[] Publish = Ascii.GetBytes("AT+SMPUB=\"");

        // §17.2.3 AT+SMCONN, §17.2.5 AT+SMSUB=<topic>,<qos> (topic up to 128), §17.2.7 AT+SMSTATE? (0 off, 1 and 2
        // on), §17.2.9 AT+SMDISC; §17.2.13 URC "+SMSUB: <topic>,<message>".
        public static readonly byte[] MqttConnect = Ascii.GetBytes("AT+SMCONN");
        public static readonly byte[] Subscribe = Ascii.GetBytes("AT+SMSUB=\"");
        public static readonly byte[] SessionQuery = Ascii.GetBytes("AT+SMSTATE?");
        public static readonly byte[] MqttDisconnect = Ascii.GetBytes("AT+SMDISC");

        // Files this link keeps in "/customer/" (AT+SMSSL takes names of at most 20 bytes).
        public static readonly byte[] CaFile = Ascii.GetBytes("openami-ca.pem");
        public static readonly byte[] CertificateFile = Ascii.GetBytes("openami-cl.pem");
        public static readonly byte[] KeyFile = Ascii.GetBytes("openami-cl.key");

        // Pieces.
        public static readonly byte[] Quote = Ascii.GetBytes("\"");
        public static readonly byte[] QuoteComma = Ascii.GetBytes("\",");
        public static readonly byte[] Between = Ascii.GetBytes("\",\"");
        public static readonly byte[] PinTail = Ascii.GetBytes("\"");
        public static readonly byte[] QosOne = Ascii.GetBytes("\",1");

        // Responses and URCs (§1.4: <CR><LF><response><CR><LF>; §22.1 and §22.3 list the codes and URCs).
        public static readonly byte[] Ok = Ascii.GetBytes("OK");
        public static readonly byte[] Error = Ascii.GetBytes("ERROR");
        public static readonly byte[] CmeError = Ascii.GetBytes("+CME ERROR:");
        public static readonly byte[] PinReady = Ascii.GetBytes("+CPIN: READY");
        public static readonly byte[] PinSim = Ascii.GetBytes("+CPIN: SIM PIN");
        public static readonly byte[] PinNotInserted = Ascii.GetBytes("+CPIN: NOT INSERTED");
        public static readonly byte[] PinAny = Ascii.GetBytes("+CPIN: ");
        public static readonly byte[] Registration = Ascii.GetBytes("+CEREG: ");
        public static readonly byte[] Operator = Ascii.GetBytes("+COPS: ");
        public static readonly byte[] System = Ascii.GetBytes("+CPSI: ");
        public static readonly byte[] CatM = Ascii.GetBytes("+CPSI: LTE CAT-M1");
        public static readonly byte[] NbIot = Ascii.GetBytes("+CPSI: LTE NB-IOT");
        public static readonly byte[] Gsm = Ascii.GetBytes("+CPSI: GSM");
        public static readonly byte[] Signal = Ascii.GetBytes("+CSQ: ");
        public static readonly byte[] PdpState = Ascii.GetBytes("+CNACT: 0,");
        public static readonly byte[] Attached = Ascii.GetBytes("+CGATT: ");
        public static readonly byte[] PdpActive = Ascii.GetBytes("+APP PDP: 0,ACTIVE");
        public static readonly byte[] PdpDeactive = Ascii.GetBytes("+APP PDP: 0,DEACTIVE");
        public static readonly byte[] PdpDeactivated = Ascii.GetBytes("+PDP: DEACT");
        public static readonly byte[] NtpResult = Ascii.GetBytes("+CNTP: ");
        public static readonly byte[] NetworkTime = Ascii.GetBytes("*PSUTTZ: ");
        public static readonly byte[] Download = Ascii.GetBytes("DOWNLOAD");
        public static readonly byte[] PublishTest = Ascii.GetBytes("+SMPUB: ");
        public static readonly byte[] Session = Ascii.GetBytes("+SMSTATE: ");
        public static readonly byte[] SessionClosed = Ascii.GetBytes("+SMSTATE: 0");
        public static readonly byte[] Message = Ascii.GetBytes("+SMSUB: ");
        public static readonly byte[] WillReadBack = Ascii.GetBytes("MESSAGE: ");
        public static readonly byte[] Ready = Ascii.GetBytes("RDY");
        public static readonly byte[] PowerDown = Ascii.GetBytes("NORMAL POWER DOWN");
        public static readonly byte[] UnderVoltage = Ascii.GetBytes("UNDER-VOLTAGE POWER DOWN");
    }
}

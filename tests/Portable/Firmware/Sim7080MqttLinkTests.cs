using System.Collections;
using nanoFramework.TestFramework;
using OpenAmi.Firmware.App;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Mqtt;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// The SIM7080 link's state machine against a simulated modem (SimulatedSim7080), turned by hand on a fake clock:
    /// bring-up, TLS and its failures, the will, time, the payload limit, a hang, SIM, registration, PDP and session
    /// loss, and AT safety.
    /// </summary>
    [TestClass]
    public class Sim7080MqttLinkTests
    {
        private const string StatusTopic = "openami/v1/f/g/status";
        private const string Will = "{\"status\":\"offline\",\"feederId\":\"f\",\"gatewayId\":\"g\"}";

        [TestMethod]
        public void BringsUpTheModemAndPublishesWithItsOkAsTheAcknowledgement()
        {
            Rig r = Rig.Plain();
            r.Link.Subscribe("openami/v1/f/g/meter/+/command");
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            foreach (string command in new[]
            {
                "AT+CPIN?", "AT+CLTS=1", "AT+CEREG?", "AT+CGATT?", "AT+COPS?", "AT+CPSI?", "AT+CSQ", "AT+CNCFG=0,1,\"iot.example\"", "AT+CNACT=0,1",
                "AT+CNTP=\"pool.ntp.org\",0,0,2", "AT+SMCONF=\"URL\",\"broker.example\",1883", "AT+SMCONF=\"CLIENTID\",\"g-f\"",
                "AT+SMCONF=\"KEEPTIME\",1200", "AT+SMCONF=\"CLEANSS\",0", "AT+SMPUB=?", "AT+SMCONN", "AT+SMSUB=\"openami/v1/f/g/meter/+/command\",1",
            })
            {
                Assert.IsTrue(r.Modem.Saw(command), command + " missing: " + r.Modem.Log());
            }

            Assert.AreEqual(1, r.Modem.PowerKeyPresses, "a cold modem is switched on once");
            Assert.AreEqual(0, r.Link.Status.PowerCycles, "switching a cold modem on is no recovery");

            byte[] topic = Bytes.Of("openami/v1/f/g/meter/M1/telemetry");
            byte[] payload = Bytes.Of("xx{\"seq\":1}yy");
            int id = r.Link.Publish(topic, 0, topic.Length, payload, 2, payload.Length - 4, 1, false);
            Assert.AreEqual(1, id);
            Assert.IsTrue(r.RunUntil(Rig.Acked, 1), r.Modem.Log());
            Assert.AreEqual("{\"seq\":1}", r.Broker.Payload(0));
            Assert.IsTrue(r.Modem.Saw("AT+SMPUB=\"openami/v1/f/g/meter/M1/telemetry\",9,1,0"), r.Modem.Log());

            // A signed command arrives; its payload keeps its own quotes.
            r.Modem.Deliver("openami/v1/f/g/meter/M1/command", Bytes.Of("{\"op\":\"ping\"}"));
            r.Run(100);
            Assert.AreEqual(1, r.Listener.Messages.Count);
            Assert.AreEqual("openami/v1/f/g/meter/M1/command|{\"op\":\"ping\"}", (string)r.Listener.Messages[0]);

            // The status member carries the radio.
            string status = r.StatusJson();
            foreach (string part in new[] { "\"state\":\"connected\"", "\"reason\":\"none\"", "\"rssiDbm\":-72", "\"bars\":4", "\"registration\":\"home\"",
                "\"operator\":\"Village Telecom\"", "\"accessTechnology\":\"lte-m\"", "\"tls\":false", "\"clockSource\":\"ntp\"", "\"maxPayload\":5799" })
            {
                Assert.IsTrue(status.IndexOf(part) >= 0, part + " not in " + status);
            }
        }

        [TestMethod]
        public void TlsWritesTheCaIntoTheModemAndVerifiesTheBroker()
        {
            Rig r = Rig.Tls(Rig.Ca, "broker.example");
            r.Options.ClientCertPem = Bytes.Of("-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n");
            r.Options.ClientKeyPem = Bytes.Of("-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n");
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            Assert.AreEqual(MemorySimBroker.Text(Rig.Ca), MemorySimBroker.Text(r.Modem.File("openami-ca.pem")));
            Assert.IsNotNull(r.Modem.File("openami-cl.key"));
            Assert.IsTrue(r.Modem.Saw("AT+CFSWFILE=3,\"openami-ca.pem\",0," + Rig.Ca.Length + ",10000"), r.Modem.Log());
            Assert.IsTrue(r.Modem.Saw("AT+CSSLCFG=\"SSLVERSION\",0,3"));
            Assert.IsTrue(r.Modem.Saw("AT+CSSLCFG=\"CONVERT\",2,\"openami-ca.pem\""));
            Assert.IsTrue(r.Modem.Saw("AT+CSSLCFG=\"CONVERT\",1,\"openami-cl.pem\",\"openami-cl.key\""));
            Assert.AreEqual("1,openami-ca.pem,openami-cl.pem,broker.example,0", r.Modem.TlsSetting, "server verification with the CA, SNI, and the clock's dates (NTP came first)");
            Assert.IsTrue(r.Broker.Last.Tls);
            Assert.IsNotNull(r.Broker.Last.ClientCertPem);
            Assert.IsTrue(r.StatusJson().IndexOf("\"tls\":true") >= 0);
        }

        [TestMethod]
        public void AWrongCaOrHostFailsWithAClearStatusAndNeverGoesPlain()
        {
            Rig wrongCa = Rig.Tls(Bytes.Of("-----BEGIN CERTIFICATE-----\nsomeone else\n-----END CERTIFICATE-----\n"), "broker.example");
            wrongCa.Start();
            Assert.IsTrue(wrongCa.RunUntil(Rig.Reason, CellularStatus.ReasonTlsRefused), wrongCa.Modem.Log());
            Assert.IsFalse(wrongCa.Link.IsConnected);
            Assert.IsTrue(wrongCa.Broker.Last.Tls, "every attempt is over TLS");
            Assert.IsTrue(wrongCa.StatusJson().IndexOf("\"reason\":\"tls_refused\"") >= 0);

            Rig wrongHost = Rig.Tls(Rig.Ca, "other.example");
            wrongHost.Start();
            Assert.IsTrue(wrongHost.RunUntil(Rig.Reason, CellularStatus.ReasonTlsRefused), wrongHost.Modem.Log());

            // Waiting longer does not make it try in plain text, and the retries back off (each costs a handshake).
            wrongHost.Run(10 * 60 * 1000);
            Assert.IsFalse(wrongHost.Link.IsConnected);
            Assert.IsTrue(wrongHost.Broker.Last.Tls);
            Assert.IsTrue(wrongHost.Modem.Connects <= 6, "attempts in 10 minutes: " + wrongHost.Modem.Connects);

            Rig noCa = Rig.Tls(null, "broker.example");
            noCa.Start();
            Assert.IsTrue(noCa.RunUntil(Rig.Reason, CellularStatus.ReasonTlsSetupFailed), noCa.Modem.Log());
            Assert.IsFalse(noCa.Modem.Saw("AT+SMCONN"), "no CA, no connection");
        }

        [TestMethod]
        public void TheWillIsSetInTheModemWithEscapesAndCheckedByReadingItBack()
        {
            Rig r = Rig.Plain();
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            Assert.IsTrue(r.Modem.Saw("AT+SMCONF=\"MESSAGE\",\"{\\22status\\22:\\22offline\\22,"), r.Modem.Log());
            Assert.AreEqual(Will, MemorySimBroker.Text(r.Modem.StoredWill));
            Assert.AreEqual(StatusTopic, r.Broker.Last.WillTopic);
            Assert.IsTrue(r.Broker.Last.WillRetain);
            Assert.IsTrue(r.Link.Status.WillSet);
            Assert.AreEqual(0, r.Modem.Injections);

            // A modem that keeps \22 as it is would send a will nobody can read: none is set, and the status says so.
            Rig literal = Rig.Plain();
            literal.Modem.HonoursEscapes = false;
            literal.Start();
            Assert.IsTrue(literal.RunUntilConnected(), literal.Modem.Log());
            Assert.IsFalse(literal.Link.Status.WillSet);
            Assert.IsNull(literal.Broker.Last.WillTopic, "no will rather than a wrong one");
            Assert.IsTrue(literal.StatusJson().IndexOf("\"will\":false") >= 0);
        }

        [TestMethod]
        public void AConfigValueCanNeverInjectAnAtCommand()
        {
            var options = new CellularOptions();
            Assert.IsNotNull(CellularOptions.Make("iot", "b", 1883, "u", "pw\";+CFUN=0;\"", null, null, options));
            Assert.IsNotNull(CellularOptions.Make("iot\r\nAT+CFUN=0", "b", 1883, null, null, null, null, options));
            Assert.IsNotNull(CellularOptions.Make("iot", "b\"", 1883, null, null, null, null, options));
            Assert.IsNull(CellularOptions.Make("iot", "b", 1883, "user", "s3cret!#$%&'()*+,-./:;<=>?@[]^_`{|}~", "1234", "pool.ntp.org", options));

            Rig r = Rig.Plain();
            r.Link.Subscribe("openami/v1/f/g/meter/\"x\"/command");
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            byte[] topic = Bytes.Of("openami/v1/f/g/meter/a\";+CFUN=0;\"/telemetry");
            Assert.AreEqual(MqttLinkResult.TooLarge, r.Link.Publish(topic, 0, topic.Length, topic, 0, 4, 1, false));
            r.Run(1000);
            Assert.AreEqual(0, r.Modem.Injections, r.Modem.Log());
            Assert.IsFalse(r.Modem.Saw("AT+SMSUB=\"openami/v1/f/g/meter/\""), "an unsafe filter is never sent");
            Assert.AreEqual(1, r.Link.Status.Refused);
        }

        [TestMethod]
        public void TheClockIsTrustedOnlyAfterAPlausibleNetworkTime()
        {
            Rig ntp = Rig.Plain();
            Assert.IsFalse(ntp.Clock.IsTrusted);
            ntp.Start();
            Assert.IsTrue(ntp.RunUntilConnected(), ntp.Modem.Log());
            Assert.IsTrue(ntp.Clock.IsTrusted);
            Assert.IsTrue(ntp.Clock.UtcNowUnix - 1780000000 < 60, "UTC from +CNTP: " + ntp.Clock.UtcNowUnix);
            Assert.AreEqual(CellularStatus.ClockNtp, ntp.Link.Status.ClockSource);

            // NTP unreachable (code 61): the network's own time (NITZ) will do.
            Rig nitz = Rig.Plain();
            nitz.Modem.NtpCode = 63;
            nitz.Modem.NitzUnix = 1780003600;
            nitz.Start();
            Assert.IsTrue(nitz.RunUntilConnected(), nitz.Modem.Log());
            Assert.IsTrue(nitz.Clock.IsTrusted);
            Assert.IsTrue(nitz.Clock.UtcNowUnix >= 1780003600 && nitz.Clock.UtcNowUnix < 1780003600 + 600, "UTC from *PSUTTZ: " + nitz.Clock.UtcNowUnix);
            Assert.AreEqual(CellularStatus.ClockNitz, nitz.Link.Status.ClockSource);

            // A modem clock that never synced (2004) is no time at all.
            Rig stale = Rig.Plain();
            stale.Modem.NtpUnix = 1072915200;
            stale.Start();
            Assert.IsTrue(stale.RunUntilConnected(), stale.Modem.Log());
            Assert.IsFalse(stale.Clock.IsTrusted);
        }

        [TestMethod]
        public void PayloadsFollowTheModemsOwnLimit()
        {
            Rig old = Rig.Plain();
            old.Modem.PublishLimit = 1024; // firmware before the 5799-byte AT+SMPUB of manual V1.07
            old.Start();
            Assert.IsTrue(old.RunUntilConnected(), old.Modem.Log());
            byte[] topic = Bytes.Of("t/telemetry");
            byte[] big = new byte[1500];
            Assert.AreEqual(MqttLinkResult.TooLarge, old.Link.Publish(topic, 0, topic.Length, big, 0, big.Length, 1, false));
            Assert.AreEqual(1, old.Link.Publish(topic, 0, topic.Length, big, 0, 1024, 1, false));
            Assert.IsTrue(old.RunUntil(Rig.Acked, 1), old.Modem.Log());
            Assert.AreEqual(1024, old.Link.Status.MaxPayload);

            Rig current = Rig.Plain();
            current.Start();
            Assert.IsTrue(current.RunUntilConnected(), current.Modem.Log());
            byte[] full = new byte[Sim7080MqttLink.MaxPayload];
            for (int i = 0; i < full.Length; i++)
            {
                full[i] = (byte)'x'; // not zeros: a string ends at the first '\0' on the device
            }

            Assert.AreEqual(1, current.Link.Publish(topic, 0, topic.Length, full, 0, full.Length, 1, false));
            Assert.IsTrue(current.RunUntil(Rig.Acked, 1), current.Modem.Log());
            Assert.AreEqual(Sim7080MqttLink.MaxPayload, current.Broker.Payload(0).Length);
            Assert.AreEqual(MqttLinkResult.TooLarge, current.Link.Publish(topic, 0, topic.Length, new byte[Sim7080MqttLink.MaxPayload + 1], 0, Sim7080MqttLink.MaxPayload + 1, 1, false));
        }

        [TestMethod]
        public void AHungModemIsPowerCycledThroughPwrkeyThenItsSupply()
        {
            Rig r = Rig.Plain();
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            byte[] topic = Bytes.Of("t");
            r.Modem.Hung = true;
            Assert.AreEqual(1, r.Link.Publish(topic, 0, 1, topic, 0, 1, 1, false));
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonModemNotAnswering), r.Modem.Log());
            Assert.AreEqual(1, r.Listener.Lost.Count, "the message in flight goes back to the outbox");
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 2), r.Modem.Log());
            Assert.IsTrue(r.Link.Status.PowerCycles >= 1);
            Assert.AreEqual(0, r.Modem.SupplyCuts, "PWRKEY was enough");

            // A modem that ignores PWRKEY while hung loses its supply (the AXP2101's DC3) on the third cycle.
            r.Modem.Hung = true;
            r.Modem.IgnoresPowerKeyWhenHung = true;
            r.Modem.CloseSession();
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 3), r.Modem.Log());
            Assert.AreEqual(1, r.Modem.SupplyCuts);
        }

        [TestMethod]
        public void AMissingOrLockedSimShowsInTheStatusAndIsRetried()
        {
            Rig missing = Rig.Plain();
            missing.Modem.Sim = SimulatedSim7080.SimMissing;
            missing.Start();
            Assert.IsTrue(missing.RunUntil(Rig.Reason, CellularStatus.ReasonSimMissing), missing.Modem.Log());
            Assert.IsTrue(missing.StatusJson().IndexOf("\"reason\":\"sim_missing\"") >= 0);
            missing.Modem.Sim = SimulatedSim7080.SimReady;
            Assert.IsTrue(missing.RunUntilConnected(), missing.Modem.Log());

            Rig pin = Rig.Plain();
            pin.Options.SimPin = Bytes.Of("1234");
            pin.Modem.Sim = SimulatedSim7080.SimPin;
            pin.Start();
            Assert.IsTrue(pin.RunUntilConnected(), pin.Modem.Log());
            Assert.AreEqual(1, pin.Modem.PinAttempts);

            // A wrong PIN is tried once, never again: three would lock the SIM for good.
            Rig wrong = Rig.Plain();
            wrong.Options.SimPin = Bytes.Of("9999");
            wrong.Modem.Sim = SimulatedSim7080.SimPin;
            wrong.Start();
            Assert.IsTrue(wrong.RunUntil(Rig.Reason, CellularStatus.ReasonSimLocked), wrong.Modem.Log());
            wrong.Run(30 * 60 * 1000);
            Assert.AreEqual(1, wrong.Modem.PinAttempts);

            // The SIM pulled while connected.
            Rig pulled = Rig.Plain();
            pulled.Start();
            Assert.IsTrue(pulled.RunUntilConnected(), pulled.Modem.Log());
            pulled.Modem.RemoveSim();
            Assert.IsTrue(pulled.RunUntil(Rig.Reason, CellularStatus.ReasonSimMissing), pulled.Modem.Log());
            Assert.IsFalse(pulled.Link.IsConnected);
            pulled.Modem.Sim = SimulatedSim7080.SimReady;
            pulled.Modem.Registration = 1;
            Assert.IsTrue(pulled.RunUntil(Rig.Reconnected, 2), pulled.Modem.Log());
        }

        [TestMethod]
        public void LostRegistrationAndPdpAreRecoveredWithTheirReasons()
        {
            Rig r = Rig.Plain();
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            byte[] topic = Bytes.Of("t");

            r.Modem.LoseNetwork();
            r.Run(200);
            Assert.IsFalse(r.Link.IsConnected);
            Assert.AreEqual(MqttLinkResult.NotNow, r.Link.Publish(topic, 0, 1, topic, 0, 1, 1, false));
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonNotRegistered), r.Modem.Log());
            r.Modem.Registration = 5;
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 2), r.Modem.Log());
            Assert.IsTrue(r.StatusJson().IndexOf("\"registration\":\"roaming\"") >= 0);

            r.Modem.DropPdp();
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonPdpLost), r.Modem.Log());
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 3), r.Modem.Log());

            Rig denied = Rig.Plain();
            denied.Modem.Registration = 3;
            denied.Start();
            Assert.IsTrue(denied.RunUntil(Rig.Reason, CellularStatus.ReasonRegistrationDenied), denied.Modem.Log());
            Assert.IsTrue(denied.StatusJson().IndexOf("\"registration\":\"denied\"") >= 0);
        }

        [TestMethod]
        public void ASessionTheModemClosedIsFoundAndReconnected()
        {
            Rig r = Rig.Plain();
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());

            // Silently: the health check (AT+SMSTATE?) finds it within a minute.
            r.Modem.CloseSession();
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonSessionClosed), r.Modem.Log());
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 2), r.Modem.Log());

            // Said: "+SMSTATE: 0".
            r.Modem.ReportsSessionLoss = true;
            r.Modem.CloseSession();
            r.Run(100);
            Assert.AreEqual(CellularStatus.ReasonSessionClosed, r.Link.Status.Reason);
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 3), r.Modem.Log());

            // A publish the modem refuses: lost (the outbox sends it again), and the session is rebuilt.
            byte[] topic = Bytes.Of("t");
            r.Broker.FailPublishes = 1;
            Assert.AreEqual(1, r.Link.Publish(topic, 0, 1, topic, 0, 1, 1, false));
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 4), r.Modem.Log());
            Assert.AreEqual(1, r.Listener.Lost.Count);

            // A modem that restarted by itself (RDY).
            r.Modem.RestartNow();
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 5), r.Modem.Log());
        }

        [TestMethod]
        public void EveryConnectionSubscribesEachFilterOnce()
        {
            Rig r = Rig.Plain();
            r.Listener.Link = r.Link;
            r.Listener.SubscribeOnConnect = new[] { "g/meter/+/command", "g/session/+" };
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            r.Run(2000);
            r.Modem.CloseSession();
            Assert.IsTrue(r.RunUntil(Rig.Reconnected, 2), r.Modem.Log());
            r.Run(2000);
            Assert.AreEqual(2, r.Modem.Count("AT+SMSUB=\"g/meter/+/command\",1"), r.Modem.Log());
            Assert.AreEqual(2, r.Modem.Count("AT+SMSUB=\"g/session/+\",1"), r.Modem.Log());
        }

        [TestMethod]
        public void StopSendsWhatIsQueuedThenDisconnects()
        {
            Rig r = Rig.Plain();
            r.Start();
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            byte[] topic = Bytes.Of(StatusTopic);
            byte[] offline = Bytes.Of(Will);
            Assert.AreEqual(1, r.Link.Publish(topic, 0, topic.Length, offline, 0, offline.Length, 1, true));
            r.Link.Stop();
            Assert.IsTrue(r.RunUntil(Rig.Stopped, 0), r.Modem.Log());
            Assert.AreEqual(Will, r.Broker.Payload(0));
            Assert.IsTrue(r.Modem.Saw("AT+SMDISC"));
        }

        [TestMethod]
        public void TheNetworkIsUpForTheLedOnceTheModemHasADataContext()
        {
            Rig r = Rig.Plain();
            r.Modem.Sim = SimulatedSim7080.SimMissing;
            r.Start();
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonSimMissing), r.Modem.Log());
            Assert.IsFalse(r.Link.Status.IsUp);
            r.Modem.Sim = SimulatedSim7080.SimReady;
            r.Broker.Refuse = true;
            Assert.IsTrue(r.RunUntil(Rig.Reason, CellularStatus.ReasonBrokerRefused), r.Modem.Log());
            Assert.IsTrue(r.Link.Status.IsUp, "the radio is up: it is the broker that is down");
            r.Broker.Refuse = false;
            Assert.IsTrue(r.RunUntilConnected(), r.Modem.Log());
            Assert.IsTrue(r.Link.Status.IsUp);
        }

        /// <summary>A link on a simulated modem and broker, turned by hand on a fake clock.</summary>
        private sealed class Rig
        {
            public static readonly byte[] Ca = Bytes.Of("-----BEGIN CERTIFICATE-----\nMIIBtest-ca\n-----END CERTIFICATE-----\n");

            public const int Acked = 0;
            public const int Reason = 1;
            public const int Reconnected = 2;
            public const int Stopped = 3;

            public readonly FakeClock Platform = new FakeClock();
            public readonly MemorySimBroker Broker = new MemorySimBroker();
            public readonly RecordingListener Listener = new RecordingListener();
            public SimulatedSim7080 Modem;
            public NetworkClock Clock;
            public CellularOptions Options;
            public Sim7080MqttLink Link;

            public static Rig Plain()
            {
                return Make(false, null, null);
            }

            public static Rig Tls(byte[] ca, string brokerName)
            {
                return Make(true, ca, brokerName);
            }

            private static Rig Make(bool tls, byte[] ca, string brokerName)
            {
                var r = new Rig();
                r.Platform.TickMs = 1000;
                r.Platform.UtcNowUnix = 315964800; // a modem-less ESP32 clock: 1980
                r.Modem = new SimulatedSim7080(r.Platform, r.Broker);
                r.Broker.TrustedCa = tls ? Ca : null;
                r.Broker.ServerName = brokerName;
                r.Clock = new NetworkClock(r.Platform);
                r.Options = new CellularOptions();
                CellularOptions.Make("iot.example", "broker.example", tls ? 8883 : 1883, null, null, null, "pool.ntp.org", r.Options);
                r.Options.TlsRequired = tls;
                r.Options.CaPem = ca;
                r.Link = new Sim7080MqttLink(r.Modem, r.Modem, r.Platform, r.Clock, r.Options);
                r.Link.ManualPoll = true;
                return r;
            }

            public void Start()
            {
                Link.Start("g-f", StatusTopic, Bytes.Of(Will), Listener);
            }

            public string StatusJson()
            {
                var j = new OpenAmi.Northbound.JsonBuffer(1024);
                Link.Status.Write(j);
                return MemorySimBroker.Text(Copy(j.Buffer, j.Length));
            }

            public bool RunUntilConnected()
            {
                return RunUntil(Reconnected, 1);
            }

            /// <summary>Turns the link in 50 ms steps for up to 4 hours of fake time until the condition holds.</summary>
            public bool RunUntil(int what, int value)
            {
                for (int i = 0; i < 4 * 3600 * 20; i++)
                {
                    if (Holds(what, value))
                    {
                        return true;
                    }

                    Step();
                }

                return Holds(what, value);
            }

            public void Run(int ms)
            {
                for (int t = 0; t < ms; t += 50)
                {
                    Step();
                }
            }

            private void Step()
            {
                Link.Poll();
                Platform.TickMs += 50;
                if (Platform.TickMs % 1000 == 0)
                {
                    Platform.UtcNowUnix++;
                }
            }

            private bool Holds(int what, int value)
            {
                switch (what)
                {
                    case Acked:
                        return Listener.Acks.Count >= value;
                    case Reason:
                        return Link.Status.Reason == value;
                    case Reconnected:
                        return Listener.Connects >= value && Link.IsConnected;
                    default:
                        return Link.Stopped;
                }
            }

            private static byte[] Copy(byte[] source, int length)
            {
                byte[] b = new byte[length];
                System.Array.Copy(source, b, length);
                return b;
            }
        }

        private sealed class RecordingListener : IMqttLinkListener
        {
            public readonly ArrayList Acks = new ArrayList();
            public readonly ArrayList Lost = new ArrayList();
            public readonly ArrayList Messages = new ArrayList();
            public int Connects;
            public int Disconnects;
            public IMqttLink Link;
            public string[] SubscribeOnConnect;

            public void OnConnected()
            {
                if (SubscribeOnConnect != null)
                {
                    for (int i = 0; i < SubscribeOnConnect.Length; i++)
                    {
                        Link.Subscribe(SubscribeOnConnect[i]);
                    }
                }

                Connects++;
            }

            public void OnDisconnected()
            {
                Disconnects++;
            }

            public void OnPublishAcknowledged(int packetId)
            {
                Acks.Add(packetId);
            }

            public void OnPublishLost(int packetId)
            {
                Lost.Add(packetId);
            }

            public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
            {
                Messages.Add(Bytes.Text(topic, 0, topicLength) + "|" + Bytes.Text(payload, 0, payloadLength));
            }
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.Firmware.App;
using OpenAmi.Vmrs;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class FirmwareConfigTests
    {
        private const string Complete =
            "board = devkitc-wrover\n"
            + "wifi_ssid = village-ap\n"
            + "wifi_password = s3cret\n"
            + "broker = mqtts://broker.example.net:8884\n"
            + "feeder = feeder-7\n"
            + "gateway = pole-12\n"
            + "ports = 2\n"
            + "interval = 300\n"
            + "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

        [TestMethod]
        public void ACompleteFileGivesEverySettingTheDeviceNeeds()
        {
            FirmwareConfig config = FirmwareConfig.Load(Complete, "fw/1");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.AreEqual("devkitc-wrover", config.Board.Id);
            Assert.AreEqual("ESP32_PSRAM_REV3", config.Board.NanoffTarget);
            Assert.IsTrue(config.Network == NetworkKind.Wifi);
            Assert.AreEqual("broker.example.net", config.BrokerHost);
            Assert.AreEqual(8884, config.BrokerPort);
            Assert.IsTrue(config.BrokerTls);
            Assert.AreEqual("I:\\ca.pem", config.CaPath);
            Assert.AreEqual(2, config.Ports);
            Assert.AreEqual(115200, config.BaudRate);
            Assert.IsFalse(config.SevenEvenOne);
            Assert.IsTrue(config.InvertRx, "the board reads the line directly");
            Assert.IsFalse(config.RequestPulse);
            Assert.AreEqual(300, config.Options.IntervalSeconds);
            Assert.AreEqual("feeder-7", config.Options.FeederId);
            Assert.AreEqual("pole-12", config.Options.GatewayId);
            Assert.AreEqual("fw/1", config.Options.Software);
            Assert.AreEqual("k1", config.CommandKeys.CurrentId);
            Assert.AreEqual(32, config.CommandKeys.Current.Length);
            Assert.AreEqual(8, config.Options.ConfigHash.Length);
        }

        [TestMethod]
        public void EveryMissingFieldIsNamedWithWhatItIs()
        {
            FirmwareConfig config = FirmwareConfig.Load("wifi_password = x\n", "fw");
            string text = config.Describe();
            Assert.AreEqual(5, config.ProblemCount, text);
            AssertHas(text, "missing 'board' (the board, one of devkitc-wroom, devkitc-wrover");
            AssertHas(text, "missing 'wifi_ssid' (the Wi-Fi network name)");
            AssertHas(text, "missing 'broker'");
            AssertHas(text, "missing 'feeder'");
            AssertHas(text, "missing 'gateway'");
        }

        [TestMethod]
        public void NoFileAtAllSaysWhereItBelongs()
        {
            FirmwareConfig config = FirmwareConfig.Load(null, "fw");
            Assert.AreEqual(1, config.ProblemCount);
            AssertHas(config.ProblemAt(0), "no config file I:\\openami.conf");
        }

        [TestMethod]
        public void WrongValuesAreRefusedWithTheAllowedOnes()
        {
            AssertProblem("board = esp8266\n", "board 'esp8266' is not supported");
            AssertProblem("broker = tcp://x\n", "broker must start with mqtt:// or mqtts://");
            AssertProblem("broker = mqtt://host:99999\n", "broker port must be 1 to 65535");
            AssertProblem("ports = 3\n", "ports must be a whole number from 1 to 2");
            AssertProblem("board = esp32c3-dongle\nports = 2\n", "esp32c3-dongle has 1 P1 port(s)");
            AssertProblem("p1_line = 57600\n", "p1_line is auto (the device finds it), 115200-8N1");
            AssertProblem("invert = maybe\n", "invert is auto");
            AssertProblem("request_mode = blink\n", "request_mode is hold");
            AssertProblem("key = 0011\n", "key is the meter's 16-byte AES key");
            AssertProblem("allow_plaintext = maybe\n", "allow_plaintext is yes");
            AssertProblem("command_key = 00ff\n", "command_key is the gateway's command key as hex, 16 to 64 bytes");
            AssertProblem("network = ethernet\n", "network = ethernet needs a board with an Ethernet port");
            AssertProblem("colour = blue\n", "unknown setting 'colour'");
            AssertProblem("feeder = a/b\n", "'/'");
        }

        [TestMethod]
        public void CellularRulesOutWhatTheModemCannotCarry()
        {
            string baseText = "board = lilygo-t-sim7080g\napn = iot.example\nfeeder = f\ngateway = g\n";
            Assert.AreEqual(0, FirmwareConfig.Load(baseText + "broker = mqtt://b:1883\n", "fw").ProblemCount);

            // mqtts (the CA goes into the modem) and full mode (the SIM7080 publishes up to 5799 bytes) work on cellular.
            FirmwareConfig tls = FirmwareConfig.Load(baseText + "broker = mqtts://b.example:8883\nmode = full\ncert = I:\\c.pem\ncert_key = I:\\c.key\nsim_pin = 1234\n", "fw");
            Assert.AreEqual(0, tls.ProblemCount, tls.Describe());
            Assert.IsTrue(tls.Cellular.TlsRequired);
            Assert.AreEqual(3600, tls.Options.StatusPeriodSeconds, "hourly status on cellular: each costs ~1 KB of the SIM's data");
            Assert.AreEqual(1200, tls.Cellular.KeepAliveSeconds);

            // Nothing a value holds can end an AT string early and add a command of its own.
            AssertProblemIn(baseText + "broker = mqtt://b\npassword = pw\";+CFUN=0;\"\n", "password holds a character the SIM7080's AT commands cannot carry");
            AssertProblemIn(baseText + "broker = mqtt://b\nuser = a\\b\n", "user holds a character");
            AssertProblemIn("board = lilygo-t-sim7080g\napn = iot\"x\nfeeder = f\ngateway = g\nbroker = mqtt://b\n", "apn holds a character");
            AssertProblemIn("board = lilygo-t-sim7080g\napn = iot\nfeeder = f\"\ngateway = g\nbroker = mqtt://b\n", "feeder holds a character");
            AssertProblemIn(baseText + "broker = mqtt://b\nsim_pin = 12a4\n", "sim_pin is the SIM's PIN");
            AssertProblemIn(baseText + "broker = mqtt://b\ncert = I:\\c.pem\n", "cert and cert_key go together");
            AssertProblemIn("board = lilygo-t-sim7080g\napn = iot\nfeeder = feeder-with-a-rather-long-name-0001\ngateway = gateway-with-a-rather-long-name-0042\nbroker = mqtt://b\n", "at most 64 characters together on cellular");
            AssertProblemIn("board = lilygo-t-sim7080g\nfeeder = f\ngateway = g\nbroker = mqtt://b\n", "missing 'apn'");
            AssertProblemIn("board = devkitc-wroom\nnetwork = cellular\napn = x\nfeeder = f\ngateway = g\nbroker = mqtt://b\n", "needs a board with a modem");
        }

        [TestMethod]
        public void OlderMetersAndTransistorBoardsAreConfigurable()
        {
            FirmwareConfig config = FirmwareConfig.Load(
                "board = olimex-esp32-poe\nbroker = mqtt://10.1.1.1\nfeeder = f\ngateway = g\np1_line = 9600-7E1\ninvert = no\n"
                + "request_mode = pulse\nrequest_interval_s = 60\nmode = full\nkey = 000102030405060708090A0B0C0D0E0F\naad = none\n", "fw");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.IsTrue(config.Network == NetworkKind.Ethernet, "the POE board defaults to Ethernet");
            Assert.AreEqual(1883, config.BrokerPort);
            Assert.AreEqual(9600, config.BaudRate);
            Assert.IsTrue(config.SevenEvenOne);
            Assert.IsFalse(config.InvertRx);
            Assert.IsTrue(config.RequestPulse);
            Assert.AreEqual(60, config.RequestIntervalSeconds);
            Assert.IsTrue(config.Options.Mapping.Mode == MappingMode.Full);
            Assert.AreEqual(16, config.MeterKey.Length);
            Assert.AreEqual(15, (int)config.MeterKey[15]);
            Assert.IsNull(config.MeterAad);
            Assert.IsFalse(config.AllowPlaintext, "a port with a key refuses plaintext unless the file says otherwise");
        }

        [TestMethod]
        public void AllowPlaintextLetsAKeyedPortTakePlaintextTelegrams()
        {
            FirmwareConfig config = FirmwareConfig.Load(
                "board = olimex-esp32-poe\nbroker = mqtt://10.1.1.1\nfeeder = f\ngateway = g\n"
                + "key = 000102030405060708090A0B0C0D0E0F\nallow_plaintext = yes\n", "fw");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.IsTrue(config.AllowPlaintext);
        }

        [TestMethod]
        public void BoardTableHasEveryDocumentedBoardWithUsablePins()
        {
            string[] expected = { "devkitc-wroom", "devkitc-wrover", "olimex-esp32-poe", "olimex-esp32-poe-wrover", "esp32c3-dongle", "lilygo-t-sim7080g" };
            Assert.AreEqual(expected.Length, BoardProfiles.Count);
            for (int i = 0; i < expected.Length; i++)
            {
                BoardProfile board = BoardProfiles.Find(expected[i]);
                Assert.IsNotNull(board, expected[i]);
                Assert.AreEqual(board.MaxPorts, board.P1RxPins.Length, board.Id);
                Assert.AreEqual(board.MaxPorts, board.P1TxPins.Length, board.Id);
                Assert.AreEqual(board.MaxPorts, board.RequestPins.Length, board.Id);
                for (int p = 0; p < board.MaxPorts; p++)
                {
                    Assert.IsTrue(board.P1RxPins[p] != board.P1TxPins[p] && board.P1RxPins[p] != board.RequestPins[p], board.Id);
                    Assert.IsTrue(board.P1RxPins[p] != board.LedPin && board.P1RxPins[p] != board.RelayPin, board.Id);
                }
            }

            Assert.IsNull(BoardProfiles.Find("nope"));
        }

        [TestMethod]
        public void AConfigurationItsBoardCannotHoldIsRefusedWithWhatToChange()
        {
            const string Base = "wifi_ssid = a\nbroker = mqtt://b\nfeeder = f\ngateway = g\n";
            const string Everything = "mode = full\nkey = 0123456789abcdef0123456789abcdef\n"
                + "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

            // No PSRAM, about 80 KB: two ports fit with Home Assistant, one with full mode, decryption and commands; all
            // of them together do not, and the message names what to change.
            Assert.AreEqual(0, FirmwareConfig.Load("board = devkitc-wroom\n" + Base + "ports = 2\nha_discovery = true\n", "fw").ProblemCount);
            Assert.AreEqual(0, FirmwareConfig.Load("board = devkitc-wroom\n" + Base + Everything, "fw").ProblemCount);
            FirmwareConfig all = FirmwareConfig.Load("board = devkitc-wroom\n" + Base + Everything + "ha_discovery = true\n", "fw");
            AssertHas(all.Describe(), "needs about 81 KB of heap and devkitc-wroom has about 80 KB");
            AssertHas(all.Describe(), "MQTT client and its window 15");
            AssertHas(all.Describe(), "turn ha_discovery off, use mode = vmrs, ");
            AssertHas(all.Describe(), "a board with PSRAM");

            // Each feature adds its share, and the plan is the sum of its parts: without PSRAM the MQTT link keeps two
            // messages in flight, each held whole until its PUBACK; the cellular board's modem link replaces the client.
            BoardProfile wroom = BoardProfiles.Find("devkitc-wroom");
            Assert.AreEqual(2, HeapPlan.MqttWindow(wroom));
            Assert.AreEqual(8, HeapPlan.MqttWindow(BoardProfiles.Find("devkitc-wrover")));
            Assert.AreEqual(
                HeapPlan.BootBytes + HeapPlan.AppBytes + HeapPlan.PortBytes + HeapPlan.FullModeBytes + HeapPlan.DecryptionBytes
                + HeapPlan.CommandsBytes + HeapPlan.FurtherPortBytes + HeapPlan.DiscoveryBytes
                + HeapPlan.MqttClientBytes + (2 * (HeapPlan.FullModeMessageBytes + HeapPlan.InflightOverheadBytes)),
                HeapPlan.Need(wroom, 2, true, true, true, true, false));
            Assert.AreEqual(
                HeapPlan.BootBytes + HeapPlan.AppBytes + HeapPlan.PortBytes + HeapPlan.CellularLinkBytes,
                HeapPlan.Need(BoardProfiles.Find("lilygo-t-sim7080g"), 1, false, false, false, false, true));

            // PSRAM: everything fits.
            Assert.AreEqual(0, FirmwareConfig.Load("board = devkitc-wrover\n" + Base + Everything + "ports = 2\nha_discovery = true\n", "fw").ProblemCount);
        }

        [TestMethod]
        public void AtStartTheHeapTheImageLeftFreeDecides()
        {
            const string Base = "wifi_ssid = a\nbroker = mqtt://b\nfeeder = f\ngateway = g\n";

            // The ESP32-C3 is planned with a Bluetooth-free image; the stock one leaves too little, and the message says
            // which image to flash.
            FirmwareConfig c3 = FirmwareConfig.Load("board = esp32c3-dongle\n" + Base, "fw");
            Assert.AreEqual(0, c3.ProblemCount, c3.Describe());
            Assert.IsFalse(c3.FitsFreeHeap(20 * 1024));
            AssertHas(c3.Describe(), "this image leaves 20 KB of heap free after boot and this configuration needs about 41 KB of it");
            AssertHas(c3.Describe(), "flash a Bluetooth-free ESP32-C3 image");

            FirmwareConfig roomy = FirmwareConfig.Load("board = esp32c3-dongle\n" + Base, "fw");
            Assert.IsTrue(roomy.FitsFreeHeap(HeapPlan.AfterBoot(roomy.Board, 1, false, false, false, false, false)));
            Assert.AreEqual(0, roomy.ProblemCount);

            // What was planned at boot is not counted twice: free heap after boot is compared with the rest.
            Assert.AreEqual(HeapPlan.Need(roomy.Board, 1, false, false, false, false, false) - HeapPlan.BootBytes, HeapPlan.AfterBoot(roomy.Board, 1, false, false, false, false, false));
        }

        private static void AssertProblem(string line, string expected)
        {
            AssertProblemIn("board = devkitc-wroom\nwifi_ssid = a\nbroker = mqtt://b\nfeeder = f\ngateway = g\n" + line, expected);
        }

        private static void AssertProblemIn(string text, string expected)
        {
            FirmwareConfig config = FirmwareConfig.Load(text, "fw");
            AssertHas(config.Describe(), expected);
        }

        private static void AssertHas(string text, string part)
        {
            Assert.IsTrue(text.IndexOf(part) >= 0, "expected '" + part + "' in: " + text);
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class HomeAssistantDiscoveryTests
    {
        private const string Meter = "openami_E0000000000000001";
        private const string Power = "homeassistant/sensor/" + Meter + "_1_7_0/config";
        private const string Voltage = "homeassistant/sensor/" + Meter + "_32_7_0/config";
        private const string Breaker = "homeassistant/binary_sensor/" + Meter + "_0_0_96_3_10_255/config";
        private const string GatewayOnline = "homeassistant/binary_sensor/openami_gw_feeder-1_gw-1_online/config";

        private static FakeClock _clock;
        private static FakeLink _link;
        private static TelegramBuilder _meter;

        private static GatewayRuntime Start(bool discovery, MappingMode mode)
        {
            _clock = new FakeClock();
            _clock.UtcNowUnix = 1700000000L;
            _clock.TickMs = 5000;
            _link = new FakeLink();
            _meter = new TelegramBuilder();
            var options = new GatewayOptions();
            options.FeederId = "feeder-1";
            options.GatewayId = "gw-1";
            options.HaDiscovery = discovery;
            options.Mapping.Mode = mode;
            var runtime = new GatewayRuntime(options, _clock, new PersistentOutbox(new MemoryRecordStore(), SmallOutbox.Options()), _link);
            runtime.Start();
            _link.Connect();
            return runtime;
        }

        private static void Feed(GatewayRuntime runtime, int telegrams)
        {
            for (int i = 0; i < telegrams; i++)
            {
                runtime.OnFrame(0, _meter.Parse());
                _meter.ClockUnix++;
                _clock.Advance(1);
                for (int t = 0; t < 8; t++)
                {
                    runtime.Tick();
                }
            }
        }

        private static int Last(string topic)
        {
            for (int i = _link.Count - 1; i >= 0; i--)
            {
                if (_link.Topic(i) == topic)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int Count(string topic)
        {
            int n = 0;
            for (int i = 0; i < _link.Count; i++)
            {
                if (_link.Topic(i) == topic)
                {
                    n++;
                }
            }

            return n;
        }

        private static int CountUnder(string prefix)
        {
            int n = 0;
            for (int i = 0; i < _link.Count; i++)
            {
                if (_link.Topic(i).IndexOf(prefix) == 0)
                {
                    n++;
                }
            }

            return n;
        }

        [TestMethod]
        public void OffByDefault()
        {
            GatewayRuntime runtime = Start(false, MappingMode.Vmrs);
            Feed(runtime, 5);
            Assert.AreEqual(0, CountUnder("homeassistant/"));
            Assert.AreEqual(0, _link.Subscriptions.Count);
        }

        [TestMethod]
        public void EachRegisterTheMeterSendsGetsARetainedConfigReadingTheTelemetryTopic()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Vmrs);
            Feed(runtime, 2);
            int power = Last(Power);
            Assert.IsTrue(power >= 0, "no config for 1.7.0");
            Assert.IsTrue(_link.Retained(power));
            Assert.IsTrue(_link.PacketId(power) > 0, "discovery is published at QoS 1");
            string config = _link.Payload(power);
            Assert.IsTrue(config.IndexOf("\"state_topic\":\"openami/v1/feeder-1/gw-1/meter/E0000000000000001/telemetry\"") > 0, config);
            Assert.IsTrue(config.IndexOf("\"value_template\":\"{% for r in value_json.registers if r.obis == '1.7.0' and r.unit == 'W' %}{{ r.value }}{% endfor %}\"") > 0, config);
            Assert.IsTrue(config.IndexOf("\"device_class\":\"power\",\"state_class\":\"measurement\",\"unit_of_measurement\":\"W\"") > 0, config);
            Assert.IsTrue(config.IndexOf("\"availability_topic\":\"openami/v1/feeder-1/gw-1/status\"") > 0, config);
            Assert.IsTrue(config.IndexOf("\"identifiers\":[\"" + Meter + "\"]") > 0, config);
            Assert.IsTrue(config.IndexOf("\"model\":\"TST5\\\\TestMeter-1\"") > 0, config);
            Assert.IsTrue(config.IndexOf("\"via_device\":\"openami_gw_feeder-1_gw-1\"") > 0, config);
            Assert.IsTrue(Last("homeassistant/sensor/" + Meter + "_1_8_0/config") >= 0, "energy import (derived from the tariffs)");
            Assert.IsTrue(Last(Voltage) >= 0);
            Assert.IsTrue(Last(GatewayOnline) >= 0);

            int breaker = Last(Breaker);
            Assert.IsTrue(breaker >= 0, "the breaker is a binary sensor");
            Assert.IsTrue(_link.Payload(breaker).IndexOf("\"payload_on\":\"connected\",\"payload_off\":\"disconnected\",\"device_class\":\"power\"") > 0, _link.Payload(breaker));

            // 2.8.0 is not sent by this meter: no entity for it.
            Assert.AreEqual(-1, Last("homeassistant/sensor/" + Meter + "_2_8_0/config"));
        }

        [TestMethod]
        public void ConfigsGoOutOncePerConnectionNotPerTelegram()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Vmrs);
            Feed(runtime, 3);
            int afterDiscovery = CountUnder("homeassistant/");
            Assert.IsTrue(afterDiscovery >= 7, "gateway and meter entities: " + afterDiscovery);
            Feed(runtime, 100);
            Assert.AreEqual(afterDiscovery, CountUnder("homeassistant/"));
            Assert.AreEqual(1, Count(Power));

            _link.Drop();
            _link.Connect();
            Feed(runtime, 1);
            Assert.AreEqual(2, Count(Power));
            Assert.AreEqual(2 * afterDiscovery, CountUnder("homeassistant/"));
        }

        [TestMethod]
        public void ARegisterThatStopsIsRemovedWithAnEmptyRetainedConfigAndComesBack()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Vmrs);
            Feed(runtime, 2);
            Assert.AreEqual(1, Count(Voltage));
            _meter.SendVoltage = false;
            Feed(runtime, GatewayOptions.HaRegisterChangeReadings - 1);
            Assert.AreEqual(1, Count(Voltage), "one missing line is not yet a stopped register");
            Feed(runtime, 1);
            int removal = Last(Voltage);
            Assert.AreEqual(2, Count(Voltage));
            Assert.AreEqual(string.Empty, _link.Payload(removal));
            Assert.IsTrue(_link.Retained(removal));
            Assert.AreEqual(1, Count(Power), "the other entities stay");

            _meter.SendVoltage = true;
            Feed(runtime, GatewayOptions.HaRegisterChangeReadings);
            Assert.AreEqual(3, Count(Voltage));
            Assert.IsTrue(_link.Payload(Last(Voltage)).IndexOf("\"unique_id\":\"" + Meter + "_32_7_0\"") > 0);
        }

        [TestMethod]
        public void AnotherMeterOnThePortReplacesTheDevice()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Vmrs);
            Feed(runtime, 2);
            _meter.IdHex = "4530303030303030303030303030303032"; // E0000000000000002
            Feed(runtime, GatewayOptions.HaRegisterChangeReadings + 2);
            Assert.AreEqual(string.Empty, _link.Payload(Last(Power)), "the old meter's entities are removed");
            Assert.IsTrue(Last("homeassistant/sensor/openami_E0000000000000002_1_7_0/config") >= 0, "the new meter is announced");
        }

        [TestMethod]
        public void HomeAssistantsBirthBringsTheConfigsAndTheValuesAgain()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Vmrs);
            Assert.IsTrue(_link.Subscriptions.Contains("homeassistant/status"));
            Feed(runtime, 3);
            int telemetry = _link.CountOn("/telemetry");
            byte[] topic = Bytes.Of("homeassistant/status");
            byte[] online = Bytes.Of("online");
            _link.Listener.OnMessage(topic, topic.Length, online, online.Length);
            Feed(runtime, 1);
            Assert.AreEqual(2, Count(Power));
            Feed(runtime, 1);
            Assert.AreEqual(telemetry + 1, _link.CountOn("/telemetry"), "the next telegram is reported, whatever the interval");
        }

        [TestMethod]
        public void FullModeAnnouncesPhasesTheCapacityTariffAndSubMeters()
        {
            GatewayRuntime runtime = Start(true, MappingMode.Full);
            Telegram belgian = Parsed.First(Telegrams.FluviusThreeMonthPeaks);
            runtime.OnFrame(0, belgian);
            for (int t = 0; t < 8; t++)
            {
                runtime.Tick();
            }

            string meter = "openami_1SAG3101021605";
            Assert.IsTrue(Last("homeassistant/sensor/" + meter + "_21_7_0/config") >= 0, "power L1");
            Assert.IsTrue(Last("homeassistant/sensor/" + meter + "_71_7_0/config") >= 0, "current L3");
            int peak = Last("homeassistant/sensor/" + meter + "_1_6_0/config");
            int peakTime = Last("homeassistant/sensor/" + meter + "_1_6_0_time/config");
            int average = Last("homeassistant/sensor/" + meter + "_1_4_0/config");
            Assert.IsTrue(peak >= 0 && peakTime >= 0 && average >= 0, "1.4.0, 1.6.0 and its time");
            Assert.IsTrue(_link.Payload(peak).IndexOf("r.obis == '1.6.0' and r.unit == 'W'") > 0);
            Assert.IsTrue(_link.Payload(peakTime).IndexOf("r.obis == '1.6.0' and r.unit == 'datetime'") > 0);
            Assert.IsTrue(_link.Payload(peakTime).IndexOf("\"device_class\":\"timestamp\"") > 0);

            int gas = Last("homeassistant/sensor/openami_7FLO2119033733_0_0_24_2_3_255/config");
            Assert.IsTrue(gas >= 0, "the gas sub-meter");
            string gasConfig = _link.Payload(gas);
            Assert.IsTrue(gasConfig.IndexOf("\"device_class\":\"gas\",\"state_class\":\"total_increasing\",\"unit_of_measurement\":\"m\\u00b3\"") > 0, gasConfig);
            Assert.IsTrue(gasConfig.IndexOf("\"via_device\":\"" + meter + "\"") > 0, gasConfig);
            Assert.IsTrue(gasConfig.IndexOf("\"state_topic\":\"openami/v1/feeder-1/gw-1/meter/7FLO2119033733/telemetry\"") > 0, gasConfig);

            int water = Last("homeassistant/sensor/openami_8SAG1234567890_0_0_24_2_1_255/config");
            Assert.IsTrue(water >= 0, "the water sub-meter");
            Assert.IsTrue(_link.Payload(water).IndexOf("\"device_class\":\"water\"") > 0, _link.Payload(water));
        }
    }
}

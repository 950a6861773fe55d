using nanoFramework.TestFramework;
using OpenAmi.Gateway;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class GatewayRuntimeTests
    {
        private const string Telemetry = "/meter/E0000000000000001/telemetry";
        private const string Event = "/meter/E0000000000000001/event";

        private static FakeClock _clock;
        private static FakeLink _link;
        private static MemoryRecordStore _store;
        private static TelegramBuilder _meter;

        private static GatewayRuntime Start(GatewayOptions options)
        {
            _clock = new FakeClock();
            _clock.UtcNowUnix = 1700000000L;
            _clock.TickMs = 5000;
            _link = new FakeLink();
            _store = new MemoryRecordStore();
            _meter = new TelegramBuilder();
            options.FeederId = "feeder-1";
            options.GatewayId = "gw-1";
            var runtime = new GatewayRuntime(options, _clock, new PersistentOutbox(_store, SmallOutbox.Options()), _link);
            runtime.Start();
            return runtime;
        }

        // One telegram a second: meter clock and gateway clocks advance together.
        private static void Feed(GatewayRuntime runtime, int seconds)
        {
            for (int i = 0; i < seconds; i++)
            {
                runtime.OnFrame(0, _meter.Parse());
                _meter.ClockUnix++;
                _clock.Advance(1);
                runtime.Tick();
            }
        }

        [TestMethod]
        public void WillSaysOfflineAndBirthSaysOnlineRetained()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            Assert.AreEqual("openami/v1/feeder-1/gw-1/status", _link.WillTopic);
            Assert.IsTrue(_link.WillPayload.IndexOf("\"status\":\"offline\"") > 0);
            _link.Connect();
            Assert.AreEqual("openami/v1/feeder-1/gw-1/status", _link.Topic(0));
            Assert.IsTrue(_link.Retained(0));
            Assert.IsTrue(_link.Payload(0).IndexOf("{\"status\":\"online\",") == 0);
            Assert.IsTrue(_link.Payload(0).IndexOf("\"software\":\"openami-p1-gateway/") > 0);
            Assert.IsTrue(_link.Payload(0).IndexOf("\"counters\":{\"framesOk\":0,") > 0);
        }

        [TestMethod]
        public void TelemetryFollowsWallClockAlignedSlotsOfMeasurementTime()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 1001);
            Assert.AreEqual(3, _link.CountOn(Telemetry));
            int first = _link.Find(Telemetry, 0);
            int second = _link.Find(Telemetry, first + 1);
            int third = _link.Find(Telemetry, second + 1);
            Assert.IsTrue(_link.Payload(first).IndexOf("\"ts\":\"2023-11-14T22:13:20Z\"") > 0);
            Assert.IsTrue(_link.Payload(second).IndexOf("\"ts\":\"2023-11-14T22:15:00Z\"") > 0);
            Assert.IsTrue(_link.Payload(third).IndexOf("\"ts\":\"2023-11-14T22:30:00Z\"") > 0);
        }

        [TestMethod]
        public void IntervalZeroPublishesEveryFrame()
        {
            var options = new GatewayOptions();
            options.IntervalSeconds = 0;
            GatewayRuntime runtime = Start(options);
            _link.Connect();
            Feed(runtime, 5);
            _link.AckAll(0);
            Feed(runtime, 5);
            Assert.AreEqual(10, _link.CountOn(Telemetry));
        }

        [TestMethod]
        public void EveryMessageCarriesAMonotonicSeq()
        {
            var options = new GatewayOptions();
            options.IntervalSeconds = 0;
            GatewayRuntime runtime = Start(options);
            _link.Connect();
            for (int i = 0; i < 30; i++)
            {
                Feed(runtime, 1);
                _link.AckAll(0);
            }

            long last = 0;
            for (int i = 0; i < _link.Count; i++)
            {
                if (_link.Retained(i))
                {
                    continue;
                }

                string payload = _link.Payload(i);
                int at = payload.IndexOf(",\"seq\":");
                Assert.IsTrue(at > 0, payload);
                long seq = long.Parse(payload.Substring(at + 7, payload.IndexOf('}', at) - at - 7));
                Assert.AreEqual(last + 1, seq);
                last = seq;
            }
        }

        [TestMethod]
        public void BreakerChangeRaisesAnEventAndTelemetryAtOnce()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 3);
            int before = _link.CountOn(Telemetry);
            _meter.Breaker = 0;
            Feed(runtime, 1);
            int e = _link.Find(Event, 0);
            Assert.IsTrue(e > 0);
            Assert.IsTrue(_link.Payload(e).IndexOf("\"event\":{\"type\":\"breaker_state\",\"from\":\"connected\",\"to\":\"disconnected\"}") > 0, _link.Payload(e));
            Assert.AreEqual(before + 1, _link.CountOn(Telemetry));
        }

        [TestMethod]
        public void PowerFailureIncrementCarriesTheNewLogEntries()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            _meter.FailureEnds = new long[] { 1699000000L };
            _meter.FailureDurations = new long[] { 30 };
            Feed(runtime, 2);
            _meter.ShortFailures++;
            _meter.FailureEnds = new long[] { 1699000000L, 1699990000L };
            _meter.FailureDurations = new long[] { 30, 240 };
            Feed(runtime, 1);
            string e = _link.Payload(_link.Find(Event, 0));
            Assert.IsTrue(e.IndexOf("\"type\":\"power_failure\",\"counter\":\"0.0.96.7.21.255\",\"from\":3,\"to\":4,\"log\":[{\"end\":\"2023-11-14T19:26:40Z\",\"durationS\":240}]") > 0, e);
        }

        [TestMethod]
        public void LongFailureEventCarriesTheLogToo()
        {
            // Both failure counters rise with one new log entry: each event carries it (the log's watermark moves
            // only after every rule has read the telegram).
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            _meter.FailureEnds = new long[] { 1699000000L };
            _meter.FailureDurations = new long[] { 30 };
            Feed(runtime, 2);
            _meter.ShortFailures++;
            _meter.LongFailures++;
            _meter.FailureEnds = new long[] { 1699000000L, 1699990000L };
            _meter.FailureDurations = new long[] { 30, 240 };
            Feed(runtime, 1);
            string shortEvent = _link.Payload(_link.Find(Event, 0));
            string longEvent = _link.Payload(_link.Find(Event, _link.Find(Event, 0) + 1));
            string entry = "\"log\":[{\"end\":\"2023-11-14T19:26:40Z\",\"durationS\":240}]";
            Assert.IsTrue(shortEvent.IndexOf("\"counter\":\"0.0.96.7.21.255\"") > 0 && shortEvent.IndexOf(entry) > 0, shortEvent);
            Assert.IsTrue(longEvent.IndexOf("\"counter\":\"0.0.96.7.9.255\"") > 0 && longEvent.IndexOf(entry) > 0, longEvent);
        }

        [TestMethod]
        public void ReadNowReportsTheNextTelegramOfALiveMeterAndTheLastValuesOfALostOne()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 5);
            Assert.AreEqual(1, _link.CountOn(Telemetry), "one report in the first interval");
            runtime.ReportAllNow();
            Feed(runtime, 1);
            Assert.AreEqual(2, _link.CountOn(Telemetry), "the next telegram is reported, mid-interval");
            Feed(runtime, 1);
            Assert.AreEqual(2, _link.CountOn(Telemetry), "and only that one");

            for (int i = 0; i < 40; i++)
            {
                _clock.Advance(1);
                runtime.Tick();
            }

            int before = _link.CountOn(Telemetry);
            runtime.ReportAllNow();
            Assert.AreEqual(before + 1, _link.CountOn(Telemetry), "a lost meter's last values go out at once");
            int index = -1;
            for (int i = 0; i < _link.Count; i++)
            {
                if (_link.Topic(i).EndsWith(Telemetry))
                {
                    index = i;
                }
            }

            string last = _link.Payload(index);
            Assert.IsTrue(last.IndexOf("\"quality\":\"comms_lost\"") > 0 && last.IndexOf("\"obis\":\"1.8.0\"") > 0, last);
        }

        [TestMethod]
        public void SagCounterIncrementIsAnEvent()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 2);
            _meter.SagsL1 = 1;
            Feed(runtime, 1);
            Assert.IsTrue(_link.Payload(_link.Find(Event, 0)).IndexOf("\"type\":\"voltage_sag\",\"phase\":\"L1\",\"from\":0,\"to\":1") > 0);
        }

        [TestMethod]
        public void RegisterGoingBackwardsIsAnEventAndSuspect()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 2);
            _meter.ImportWh -= 5000;
            Feed(runtime, 1);
            int e = _link.Find(Event, 0);
            Assert.IsTrue(_link.Payload(e).IndexOf("\"type\":\"register_decrease\",\"obis\":\"1.8.0\",\"from\":1100.000,\"to\":1095.000") > 0, _link.Payload(e));
            string telemetry = _link.Payload(_link.Find(Telemetry, e));
            Assert.IsTrue(telemetry.IndexOf("{\"obis\":\"1.8.0\",\"value\":1095.000,\"unit\":\"kWh\",\"quality\":\"suspect\",\"src\":\"derived\"}") > 0, telemetry);
        }

        [TestMethod]
        public void MeterClockJumpIsAnEvent()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 2);
            _meter.ClockUnix += 3600;
            Feed(runtime, 1);
            string e = _link.Payload(_link.Find(Event, 0));
            Assert.IsTrue(e.IndexOf("\"type\":\"clock_jump\"") > 0 && e.IndexOf("\"jumpS\":3600") > 0, e);
        }

        [TestMethod]
        public void SilenceGivesCommsLostWithLastValuesThenCommsRestored()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 5);
            for (int i = 0; i < 40; i++)
            {
                _clock.Advance(1);
                runtime.Tick();
            }

            int lost = _link.Find(Event, 0);
            Assert.IsTrue(_link.Payload(lost).IndexOf("\"type\":\"comms_lost\",\"lastFrameTs\":\"2023-11-14T22:13:24Z\"") > 0, _link.Payload(lost));
            string last = _link.Payload(_link.Find(Telemetry, lost));
            Assert.IsTrue(last.IndexOf("\"quality\":\"comms_lost\"") > 0 && last.IndexOf("\"quality\":\"good\"") < 0, last);
            Assert.IsTrue(last.IndexOf("\"value\":1100.000") > 0, "the last known values");

            _meter.ClockUnix += 40;
            Feed(runtime, 1);
            int restored = _link.Find(Event, lost + 1);
            Assert.IsTrue(_link.Payload(restored).IndexOf("\"type\":\"comms_restored\"") > 0);
        }

        [TestMethod]
        public void BurstOfBadCrcsIsAnEvent()
        {
            GatewayRuntime runtime = Start(new GatewayOptions());
            _link.Connect();
            Feed(runtime, 1);
            for (int i = 0; i < 5; i++)
            {
                runtime.OnFrame(0, _meter.ParseBad());
                _clock.Advance(1);
            }

            Assert.AreEqual(5L, runtime.FramesBad);
            Assert.IsTrue(_link.Payload(_link.Find(Event, 0)).IndexOf("\"type\":\"crc_errors\",\"count\":5,\"windowS\":60") > 0);
        }

        [TestMethod]
        public void OfflineMessagesAreStoredThenBackfilledWithHist()
        {
            var options = new GatewayOptions();
            options.IntervalSeconds = 0;
            options.ReplayPerSecond = 1000;
            GatewayRuntime runtime = Start(options);
            Feed(runtime, 3); // not connected yet: stored only
            Assert.AreEqual(0, _link.Count);
            Assert.AreEqual(3, runtime.Outbox.Unacknowledged);

            _link.Connect();
            _clock.Advance(1);
            runtime.Tick();
            Assert.AreEqual(3, _link.CountOn(Telemetry));
            Assert.IsTrue(_link.Payload(_link.Find(Telemetry, 0)).EndsWith(",\"seq\":1,\"hist\":true}"));
            _link.AckAll(0);
            Assert.AreEqual(0, runtime.Outbox.Unacknowledged);
            Assert.AreEqual(3L, runtime.Published);

            int from = _link.Count;
            Feed(runtime, 1);
            Assert.IsTrue(_link.Payload(_link.Find(Telemetry, from)).EndsWith(",\"seq\":4}"), "live data has no hist");
        }

        [TestMethod]
        public void NothingLeavesTheOutboxWithoutAnAcknowledgement()
        {
            var options = new GatewayOptions();
            options.IntervalSeconds = 0;
            GatewayRuntime runtime = Start(options);
            _link.Connect();
            Feed(runtime, 4);
            Assert.AreEqual(4, runtime.Outbox.Unacknowledged);
            _link.Drop();
            Feed(runtime, 2);
            Assert.AreEqual(6, runtime.Outbox.Unacknowledged);
            _link.AckAll(0);
            Assert.AreEqual(2, runtime.Outbox.Unacknowledged);
        }

        [TestMethod]
        public void DeadbandReportsABigPowerChangeAtOnceAtMostOncePerPeriod()
        {
            var options = new GatewayOptions();
            options.PowerDeadbandWatts = 100;
            options.DeadbandMinPeriodSeconds = 60;
            GatewayRuntime runtime = Start(options);
            _link.Connect();
            Feed(runtime, 2);
            int before = _link.CountOn(Telemetry);
            _meter.PowerWatts = 2000;
            Feed(runtime, 1);
            Assert.AreEqual(before + 1, _link.CountOn(Telemetry));
            _meter.PowerWatts = 4000;
            Feed(runtime, 1);
            Assert.AreEqual(before + 1, _link.CountOn(Telemetry), "within the minimum period");
            _meter.PowerWatts = 2010;
            Feed(runtime, 1);
            Assert.AreEqual(before + 1, _link.CountOn(Telemetry), "within the deadband");
        }
    }
}

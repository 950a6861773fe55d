using nanoFramework.TestFramework;
using OpenAmi.Gateway;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>A message the link can never publish (a modem's payload limit) is dropped and counted, never retried forever.</summary>
    [TestClass]
    public class TooLargeMessageTests
    {
        [TestMethod]
        public void AMessageTheLinkCanNeverTakeIsDroppedAndTheOutboxMovesOn()
        {
            var clock = new FakeClock();
            clock.UtcNowUnix = 1700000000L;
            clock.TickMs = 5000;
            var link = new FakeLink();
            var meter = new TelegramBuilder();
            var options = new GatewayOptions();
            options.FeederId = "feeder-1";
            options.GatewayId = "gw-1";
            options.IntervalSeconds = 0;
            var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), SmallOutbox.Options()), link);
            runtime.Start();
            link.Connect();
            link.MaxPayload = 64; // old modem firmware, say: no envelope fits
            int before = link.Count;
            for (int i = 0; i < 3; i++)
            {
                runtime.OnFrame(0, meter.Parse());
                meter.ClockUnix++;
                clock.Advance(1);
                runtime.Tick();
            }

            Assert.AreEqual(3, link.Refused, "each tried once, never again");
            Assert.AreEqual(0L, runtime.Outbox.Unacknowledged, "nothing is left blocking the ring");
            Assert.AreEqual(before, link.Count);

            link.MaxPayload = int.MaxValue;
            runtime.OnFrame(0, meter.Parse());
            clock.Advance(1);
            runtime.Tick();
            Assert.IsTrue(link.Count > before, "the next envelope goes out");
            Assert.IsTrue(link.Topic(link.Count - 1).IndexOf("/telemetry") > 0);
        }
    }
}

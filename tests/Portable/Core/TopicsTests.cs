using nanoFramework.TestFramework;
using OpenAmi.Northbound;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class TopicsTests
    {
        [TestMethod]
        public void TopicsFollowTheProfile()
        {
            Assert.AreEqual("openami/v1/feeder-north-01/pole-0042/meter/DS1000-88421/telemetry", Topics.Telemetry("feeder-north-01", "pole-0042", "DS1000-88421"));
            Assert.AreEqual("openami/v1/f/g/meter/m/event", Topics.Event("f", "g", "m"));
            Assert.AreEqual("openami/v1/f/g/meter/m/command", Topics.Command("f", "g", "m"));
            Assert.AreEqual("openami/v1/f/g/session/sip-7f3a9c2e", Topics.Session("f", "g", "sip-7f3a9c2e"));
        }

        [TestMethod]
        public void BadSegmentsAreRefusedWithAMessageThatNamesThem()
        {
            AssertBad("", "feederId", "empty");
            AssertBad("a+b", "feederId", "'+'");
            AssertBad("a#", "gatewayId", "'#'");
            AssertBad("a/b", "meterSerial", "'/'");
            AssertBad("a b", "meterSerial", "space");
            AssertBad("a\u0007", "meterSerial", "control");
            AssertBad(new string('x', 65), "sessionId", "longer than 64");
            Assert.IsNull(Topics.CheckSegment(new string('x', 64), "sessionId"));
            Assert.IsNull(Topics.CheckSegment("E0034006810516416", "meterSerial"));
        }

        [TestMethod]
        public void BuildingATopicWithABadSegmentThrows()
        {
            Assert.ThrowsException(typeof(System.ArgumentException), () => Topics.Telemetry("f", "g/h", "m"));
        }

        private static void AssertBad(string value, string what, string reason)
        {
            string error = Topics.CheckSegment(value, what);
            Assert.IsNotNull(error, value);
            Assert.IsTrue(error.IndexOf(what) >= 0, error);
            Assert.IsTrue(error.IndexOf(reason) >= 0, error);
        }
    }
}

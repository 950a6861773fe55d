using nanoFramework.TestFramework;
using OpenAmi.P1.Values;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class P1TimestampTests
    {
        private static P1Timestamp Parse(string text)
        {
            P1Timestamp stamp;
            byte[] bytes = Bytes.Of(text);
            Assert.IsTrue(P1Timestamp.TryParse(bytes, 0, bytes.Length, out stamp), text);
            return stamp;
        }

        [TestMethod]
        public void WinterStampIsUtcPlusOne()
        {
            P1Timestamp s = Parse("181106140429W");
            Assert.IsTrue(s.IsValid);
            Assert.AreEqual(P1Timestamp.SeasonWinter, s.Season);
            // 2018-11-06T13:04:29Z
            Assert.AreEqual(1541509469L, s.ToUnixSeconds(120, 60, 0));
        }

        [TestMethod]
        public void SummerStampIsUtcPlusTwo()
        {
            P1Timestamp s = Parse("200512134558S");
            // 2020-05-12T11:45:58Z
            Assert.AreEqual(1589283958L, s.ToUnixSeconds(120, 60, 0));
        }

        [TestMethod]
        public void StampWithoutLetterUsesTheConfiguredOffset()
        {
            P1Timestamp s = Parse("260102010000");
            Assert.AreEqual(P1Timestamp.SeasonNone, s.Season);
            Assert.IsTrue(s.IsValid);
            // 2026-01-02T01:00:00 at UTC+1 is 00:00Z.
            Assert.AreEqual(1767312000L, s.ToUnixSeconds(120, 60, 60));
        }

        [TestMethod]
        public void LowerCaseSeasonLetter()
        {
            Assert.AreEqual(P1Timestamp.SeasonSummer, Parse("150701190000s").Season);
        }

        [TestMethod]
        public void PlaceholdersAreInvalidNotThrown()
        {
            Assert.IsFalse(Parse("632525252525W").IsValid);
            Assert.IsFalse(Parse("632525252525S").IsValid);
            Assert.IsFalse(Parse("000101000001W").IsValid);
            Assert.IsFalse(Parse("700101010000W").IsValid);
            Assert.IsFalse(Parse("000000000000").IsValid);
            Assert.IsFalse(Parse("230230120000W").IsValid, "30 February");
            Assert.IsFalse(Parse("231231246000W").IsValid, "hour 24");
        }

        [TestMethod]
        public void LeapDay()
        {
            Assert.IsTrue(Parse("240229120000W").IsValid);
            Assert.IsFalse(Parse("230229120000W").IsValid);
        }

        [TestMethod]
        public void NotATimestampShape()
        {
            P1Timestamp s;
            byte[] bytes = Bytes.Of("12345");
            Assert.IsFalse(P1Timestamp.TryParse(bytes, 0, bytes.Length, out s));
            bytes = Bytes.Of("18110614042XW");
            Assert.IsFalse(P1Timestamp.TryParse(bytes, 0, bytes.Length, out s));
            bytes = Bytes.Of("181106140429X");
            Assert.IsFalse(P1Timestamp.TryParse(bytes, 0, bytes.Length, out s));
        }

        [TestMethod]
        public void DlmsDateTimeInHex()
        {
            // 2024-06-28 10:43:43, deviation -120 (local is UTC+2), daylight saving active.
            P1Timestamp s = Parse("07E8061C050A2B2B00FF8880");
            Assert.IsTrue(s.IsValid);
            Assert.AreEqual(2024, s.Year);
            Assert.AreEqual(28, s.Day);
            Assert.AreEqual(P1Timestamp.SeasonSummer, s.Season);
            Assert.AreEqual(120, s.OffsetMinutes);
            Assert.AreEqual(1719564223L, s.ToUnixSeconds(0, 0, 0));
        }
    }
}

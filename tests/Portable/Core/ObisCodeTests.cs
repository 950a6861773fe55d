using nanoFramework.TestFramework;
using OpenAmi.P1.Obis;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class ObisCodeTests
    {
        [TestMethod]
        public void EveryCatalogRowHasItsOwnCodeAndIsFoundByIt()
        {
            // Lookup is a binary search over the rows sorted by key: a duplicate row would be found or not by chance.
            for (int row = 0; row < ObisCatalog.Count; row++)
            {
                ObisCode code = ObisCatalog.CodeOf(row);
                Assert.AreEqual(row, ObisCatalog.Lookup(code), code.ToString());
                if (row > 0)
                {
                    Assert.IsTrue(ObisCatalog.CodeOf(row - 1).Key < code.Key, "rows are in key order without duplicates");
                }
            }

            Assert.AreEqual("M-Bus reading", ObisCatalog.NameOf(ObisCatalog.Lookup(new ObisCode(0, 4, 24, 2, 1, 7))), "a channel finds its n row, F ignored");
            Assert.AreEqual(-1, ObisCatalog.Lookup(new ObisCode(0, 10, 24, 2, 1)), "channel 10 is no M-Bus channel");
        }

        [TestMethod]
        public void KindWithARowHintIsTheLookupsWhateverTheHint()
        {
            // Full mode passes each object's row from the last telegram; a stale or absent hint must not change the answer.
            for (int row = 0; row < ObisCatalog.Count; row++)
            {
                long key = ObisCatalog.CodeOf(row).Key;
                int[] hints = { row, (row + 1) % ObisCatalog.Count, -1, 250 };
                for (int h = 0; h < hints.Length; h++)
                {
                    int found = hints[h];
                    Assert.AreEqual((int)ObisCatalog.KindOf(row), (int)ObisCatalog.KindOf(key, ref found));
                    Assert.AreEqual(row, found);
                }
            }

            long gas = new ObisCode(0, 1, 24, 2, 1).Key;
            int gasRow = ObisCatalog.Lookup(gas);
            Assert.AreEqual((int)ObisKind.MbusReading, (int)ObisCatalog.KindOf(gas, ref gasRow), "a channel object finds its n row");
            Assert.AreEqual(ObisCatalog.Lookup(gas), gasRow);
            int unknown = 3;
            Assert.AreEqual((int)ObisKind.Unknown, (int)ObisCatalog.KindOf(new ObisCode(1, 0, 199, 9, 9).Key, ref unknown));
            Assert.AreEqual(-1, unknown, "unknown stays unknown");
        }

        [TestMethod]
        public void ParsesAndPrintsAllForms()
        {
            AssertRoundTrip("1-0:1.8.1", "1-0:1.8.1");
            AssertRoundTrip("0-0:96.1.255*255", "0-0:96.1.255");
            AssertRoundTrip("1-0:21.7.0.255", "1-0:21.7.0");
            AssertRoundTrip("1-0:2.8.0*1", "1-0:2.8.0.1");
            AssertRoundTrip("0-4:24.2.1", "0-4:24.2.1");
            AssertRoundTrip("1-0:99:97.0", "1-0:99.97.0");
        }

        [TestMethod]
        public void RejectsMalformedCodes()
        {
            AssertRejected("1-0:1.8");
            AssertRejected("1-0:1.8.");
            AssertRejected("1-0-1.8.0");
            AssertRejected("1-0:256.8.0");
            AssertRejected("1-0:1.8.0x");
            AssertRejected("");
        }

        [TestMethod]
        public void ChannelRowsOfTheCatalogMatchEveryChannel()
        {
            Assert.AreEqual((int)ObisKind.MbusReading, (int)ObisCatalog.KindOf(new ObisCode(0, 3, 24, 2, 1)));
            Assert.AreEqual((int)ObisKind.Energy, (int)ObisCatalog.KindOf(new ObisCode(1, 0, 1, 8, 2)));
            Assert.AreEqual((int)ObisKind.Unknown, (int)ObisCatalog.KindOf(new ObisCode(1, 0, 199, 8, 2)));
            Assert.AreEqual("Voltage L1", ObisCatalog.NameOf(ObisCatalog.Lookup(new ObisCode(1, 0, 32, 7, 0))));
        }

        private static void AssertRoundTrip(string text, string printed)
        {
            byte[] bytes = Bytes.Of(text);
            ObisCode code;
            Assert.IsTrue(ObisCode.TryParse(bytes, 0, bytes.Length, out code), text);
            Assert.AreEqual(printed, code.ToString());
        }

        private static void AssertRejected(string text)
        {
            byte[] bytes = Bytes.Of(text);
            ObisCode code;
            Assert.IsFalse(ObisCode.TryParse(bytes, 0, bytes.Length, out code), text);
        }
    }
}

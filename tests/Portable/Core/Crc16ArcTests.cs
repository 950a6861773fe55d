using nanoFramework.TestFramework;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class Crc16ArcTests
    {
        [TestMethod]
        public void CheckValueOfTheCatalogue()
        {
            // CRC-16/ARC check value from the CRC catalogue: "123456789" gives 0xBB3D.
            byte[] data = Bytes.Of("123456789");
            Assert.AreEqual(0xBB3D, Crc16Arc.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void RunningUpdateEqualsWholeComputation()
        {
            byte[] data = Bytes.Of(Telegrams.Dsmr5Am550);
            int running = 0;
            for (int i = 0; i < data.Length; i++)
            {
                running = Crc16Arc.Update(running, data[i]);
            }

            Assert.AreEqual(Crc16Arc.Compute(data, 0, data.Length), running);
        }

        [TestMethod]
        public void RealTelegramMatchesItsStatedCrc()
        {
            string text = Telegrams.Dsmr5Am550;
            int bang = text.IndexOf('!');
            byte[] data = Bytes.Of(text);
            Assert.AreEqual(0x1F28, Crc16Arc.Compute(data, 0, bang + 1));
        }
    }
}

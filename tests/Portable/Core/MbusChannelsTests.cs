using nanoFramework.TestFramework;
using OpenAmi.P1.Mbus;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class MbusChannelsTests
    {
        [TestMethod]
        public void Dsmr5GasReadingWithCaptureTime()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            int[] channels = new int[9];
            Assert.AreEqual(1, MbusChannels.FindChannels(t, channels));
            MbusReading gas;
            Assert.IsTrue(MbusChannels.TryRead(t, channels[0], out gas));
            Assert.AreEqual(3, gas.DeviceType);
            Assert.IsTrue(gas.HasValue);
            Assert.AreEqual("1569.646", gas.Value.ToString());
            Assert.AreEqual(P1Unit.CubicMetre, gas.Unit);
            Assert.IsTrue(gas.CaptureTime.IsValid);
            Assert.AreEqual(10, gas.CaptureTime.Second);
            Assert.IsFalse(gas.Uncorrected);
            byte[] id = new byte[64];
            Assert.AreEqual("G0039001700460117", Bytes.Text(id, 0, t.DecodeHexText(gas.IdentifierGroup, id, 0)));
        }

        [TestMethod]
        public void Dsmr22GasReadingOnTheNextLine()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr22Kamstrup);
            MbusReading gas;
            Assert.IsTrue(MbusChannels.TryRead(t, 1, out gas));
            Assert.IsTrue(gas.HasValue);
            Assert.AreEqual("124.477", gas.Value.ToString());
            Assert.AreEqual(P1Unit.CubicMetre, gas.Unit);
            Assert.AreEqual(2012, gas.CaptureTime.Year);
            Assert.AreEqual(1, gas.ValveState);
        }

        [TestMethod]
        public void Dsmr3GasReadingOnTheSameLine()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr30SameLineGas);
            MbusReading gas;
            Assert.IsTrue(MbusChannels.TryRead(t, 1, out gas));
            Assert.AreEqual("1.001", gas.Value.ToString());
        }

        [TestMethod]
        public void BelgianGasAndWaterOnTwoChannels()
        {
            Telegram t = Parsed.First(Telegrams.FluviusThreeMonthPeaks);
            int[] channels = new int[9];
            Assert.AreEqual(2, MbusChannels.FindChannels(t, channels));
            MbusReading gas;
            MbusReading water;
            Assert.IsTrue(MbusChannels.TryRead(t, 1, out gas));
            Assert.IsTrue(MbusChannels.TryRead(t, 2, out water));
            Assert.AreEqual(3, gas.DeviceType);
            Assert.AreEqual(7, water.DeviceType);
            Assert.AreEqual("112.384", gas.Value.ToString());
            Assert.AreEqual("872.234", water.Value.ToString());
            Assert.IsTrue(gas.Uncorrected, "Fluvius sends only 24.2.3");
        }

        [TestMethod]
        public void TheCorrectedReadingWinsAndTheFirstObjectOfACodeCounts()
        {
            // Each code's object is found in one pass over the telegram: the first of a code on the channel, as a search would.
            Telegram t = Parsed.Lines("0-2:24.1.0(003)\r\n0-2:24.2.3(200512134558S)(00112.384*m3)\r\n0-2:24.2.1(200512134558S)(00111.000*m3)\r\n"
                + "0-2:24.1.0(007)\r\n0-1:24.2.1(200512134558S)(00001.000*m3)\r\n0-2:24.4.0(1)\r\n");
            MbusReading gas;
            Assert.IsTrue(MbusChannels.TryRead(t, 2, out gas));
            Assert.AreEqual(3, gas.DeviceType);
            Assert.AreEqual(1, gas.ValveState);
            Assert.AreEqual("111.000", gas.Value.ToString());
            Assert.IsFalse(gas.Uncorrected);
            Assert.AreEqual(-1, gas.IdentifierGroup);
        }

        [TestMethod]
        public void ChannelWithoutAnythingIsAbsent()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            MbusReading none;
            Assert.IsFalse(MbusChannels.TryRead(t, 4, out none));
        }
    }
}

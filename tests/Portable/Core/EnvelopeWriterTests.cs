using nanoFramework.TestFramework;
using OpenAmi.Northbound;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class EnvelopeWriterTests
    {
        [TestMethod]
        public void Dsmr5EnvelopeIsExactlyAsHandChecked()
        {
            // 1.8.0 = 3808.351 + 2948.827; 2.8.0 = 1285.951 + 2876.514; 00.000 kW = 0 W; 181106140429W = 13:04:29Z.
            string expected = "{\"schemaVersion\":\"0.1\",\"ts\":\"2018-11-06T13:04:29Z\",\"feederId\":\"f\",\"gatewayId\":\"g\","
                + "\"meterSerial\":\"E0034006810516416\",\"registers\":["
                + "{\"obis\":\"1.8.0\",\"value\":6757.178,\"unit\":\"kWh\",\"quality\":\"good\",\"src\":\"derived\"},"
                + "{\"obis\":\"2.8.0\",\"value\":4162.465,\"unit\":\"kWh\",\"quality\":\"good\",\"src\":\"derived\"},"
                + "{\"obis\":\"1.7.0\",\"value\":0,\"unit\":\"W\",\"quality\":\"good\"},"
                + "{\"obis\":\"32.7.0\",\"value\":236.0,\"unit\":\"V\",\"quality\":\"good\"},"
                + "{\"obis\":\"0.0.0\",\"value\":\"2018-11-06T13:04:29Z\",\"unit\":\"datetime\",\"quality\":\"good\"},"
                + "{\"obis\":\"0.0.96.1.1.255\",\"value\":\"E0034006810516416\",\"unit\":\"text\",\"quality\":\"good\"}]}";
            Assert.AreEqual(expected, Mapped.Envelope(Mapped.Vmrs(Telegrams.Dsmr5Am550)));
        }

        [TestMethod]
        public void Dsmr22EnvelopeWithoutClockUsesGatewayTime()
        {
            // No clock: ts is the gateway's. The id has an odd number of digits, so it is not hex text: kept as sent.
            string expected = "{\"schemaVersion\":\"0.1\",\"ts\":\"2023-11-14T22:13:20Z\",\"feederId\":\"f\",\"gatewayId\":\"g\","
                + "\"meterSerial\":\"205C4D246333034353537383234323121\",\"registers\":["
                + "{\"obis\":\"1.8.0\",\"value\":269.000,\"unit\":\"kWh\",\"quality\":\"good\",\"src\":\"derived\"},"
                + "{\"obis\":\"2.8.0\",\"value\":32.000,\"unit\":\"kWh\",\"quality\":\"good\",\"src\":\"derived\"},"
                + "{\"obis\":\"1.7.0\",\"value\":980,\"unit\":\"W\",\"quality\":\"good\"},"
                + "{\"obis\":\"0.0.96.1.1.255\",\"value\":\"205C4D246333034353537383234323121\",\"unit\":\"text\",\"quality\":\"good\"},"
                + "{\"obis\":\"0.0.96.3.10.255\",\"value\":\"connected\",\"unit\":\"enum\",\"quality\":\"good\"}]}";
            Assert.AreEqual(expected, Mapped.Envelope(Mapped.Vmrs(Telegrams.Dsmr22Kamstrup)));
        }

        [TestMethod]
        public void SessionIdFollowsMeterSerialWhenPresent()
        {
            var writer = new EnvelopeWriter();
            writer.Write(Mapped.Vmrs(Telegrams.Dsmr5Am550), "f", "g", "sip-7f3a9c2e");
            string text = writer.ToText();
            Assert.IsTrue(text.IndexOf("\"meterSerial\":\"E0034006810516416\",\"sessionId\":\"sip-7f3a9c2e\",\"registers\":[") > 0);
        }

        [TestMethod]
        public void StringsAreJsonEscaped()
        {
            var reading = new MeterReading();
            byte[] id = Bytes.Of("a\"b\\c\u0001\u00e9");
            reading.SetSerial(Bytes.Of("x"), 0, 1);
            int at = reading.AddText(id, 0, id.Length);
            reading.AddText(VmrsCatalog.DeviceId, at, id.Length, NorthboundUnits.Text, Quality.Good);
            string text = Mapped.Envelope(reading);
            Assert.IsTrue(text.IndexOf("\"value\":\"a\\\"b\\\\c\\u0001\\u00e9\"") > 0, text);
        }

        [TestMethod]
        public void SameReadingGivesTheSameBytes()
        {
            MeterReading reading = Mapped.Vmrs(Telegrams.FluviusThreeMonthPeaks);
            Assert.AreEqual(Mapped.Envelope(reading), Mapped.Envelope(reading));
        }

        [TestMethod]
        public void TooSmallABufferIsReportedNotTruncated()
        {
            var writer = new EnvelopeWriter(64);
            Assert.IsFalse(writer.Write(Mapped.Vmrs(Telegrams.Dsmr5Am550), "f", "g", null));
        }

        [TestMethod]
        public void AnEnvelopeFitsABufferOfExactlyItsSizeAndNotOneByteLess()
        {
            // Number registers are written with one bounds check when the buffer has room for the longest; near its end
            // every piece is checked: the bound is exact, whichever way each register went.
            var options = new MappingOptions();
            options.Mode = MappingMode.Full;
            MeterReading[] readings = Mapped.NewReadings();
            new VmrsMapper(options).Map(Parsed.First(Telegrams.FluviusThreeMonthPeaks), Mapped.GatewayNow, false, readings);
            string expected = Mapped.Envelope(readings[0]);
            int size = expected.Length;
            Assert.IsTrue(size > 1000, "a full-mode envelope with many number registers");

            var exact = new EnvelopeWriter(size);
            Assert.IsTrue(exact.Write(readings[0], "f", "g", null));
            Assert.AreEqual(expected, exact.ToText());
            Assert.IsFalse(new EnvelopeWriter(size - 1).Write(readings[0], "f", "g", null));
            for (int cut = 1; cut < 200; cut += 7)
            {
                var writer = new EnvelopeWriter(size - cut);
                Assert.IsFalse(writer.Write(readings[0], "f", "g", null), "a register cut short is reported");
            }
        }

        [TestMethod]
        public void TheLongestWordsAreWithinTheBoundsTheWriterReservesFor()
        {
            for (int unit = 0; unit <= NorthboundUnits.Event; unit++)
            {
                Assert.IsTrue(NorthboundUnits.JsonOf(unit).Length <= NorthboundUnits.MaxJsonLength, NorthboundUnits.NameOf(unit));
            }

            Assert.IsTrue(QualityText.JsonOf(Quality.Good).Length <= QualityText.MaxJsonLength);
            Assert.IsTrue(QualityText.JsonOf(Quality.Suspect).Length <= QualityText.MaxJsonLength);
            Assert.AreEqual(QualityText.MaxJsonLength, QualityText.JsonOf(Quality.CommsLost).Length);
            for (int register = 0; register < VmrsCatalog.Count; register++)
            {
                Assert.IsTrue(VmrsCatalog.KeyJsonOf(register).Length <= NorthboundObis.MaxJsonLength);
            }

            for (int key = 0; key <= SubMeterKeys.Valve; key++)
            {
                Assert.IsTrue(SubMeterKeys.JsonOf(key).Length <= NorthboundObis.MaxJsonLength);
            }
        }

        [TestMethod]
        public void ObisKeysInShortAndLongForm()
        {
            AssertKey("\"21.7.0\"", new ObisCode(1, 0, 21, 7, 0));
            AssertKey("\"1.8.1\"", new ObisCode(1, 0, 1, 8, 1));
            AssertKey("\"0.0.96.14.0.255\"", new ObisCode(0, 0, 96, 14, 0));
            AssertKey("\"0.0.96.7.21.0\"", new ObisCode(0, 0, 96, 7, 21, 0));
            AssertKey("\"0.1.96.3.10.255\"", new ObisCode(0, 1, 96, 3, 10));
            AssertKey("\"1.1.1.8.0.255\"", new ObisCode(1, 1, 1, 8, 0));
            AssertKey("\"1.0.1.8.0.3\"", new ObisCode(1, 0, 1, 8, 0, 3));
            AssertKey("\"255.255.255.255.255.254\"", new ObisCode(255, 255, 255, 255, 255, 254));
            AssertKey("\"0.0.0.0.0.0\"", new ObisCode(0, 0, 0, 0, 0, 0));
        }

        private static void AssertKey(string expected, ObisCode code)
        {
            byte[] text = new byte[NorthboundObis.MaxJsonLength + 3];
            text[0] = (byte)'x';
            int end = NorthboundObis.Compose(code.Key, text, 1);
            Assert.AreEqual("x" + expected, Bytes.Text(text, 0, end));
        }

        [TestMethod]
        public void IsoTimeAcrossCenturiesAndLeapDays()
        {
            Assert.AreEqual("1970-01-01T00:00:00Z", IsoTimeText.Format(0));
            Assert.AreEqual("2024-02-29T23:59:59Z", IsoTimeText.Format(1709251199L));
            Assert.AreEqual("2100-03-01T00:00:00Z", IsoTimeText.Format(4107542400L));
            Assert.AreEqual(4107542400L, P1Timestamp.DaysFromCivil(2100, 3, 1) * 86400L);
        }

        [TestMethod]
        public void InstantsWrittenOneAfterAnotherAreEachWrittenInFull()
        {
            // The buffer keeps the last instant's text and rewrites only the time of day within the same UTC day.
            long[] instants = { 1709251199L, 1709251199L, 1709164800L, 1709251198L, 1709251200L, 0, 59, 86399, 86400, 4107542400L, 1720461899L, 1720454699L };
            var json = new JsonBuffer(64);
            for (int i = 0; i < instants.Length; i++)
            {
                json.Clear();
                json.IsoTime(instants[i]);
                Assert.AreEqual("\"" + IsoTimeText.Format(instants[i]) + "\"", json.ToText());
            }
        }
    }
}

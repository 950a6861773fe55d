using nanoFramework.TestFramework;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class TelegramParserTests
    {
        [TestMethod]
        public void HeaderKeepsManufacturerSpacesAndBackslashes()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            Assert.AreEqual("/ISK5\\2M550T-1011", t.GetHeaderText());
            Telegram k = Parsed.First(Telegrams.Dsmr22Kamstrup);
            Assert.AreEqual("/KMP5 ZABF001587315111", k.GetHeaderText());
        }

        [TestMethod]
        public void EveryLineOfARealTelegramBecomesAnObject()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            Assert.AreEqual(35, t.ObjectCount);
            Assert.AreEqual(0, t.ErrorCount);
            Assert.AreEqual((int)CrcStatus.Ok, (int)t.Crc);
        }

        [TestMethod]
        public void EnergyRegisterIsExactWithItsUnit()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            P1Decimal value;
            int unit;
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 1, 8, 1), out value, out unit));
            Assert.AreEqual(3808351L, value.Mantissa);
            Assert.AreEqual(3, value.Scale);
            Assert.AreEqual(P1Unit.KilowattHour, unit);
            Assert.AreEqual("3808.351", value.ToString());
        }

        [TestMethod]
        public void UnitsMatchInAnyLetterCase()
        {
            Telegram t = Parsed.Lines("1-0:1.8.1(000001.500*kwh)\r\n1-0:1.7.0(01.193*KW)\r\n1-0:3.8.0(000002.000*kVArh)\r\n0-1:24.2.1(101209112500W)(12785.123*M3)\r\n");
            P1Decimal value;
            int unit;
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 1, 8, 1), out value, out unit));
            Assert.AreEqual(P1Unit.KilowattHour, unit);
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 1, 7, 0), out value, out unit));
            Assert.AreEqual(P1Unit.Kilowatt, unit);
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 3, 8, 0), out value, out unit));
            Assert.AreEqual(P1Unit.KilovarHour, unit);
            int index = t.Find(new ObisCode(0, 1, 24, 2, 1));
            Assert.AreEqual(P1Unit.CubicMetre, t.GetUnit(t.GetFirstGroup(index) + 1));
        }

        [TestMethod]
        public void DecimalAmpsAndWattHoursParse()
        {
            Telegram t = Parsed.Lines("1-0:31.7.0(000.91*A)\r\n1-0:1.8.1(000134904*Wh)\r\n1-0:1.7.0(000000286*W)\r\n");
            P1Decimal value;
            int unit;
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 31, 7, 0), out value, out unit));
            Assert.AreEqual("0.91", value.ToString());
            Assert.AreEqual(P1Unit.Ampere, unit);
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 1, 8, 1), out value, out unit));
            Assert.AreEqual(P1Unit.WattHour, unit);
            Assert.AreEqual("134.904", value.DivideByPowerOfTen(3).ToString());
        }

        [TestMethod]
        public void ObisWithSixthGroupAndStarForms()
        {
            Telegram t = Parsed.Lines("1-0:21.7.0.255(00.111*kW)\r\n1-0:1.8.0*255(00032549.5061662*kWh)\r\n1-0:2.8.0*1(00000000.0000000*kWh)\r\n");
            Assert.IsTrue(t.Find(new ObisCode(1, 0, 21, 7, 0)) >= 0, ".255 is the default F");
            int index = t.Find(new ObisCode(1, 0, 1, 8, 0));
            Assert.IsTrue(index >= 0);
            P1Decimal value;
            Assert.IsTrue(t.TryGetNumber(t.GetFirstGroup(index), out value));
            Assert.AreEqual(7, value.Scale);
            Assert.IsTrue(t.Find(new ObisCode(1, 0, 2, 8, 0, 1)) >= 0);
            Assert.AreEqual("1-0:2.8.0.1", t.GetObis(2).ToString());
            Assert.AreEqual("1-0:1.8.0", t.GetObis(1).ToString());
        }

        [TestMethod]
        public void WhitespaceBetweenGroupsIsAllowed()
        {
            Telegram t = Parsed.Lines("1-0:1.6.0 (200509134558S) (01.111*kW)\r\n");
            int index = t.Find(new ObisCode(1, 0, 1, 6, 0));
            Assert.AreEqual(2, t.GetGroupCount(index));
            Assert.AreEqual((int)P1ValueKind.Timestamp, (int)t.GetKind(t.GetFirstGroup(index)));
        }

        [TestMethod]
        public void ContinuationLineJoinsThePreviousObject()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr22Kamstrup);
            ObisCode gas = new ObisCode(0, 1, 24, 3, 0);
            int index = t.Find(gas);
            Assert.AreEqual(7, t.GetGroupCount(index));
            Assert.AreEqual("00124.477", Parsed.Raw(t, gas, 6));
            Assert.AreEqual("m3", Parsed.Raw(t, gas, 5));
            Assert.AreEqual(0, t.ErrorCount);
        }

        [TestMethod]
        public void UnknownObisCodesAreKeptRaw()
        {
            Telegram t = Parsed.First(Telegrams.UnknownCosemId);
            Assert.AreEqual((int)CrcStatus.Ok, (int)t.Crc);
            bool foundUnknown = false;
            for (int i = 0; i < t.ObjectCount; i++)
            {
                if (ObisCatalog.Lookup(t.GetObis(i)) < 0)
                {
                    foundUnknown = true;
                    Assert.IsTrue(t.GetGroupCount(i) > 0);
                }
            }

            Assert.IsTrue(foundUnknown);
            Assert.AreEqual(0, t.ErrorCount);
        }

        [TestMethod]
        public void OneBadLineCostsOnlyThatLine()
        {
            Telegram t = Parsed.Lines(
                "1-0:1.8.1(000001.000*kWh)\r\n"
                + "1-0:1.8.2(000002.000*kWh\r\n"
                + "garbage line\r\n"
                + "1-0:1.8.3 junk (1)\r\n"
                + "1-0:999.8.1(5)\r\n"
                + "1-0:2.8.1\r\n"
                + "1-0:2.8.2(000003.000*kWh)\r\n");
            Assert.AreEqual(2, t.ObjectCount);
            Assert.AreEqual(5, t.ErrorCount);
            Assert.AreEqual((int)ParseError.UnclosedGroup, (int)t.GetErrorCode(0));
            Assert.AreEqual((int)ParseError.MalformedObis, (int)t.GetErrorCode(1));
            Assert.AreEqual((int)ParseError.UnexpectedText, (int)t.GetErrorCode(2));
            Assert.AreEqual((int)ParseError.MalformedObis, (int)t.GetErrorCode(3));
            Assert.AreEqual((int)ParseError.NoValue, (int)t.GetErrorCode(4));
            Assert.AreEqual("000003.000*kWh", Parsed.Raw(t, new ObisCode(1, 0, 2, 8, 2), 0));
        }

        [TestMethod]
        public void OrphanContinuationIsReported()
        {
            Telegram t = Parsed.Lines("(00124.477)\r\n1-0:1.8.1(000001.000*kWh)\r\n");
            Assert.AreEqual(1, t.ObjectCount);
            Assert.AreEqual((int)ParseError.OrphanContinuation, (int)t.GetErrorCode(0));
        }

        [TestMethod]
        public void ObjectTableLimitIsReportedNotThrown()
        {
            var t = new Telegram(2, 8);
            byte[] frame = Bytes.Of("/X\r\n1-0:1.8.1(1)\r\n1-0:1.8.2(2)\r\n1-0:2.8.1(3)\r\n!");
            TelegramParser.Parse(frame, frame.Length, CrcStatus.None, false, t);
            Assert.AreEqual(2, t.ObjectCount);
            Assert.AreEqual((int)ParseError.TooManyObjects, (int)t.GetErrorCode(0));
        }

        [TestMethod]
        public void HexEncodedIdentifierDecodes()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            int index = t.Find(new ObisCode(0, 0, 96, 1, 1));
            byte[] text = new byte[64];
            int n = t.DecodeHexText(t.GetFirstGroup(index), text, 0);
            Assert.AreEqual("E0034006810516416", Bytes.Text(text, 0, n));
        }

        [TestMethod]
        public void IntegerValues()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            long value;
            int index = t.Find(new ObisCode(0, 0, 96, 14, 0));
            Assert.IsTrue(t.TryGetInteger(t.GetFirstGroup(index), out value));
            Assert.AreEqual(2L, value);
            index = t.Find(new ObisCode(1, 0, 1, 8, 1));
            Assert.IsFalse(t.TryGetInteger(t.GetFirstGroup(index), out value), "a value with decimals is not an integer");
        }

        [TestMethod]
        public void PowerFailureLogEntries()
        {
            Telegram t = Parsed.First(Telegrams.Dsmr5Am550);
            int index = t.Find(new ObisCode(1, 0, 99, 97, 0));
            ProfileBuffer log;
            Assert.IsTrue(t.TryGetProfile(index, out log));
            Assert.AreEqual(1, log.Entries);
            Assert.AreEqual(2, log.Columns);
            P1Timestamp when;
            Assert.IsTrue(t.TryGetTimestamp(log.GroupOf(0, 0), out when));
            Assert.AreEqual(2018, when.Year);
            Assert.AreEqual(P1Timestamp.SeasonSummer, when.Season);
            P1Decimal duration;
            Assert.IsTrue(t.TryGetNumber(log.GroupOf(0, 1), out duration));
            Assert.AreEqual(2451L, duration.Mantissa);
            Assert.AreEqual(P1Unit.Second, t.GetUnit(log.GroupOf(0, 1)));
        }

        [TestMethod]
        public void EmptyProfileBuffersReadAsZeroEntries()
        {
            Telegram t = Parsed.Lines("1-0:99.97.0()\r\n0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()\r\n");
            ProfileBuffer profile;
            Assert.IsTrue(t.TryGetProfile(0, out profile));
            Assert.AreEqual(0, profile.Entries);
            Assert.IsTrue(t.TryGetProfile(1, out profile));
            Assert.AreEqual(0, profile.Entries);
            Assert.AreEqual(2, profile.CapturedObjects);
            Telegram x = Parsed.First(Telegrams.EmptyFailureLog);
            Assert.IsTrue(x.TryGetProfile(x.Find(new ObisCode(1, 0, 99, 97, 0)), out profile));
            Assert.AreEqual(0, profile.Entries);
            Assert.AreEqual(1, profile.CapturedObjects);
        }

        [TestMethod]
        public void BelgianThirteenMonthMaximumDemand()
        {
            Telegram t = Parsed.First(Telegrams.FluviusThreeMonthPeaks);
            ProfileBuffer peaks;
            Assert.IsTrue(t.TryGetProfile(t.Find(new ObisCode(0, 0, 98, 1, 0)), out peaks));
            Assert.AreEqual(3, peaks.Entries);
            Assert.AreEqual(3, peaks.Columns);
            P1Decimal kw;
            Assert.IsTrue(t.TryGetNumber(peaks.GroupOf(1, 2), out kw));
            Assert.AreEqual("5.980", kw.ToString());
            Assert.AreEqual(P1Unit.Kilowatt, t.GetUnit(peaks.GroupOf(1, 2)));
            P1Timestamp occurred;
            Assert.IsTrue(t.TryGetTimestamp(peaks.GroupOf(1, 1), out occurred));
            Assert.AreEqual(2020, occurred.Year);
            Assert.AreEqual(3, occurred.Month);
            Assert.AreEqual(5, occurred.Day);
        }

        [TestMethod]
        public void PlaceholderTimestampInsideThePeakHistoryIsInvalidNotFatal()
        {
            Telegram t = Parsed.First(Telegrams.FluviusPlaceholderPeak);
            Assert.AreEqual((int)CrcStatus.Ok, (int)t.Crc);
            ProfileBuffer peaks;
            Assert.IsTrue(t.TryGetProfile(t.Find(new ObisCode(0, 0, 98, 1, 0)), out peaks));
            Assert.AreEqual(4, peaks.Entries);
            P1Timestamp stamp;
            Assert.IsTrue(t.TryGetTimestamp(peaks.GroupOf(0, 1), out stamp));
            Assert.IsFalse(stamp.IsValid);
            Assert.IsTrue(t.TryGetTimestamp(peaks.GroupOf(3, 1), out stamp));
            Assert.IsTrue(stamp.IsValid);
        }

        [TestMethod]
        public void EasyMeterQ3dReadsWithoutCrc()
        {
            Telegram t = Parsed.First(Telegrams.Q3dEasyMeter);
            Assert.AreEqual((int)CrcStatus.None, (int)t.Crc);
            Assert.AreEqual(8, t.ObjectCount);
            Assert.AreEqual("1ESY1336001560", Parsed.Raw(t, new ObisCode(0, 0, 96, 1, 255), 0));
        }

        [TestMethod]
        public void NegativeNumbersKeepTheirSign()
        {
            Telegram t = Parsed.Lines("1-0:13.7.0(-0.981)\r\n");
            P1Decimal value;
            Assert.IsTrue(t.TryGetNumber(0, out value));
            Assert.AreEqual(-981L, value.Mantissa);
            Assert.AreEqual("-0.981", value.ToString());
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.Northbound;
using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class VmrsMapperTests
    {
        [TestMethod]
        public void ImportTotalIsTheExactSumOfTariffsWhenNotSent()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Dsmr5Am550);
            int i = Mapped.Find(r, "1.8.0");
            Assert.AreEqual("6757.178", r.GetNumber(i).ToString());
            Assert.IsTrue(r.IsDerived(i));
            Assert.AreEqual("kWh", r.GetUnitText(i));
            Assert.AreEqual("4162.465", Mapped.Number(r, "2.8.0"));
        }

        [TestMethod]
        public void ImportTotalIsTheMetersOwnWhenSent()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Q3dEasyMeter);
            int i = Mapped.Find(r, "1.8.0");
            Assert.AreEqual("32549.5061662", r.GetNumber(i).ToString());
            Assert.IsFalse(r.IsDerived(i));
        }

        [TestMethod]
        public void WattHoursBecomeKilowattHoursAndKilowattsWatts()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Wrap("1-0:1.8.0(000134904*Wh)\r\n1-0:2.8.1(000000510*Wh)\r\n1-0:1.7.0(01.193*kW)\r\n1-0:32.7.0(230.1*V)\r\n"));
            Assert.AreEqual("134.904", Mapped.Number(r, "1.8.0"));
            Assert.AreEqual("0.510", Mapped.Number(r, "2.8.0"));
            Assert.AreEqual("1193", Mapped.Number(r, "1.7.0"));
            Assert.AreEqual("W", r.GetUnitText(Mapped.Find(r, "1.7.0")));
            Assert.AreEqual("230.1", Mapped.Number(r, "32.7.0"));
        }

        [TestMethod]
        public void FrequencyOnlyWhenSent()
        {
            Assert.AreEqual("50.01", Mapped.Number(Mapped.Vmrs(Telegrams.Wrap("1-0:14.7.0(50.01*Hz)\r\n")), "14.7.0"));
            Assert.AreEqual(-1, Mapped.Find(Mapped.Vmrs(Telegrams.Dsmr5Am550), "14.7.0"));
        }

        [TestMethod]
        public void RegistersP1DoesNotCarryAreLeftOut()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.FluviusThreeMonthPeaks);
            Assert.AreEqual(-1, Mapped.Find(r, "96.1.0"));
            Assert.AreEqual(-1, Mapped.Find(r, "96.5.0"));
            Assert.AreEqual(-1, Mapped.Find(r, "96.8.0"));
            Assert.AreEqual(-1, Mapped.Find(r, "96.11.5"));
        }

        [TestMethod]
        public void WinterClockIsUtcPlusOneAndBecomesTs()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Dsmr5Am550);
            int i = Mapped.Find(r, "0.0.0");
            Assert.AreEqual("2018-11-06T13:04:29Z", IsoTimeText.Format(r.GetDateTime(i)));
            Assert.AreEqual(r.GetDateTime(i), r.TimestampUnix);
            Assert.IsTrue(r.TimestampFromMeter);
        }

        [TestMethod]
        public void SummerClockIsUtcPlusTwo()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.FluviusThreeMonthPeaks);
            Assert.AreEqual("2020-05-12T11:54:09Z", IsoTimeText.Format(r.TimestampUnix));
        }

        [TestMethod]
        public void ClockWithoutSeasonUsesTheConfiguredOffset()
        {
            var options = new MappingOptions();
            options.NoSeasonOffsetMinutes = 330;
            MeterReading[] readings = Mapped.NewReadings();
            new VmrsMapper(options).Map(Parsed.First(Telegrams.Wrap("0-0:1.0.0(260102120000)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual("2026-01-02T06:30:00Z", IsoTimeText.Format(readings[0].TimestampUnix));
        }

        [TestMethod]
        public void PlaceholderClockIsLeftOutAndTsIsTheGatewaysTime()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Wrap("0-0:1.0.0(632525252525W)\r\n1-0:1.8.1(000001.000*kWh)\r\n"));
            Assert.AreEqual(-1, Mapped.Find(r, "0.0.0"));
            Assert.AreEqual(Mapped.GatewayNow, r.TimestampUnix);
            Assert.IsFalse(r.TimestampFromMeter);
        }

        [TestMethod]
        public void ClockFarFromATrustedGatewayClockIsSuspect()
        {
            MeterReading[] readings = Mapped.NewReadings();
            var mapper = new VmrsMapper(new MappingOptions());
            // The meter says 2018-11-06T13:04:29Z; the synchronised gateway says 2023.
            mapper.Map(Parsed.First(Telegrams.Dsmr5Am550), Mapped.GatewayNow, true, readings);
            int i = Mapped.Find(readings[0], "0.0.0");
            Assert.AreEqual((int)Quality.Suspect, (int)readings[0].GetQuality(i));
            Assert.AreEqual(Mapped.GatewayNow, readings[0].TimestampUnix);

            // Within the tolerance it is good and is the measurement time.
            mapper.Map(Parsed.First(Telegrams.Dsmr5Am550), 1541509469L + 30, true, readings);
            Assert.AreEqual((int)Quality.Good, (int)readings[0].GetQuality(Mapped.Find(readings[0], "0.0.0")));
            Assert.AreEqual(1541509469L, readings[0].TimestampUnix);
        }

        [TestMethod]
        public void DeviceIdIsDecodedFromHex()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Dsmr5Am550);
            int i = Mapped.Find(r, "0.0.96.1.1.255");
            Assert.AreEqual("E0034006810516416", Bytes.Text(r.TextPool, r.GetTextStart(i), r.GetTextLength(i)));
            Assert.AreEqual("E0034006810516416", Bytes.Text(r.Serial, 0, r.SerialLength));
        }

        [TestMethod]
        public void DeviceIdFromTheDialectsOwnObject()
        {
            Assert.AreEqual("1ESY1336001560", Bytes.Text(Mapped.Vmrs(Telegrams.Q3dEasyMeter).Serial, 0, 14));
            MeterReading lux = Mapped.Vmrs(Telegrams.Wrap("0-0:42.0.0(53414731303330373930303032353734)\r\n"));
            Assert.AreEqual("SAG1030790002574", Bytes.Text(lux.Serial, 0, lux.SerialLength));
        }

        [TestMethod]
        public void MeterWithoutIdIsNamedAfterItsHeaderMadeTopicSafe()
        {
            MeterReading r = Mapped.Vmrs("/EST5\\253710000_A\r\n\r\n1-0:1.8.0(000001000*Wh)\r\n!\r\n");
            Assert.AreEqual("EST5_253710000_A", Bytes.Text(r.Serial, 0, r.SerialLength));
            Assert.AreEqual(-1, Mapped.Find(r, "0.0.96.1.1.255"));
        }

        [TestMethod]
        public void BreakerStates()
        {
            AssertBreaker("1", "connected");
            AssertBreaker("0", "disconnected");
            AssertBreaker("2", "disconnected");
            AssertBreaker("ON", "connected");
            Assert.AreEqual(-1, Mapped.Find(Mapped.Vmrs(Telegrams.Wrap("0-0:96.3.10(7)\r\n")), "0.0.96.3.10.255"));
        }

        [TestMethod]
        public void VoltageOutsideTheBandIsSuspect()
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Wrap("1-0:32.7.0(400.0*V)\r\n"));
            Assert.AreEqual((int)Quality.Suspect, (int)r.GetQuality(Mapped.Find(r, "32.7.0")));
            r = Mapped.Vmrs(Telegrams.Wrap("1-0:32.7.0(230.0*V)\r\n"));
            Assert.AreEqual((int)Quality.Good, (int)r.GetQuality(Mapped.Find(r, "32.7.0")));
            var narrow = new MappingOptions();
            narrow.VoltageMin = 207;
            narrow.VoltageMax = 253;
            MeterReading[] readings = Mapped.NewReadings();
            new VmrsMapper(narrow).Map(Parsed.First(Telegrams.Wrap("1-0:32.7.0(200.0*V)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual((int)Quality.Suspect, (int)readings[0].GetQuality(Mapped.Find(readings[0], "32.7.0")));
        }

        [TestMethod]
        public void CumulativeRegisterGoingBackwardsIsSuspect()
        {
            var mapper = new VmrsMapper(new MappingOptions());
            MeterReading[] readings = Mapped.NewReadings();
            string id = "0-0:96.1.1(4530303334303036383130353136343136)\r\n";
            mapper.Map(Parsed.First(Telegrams.Wrap(id + "1-0:1.8.1(000010.000*kWh)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual((int)Quality.Good, (int)readings[0].GetQuality(Mapped.Find(readings[0], "1.8.0")));
            mapper.Map(Parsed.First(Telegrams.Wrap(id + "1-0:1.8.1(000009.999*kWh)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual((int)Quality.Suspect, (int)readings[0].GetQuality(Mapped.Find(readings[0], "1.8.0")));
            mapper.Map(Parsed.First(Telegrams.Wrap(id + "1-0:1.8.1(000010.001*kWh)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual((int)Quality.Good, (int)readings[0].GetQuality(Mapped.Find(readings[0], "1.8.0")));

            // Another meter has its own history.
            mapper.Map(Parsed.First(Telegrams.Wrap("0-0:96.1.1(41)\r\n1-0:1.8.1(000001.000*kWh)\r\n")), Mapped.GatewayNow, false, readings);
            Assert.AreEqual((int)Quality.Good, (int)readings[0].GetQuality(Mapped.Find(readings[0], "1.8.0")));
        }

        [TestMethod]
        public void BadCrcFrameIsNeverMapped()
        {
            Telegram bad = Parsed.First(Telegrams.KaifaBadCrc);
            Assert.AreEqual(0, new VmrsMapper(new MappingOptions()).Map(bad, Mapped.GatewayNow, false, Mapped.NewReadings()));
        }

        [TestMethod]
        public void FullModeAddsOtherRegistersAndSubMeters()
        {
            var options = new MappingOptions();
            options.Mode = MappingMode.Full;
            MeterReading[] readings = Mapped.NewReadings();
            int count = new VmrsMapper(options).Map(Parsed.First(Telegrams.FluviusThreeMonthPeaks), Mapped.GatewayNow, false, readings);
            Assert.AreEqual(3, count, "the meter, its gas meter and its water meter");
            string main = Mapped.Envelope(readings[0]);
            Assert.IsTrue(main.IndexOf("{\"obis\":\"1.8.1\",\"value\":0.034,\"unit\":\"kWh\",\"quality\":\"good\"}") > 0);
            Assert.IsTrue(main.IndexOf("{\"obis\":\"1.6.0\",\"value\":2589,\"unit\":\"W\",\"quality\":\"good\"}") > 0);
            Assert.IsTrue(main.IndexOf("{\"obis\":\"0.0.96.14.0.255\",\"value\":1,\"unit\":\"enum\",\"quality\":\"good\"}") > 0);
            Assert.IsTrue(main.IndexOf("98.1.0") < 0, "profile buffers are not registers");

            Assert.AreEqual("7FLO2119033733", Bytes.Text(readings[1].Serial, 0, readings[1].SerialLength));
            string gas = Mapped.Envelope(readings[1]);
            Assert.IsTrue(gas.IndexOf("\"ts\":\"2020-05-12T11:45:58Z\"") > 0, "the sub-meter's own capture time");
            Assert.IsTrue(gas.IndexOf("{\"obis\":\"0.0.24.2.3.255\",\"value\":112.384,\"unit\":\"m3\",\"quality\":\"good\"}") > 0);
            Assert.IsTrue(Mapped.Envelope(readings[2]).IndexOf("{\"obis\":\"0.0.24.1.0.255\",\"value\":7,\"unit\":\"enum\",\"quality\":\"good\"}") > 0);
        }

        [TestMethod]
        public void TheNextTelegramOfTheSameMeterGivesTheSameEnvelopesSubMetersIncluded()
        {
            // The mapper keeps the meter's decoded id between telegrams; the sub-meters' ids must not leak into it.
            var options = new MappingOptions();
            options.Mode = MappingMode.Full;
            var mapper = new VmrsMapper(options);
            MeterReading[] first = Mapped.NewReadings();
            MeterReading[] second = Mapped.NewReadings();
            Assert.AreEqual(3, mapper.Map(Parsed.First(Telegrams.FluviusThreeMonthPeaks), Mapped.GatewayNow, false, first));
            Assert.AreEqual(3, mapper.Map(Parsed.First(Telegrams.FluviusThreeMonthPeaks), Mapped.GatewayNow, false, second));
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual(Mapped.Envelope(first[i]), Mapped.Envelope(second[i]));
            }

            Assert.IsTrue(Mapped.Envelope(second[0]).IndexOf("\"value\":\"1SAG3101021605\"") > 0);
        }

        [TestMethod]
        public void FullModeMarksVmrsSourcesBeyondTheSixtyFourthObject()
        {
            // Objects a VMRS entry came from are marked one bit an object, in two 64-bit sets: index 70 is in the second.
            string lines = string.Empty;
            for (int i = 0; i < 70; i++)
            {
                lines += "0-0:96.13.0()\r\n";
            }

            lines += "1-0:1.7.0(01.193*kW)\r\n1-0:32.7.0(230.0*V)\r\n1-0:21.7.0(00.111*kW)\r\n";
            var options = new MappingOptions();
            options.Mode = MappingMode.Full;
            MeterReading[] readings = Mapped.NewReadings();
            Assert.AreEqual(1, new VmrsMapper(options).Map(Parsed.Lines(lines), Mapped.GatewayNow, false, readings));
            string envelope = Mapped.Envelope(readings[0]);
            Assert.AreEqual(envelope.IndexOf("\"obis\":\"1.7.0\""), envelope.LastIndexOf("\"obis\":\"1.7.0\""), "power once, as the VMRS entry");
            Assert.IsTrue(envelope.IndexOf("{\"obis\":\"1.7.0\",\"value\":1193,\"unit\":\"W\"") > 0);
            Assert.AreEqual(envelope.IndexOf("\"obis\":\"32.7.0\""), envelope.LastIndexOf("\"obis\":\"32.7.0\""), "voltage once");
            Assert.IsTrue(envelope.IndexOf("{\"obis\":\"21.7.0\",\"value\":111,\"unit\":\"W\"") > 0, "a register past the 64th is still published");
        }

        [TestMethod]
        public void OneFullModeMapperFollowsAChangeOfMeterAsAFreshOneDoes()
        {
            // Full mode keeps each object's catalog row from the last telegram; another meter's objects must not inherit them.
            var options = new MappingOptions();
            options.Mode = MappingMode.Full;
            var mapper = new VmrsMapper(options);
            string[] sequence = { Telegrams.Dsmr5Am550, Telegrams.FluviusThreeMonthPeaks, Telegrams.Q3dEasyMeter, Telegrams.Dsmr5Am550 };
            for (int t = 0; t < sequence.Length; t++)
            {
                MeterReading[] reused = Mapped.NewReadings();
                MeterReading[] fresh = Mapped.NewReadings();
                int count = mapper.Map(Parsed.First(sequence[t]), Mapped.GatewayNow, false, reused);
                Assert.AreEqual(new VmrsMapper(options).Map(Parsed.First(sequence[t]), Mapped.GatewayNow, false, fresh), count);
                for (int i = 0; i < count; i++)
                {
                    Assert.AreEqual(Mapped.Envelope(fresh[i]), Mapped.Envelope(reused[i]));
                }
            }
        }

        [TestMethod]
        public void VmrsModeHasNoSubMeters()
        {
            MeterReading[] readings = Mapped.NewReadings();
            Assert.AreEqual(1, new VmrsMapper(new MappingOptions()).Map(Parsed.First(Telegrams.FluviusThreeMonthPeaks), Mapped.GatewayNow, false, readings));
        }

        private static void AssertBreaker(string state, string word)
        {
            MeterReading r = Mapped.Vmrs(Telegrams.Wrap("0-0:96.3.10(" + state + ")\r\n"));
            int i = Mapped.Find(r, "0.0.96.3.10.255");
            Assert.AreEqual(word, RegisterWords.NameOf(r.GetWord(i)));
            Assert.AreEqual("enum", r.GetUnitText(i));
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.Iec62056;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class Iec62056Tests
    {
        private const string Data =
            "F.F(00000000)\r\n0.0.0(1240007670003202)\r\n1.8.1(022108.7*kWh)\r\n31.7.0(+000.8*A)\r\nC.1(53965555)\r\n"
            + "1.8.0*96(00019.3*kWh)1.8.0&97(00158.7*kWh)\r\n!\r\n";

        [TestMethod]
        public void ShortObisFormsReadAsElectricityCodes()
        {
            AssertCode("1.8.0", new ObisCode(1, 0, 1, 8, 0));
            AssertCode("F.F", new ObisCode(1, 0, 97, 97, 0));
            AssertCode("C.1", new ObisCode(1, 0, 96, 1, 0));
            AssertCode("C.1.0", new ObisCode(1, 0, 96, 1, 0));
            AssertCode("0.0.0", new ObisCode(1, 0, 0, 0, 0));
            AssertCode("1.8.0*96", new ObisCode(1, 0, 1, 8, 0, 96));
            AssertCode("1.8.0&04", new ObisCode(1, 0, 1, 8, 0, 4));
            AssertCode("1-0:1.8.0*255", new ObisCode(1, 0, 1, 8, 0));
            AssertCode("1-0:1.8.0&1", new ObisCode(1, 0, 1, 8, 0, 1));
            ObisCode code;
            byte[] bad = Bytes.Of("1.8.0.1.2");
            Assert.IsFalse(ObisCode.TryParse(bad, 0, bad.Length, out code));
            byte[] single = Bytes.Of("18");
            Assert.IsFalse(ObisCode.TryParse(single, 0, single.Length, out code));
        }

        [TestMethod]
        public void DataMessageIsCheckedByItsBcc()
        {
            byte[] message = Message("/ITR5EM214\r\n", Data, true);
            Telegram t = ReadOne(message, CrcStatus.Ok);
            Assert.AreEqual("/ITR5EM214", t.GetHeaderText());
            Assert.AreEqual(0, t.ErrorCount);
            Assert.AreEqual("022108.7*kWh", Parsed.Raw(t, new ObisCode(1, 0, 1, 8, 1), 0));
            Assert.AreEqual("00158.7*kWh", Parsed.Raw(t, new ObisCode(1, 0, 1, 8, 0, 97), 0));
            OpenAmi.P1.Values.P1Decimal current;
            int unit;
            Assert.IsTrue(t.TryGetNumber(new ObisCode(1, 0, 31, 7, 0), out current, out unit));
            Assert.AreEqual("0.8", current.ToString());

            message[message.Length - 1] ^= 0x20;
            ReadOne(message, CrcStatus.Bad);
        }

        [TestMethod]
        public void MissingEtxMakesTheReadoutBad()
        {
            byte[] message = Bytes.Of("/?!\r\n/ITR5EM214\r\n\u0002" + Data);
            ReadOne(message, CrcStatus.Bad);
        }

        [TestMethod]
        public void EchoedSignOnAndAcknowledgementAreSkipped()
        {
            byte[] message = Bytes.Concat(Bytes.Of("/?!\r\n"), Message("/LOG5LK13\r\n\u0006050\r\n", Data, true));
            Telegram t = ReadOne(message, CrcStatus.Ok);
            Assert.AreEqual("/LOG5LK13", t.GetHeaderText());
            Assert.AreEqual(0, t.ErrorCount);
        }

        [TestMethod]
        public void EveryChunkBoundaryGivesTheSameReadout()
        {
            byte[] message = Message("/ITR5EM214\r\n", Data, true);
            string expected = null;
            for (int split = 0; split <= message.Length; split++)
            {
                var framer = new ReadoutFramer(1024);
                string text = null;
                int pos = 0;
                int[] ends = { split, message.Length };
                for (int part = 0; part < 2; part++)
                {
                    while (pos < ends[part])
                    {
                        pos += framer.Feed(message, pos, ends[part] - pos);
                        if (framer.FrameReady)
                        {
                            text = Bytes.Text(framer.Buffer, 0, framer.FrameLength);
                        }
                    }
                }

                Assert.IsNotNull(text);
                expected = expected ?? text;
                Assert.AreEqual(expected, text);
            }
        }

        [TestMethod]
        public void ModeDPushIsCheckedByItsCrc()
        {
            string body = "/KAM5\r\n\r\n1-0:1.8.0(00060995.424*kWh)\r\n!";
            byte[] bytes = Bytes.Of(body);
            int crc = Crc16Arc.Compute(bytes, 0, bytes.Length);
            string digits = Bytes.ToHex(new byte[] { (byte)(crc >> 8), (byte)crc }, 0, 2).ToUpper();
            ReadOne(Bytes.Of("\r\n" + body + digits + "\r\n"), CrcStatus.Ok);
            ReadOne(Bytes.Of(body + "0000\r\n"), CrcStatus.Bad);
            ReadOne(Bytes.Of(body + "\r\n"), CrcStatus.None);
        }

        [TestMethod]
        public void OverlongReadoutIsDroppedNotCut()
        {
            var framer = new ReadoutFramer(40);
            byte[] message = Message("/ITR5EM214\r\n", Data, true);
            int pos = 0;
            while (pos < message.Length)
            {
                pos += framer.Feed(message, pos, message.Length - pos);
                Assert.IsFalse(framer.FrameReady);
            }

            Assert.AreEqual(1, framer.Overflows);
        }

        [TestMethod]
        public void RequesterSignsOnSwitchesAndReads()
        {
            var meter = new ScriptedMeter("/ITR5EM214\r\n", Message("", Data, true));
            var sink = new CollectingSink();
            var requester = new ModeCRequester(meter, sink, 1024);
            long now = 0;
            requester.Start(now);
            Assert.AreEqual("/?!\r\n", meter.Sent());
            Assert.AreEqual(300, meter.Baud);
            while (requester.State != ModeCRequester.StateDone && requester.State != ModeCRequester.StateFailed && now < 60000)
            {
                meter.Step();
                requester.Poll(now);
                now += 20;
            }

            Assert.AreEqual(ModeCRequester.StateDone, requester.State);
            Assert.AreEqual("/?!\r\n\u0006050\r\n", meter.Sent());
            Assert.AreEqual(9600, meter.DataBaud);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.AreEqual(300, meter.Baud);
        }

        [TestMethod]
        public void RequesterCapsTheSpeedAndRetriesASilentMeter()
        {
            var meter = new ScriptedMeter("/ITR6EM214\r\n", Message("", Data, true));
            meter.SilentSignOns = 1;
            var sink = new CollectingSink();
            var requester = new ModeCRequester(meter, sink, 1024);
            requester.MaxBaudRate = 4800;
            long now = 0;
            requester.Start(now);
            while (requester.State != ModeCRequester.StateDone && requester.State != ModeCRequester.StateFailed && now < 60000)
            {
                meter.Step();
                requester.Poll(now);
                now += 20;
            }

            Assert.AreEqual(ModeCRequester.StateDone, requester.State);
            Assert.AreEqual(4800, meter.DataBaud);
            Assert.AreEqual(2, meter.SignOns);

            var dead = new ScriptedMeter("/ITR5EM214\r\n", Message("", Data, true));
            dead.SilentSignOns = 99;
            var failing = new ModeCRequester(dead, new CollectingSink(), 1024);
            now = 0;
            failing.Start(now);
            while (failing.State != ModeCRequester.StateFailed && now < 60000)
            {
                dead.Step();
                failing.Poll(now);
                now += 20;
            }

            Assert.AreEqual(ModeCRequester.StateFailed, failing.State);
            Assert.AreEqual(3, dead.SignOns);
        }

        private static void AssertCode(string text, ObisCode expected)
        {
            byte[] bytes = Bytes.Of(text);
            ObisCode code;
            Assert.IsTrue(ObisCode.TryParse(bytes, 0, bytes.Length, out code), text);
            Assert.AreEqual(expected.Key, code.Key, text);
        }

        /// <summary>An identification, then STX data ETX BCC when <paramref name="withBcc"/>.</summary>
        public static byte[] Message(string identification, string data, bool withBcc)
        {
            byte[] body = Bytes.Of(data + "\u0003");
            int bcc = 0;
            for (int i = 0; i < body.Length; i++)
            {
                bcc ^= body[i];
            }

            byte[] message = Bytes.Concat(Bytes.Of(identification + "\u0002"), body);
            return withBcc ? Bytes.Concat(message, new byte[] { (byte)bcc }) : message;
        }

        private static Telegram ReadOne(byte[] message, CrcStatus check)
        {
            var framer = new ReadoutFramer(1024);
            Telegram telegram = null;
            int pos = 0;
            while (pos < message.Length)
            {
                pos += framer.Feed(message, pos, message.Length - pos);
                if (framer.FrameReady)
                {
                    Assert.IsNull(telegram);
                    telegram = new Telegram();
                    TelegramParser.Parse(framer.Buffer, framer.FrameLength, framer.FrameCheck, false, telegram);
                }
            }

            if (framer.Flush())
            {
                Assert.IsNull(telegram);
                telegram = new Telegram();
                TelegramParser.Parse(framer.Buffer, framer.FrameLength, framer.FrameCheck, false, telegram);
            }

            Assert.IsNotNull(telegram);
            Assert.AreEqual((int)check, (int)telegram.Crc);
            return telegram;
        }
    }
}

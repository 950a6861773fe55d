using nanoFramework.TestFramework;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>The per-port rule that decides whether a frame is a meter's telegram (issue 15, items 1 and 2).</summary>
    [TestClass]
    public class FrameAcceptanceTests
    {
        private const string ThreeLines = "1-0:1.8.1(00185.000*kWh)\r\n1-0:1.8.2(00084.000*kWh)\r\n1-0:1.7.0(0000.98*kW)\r\n";

        // Frames every telegram of text as one port does and returns the verdict of the last one (-1: no frame).
        private static int JudgeAll(FrameAcceptance port, string text)
        {
            byte[] data = Bytes.Of(text);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            decoder.EndOfStream();
            int verdict = -1;
            var telegram = new Telegram();
            for (int i = 0; i < sink.Count; i++)
            {
                byte[] frame = sink.Frame(i);
                TelegramParser.Parse(frame, frame.Length, sink.Crc(i), sink.WasEncrypted(i), telegram);
                verdict = port.Judge(telegram);
            }

            return verdict;
        }

        private static int Judge(string text)
        {
            return JudgeAll(new FrameAcceptance(), text);
        }

        // The DSMR 5 test telegram with a value changed and its CRC digits replaced by "!" + crcField.
        private static string Dsmr5WithCrcField(string crcField)
        {
            string text = Telegrams.Dsmr5Am550;
            int value = text.IndexOf("003808.351");
            text = text.Substring(0, value) + "009999.351" + text.Substring(value + 10);
            return text.Substring(0, text.IndexOf('!') + 1) + crcField;
        }

        [TestMethod]
        public void CrcCheckedTelegramIsAccepted()
        {
            Assert.AreEqual(FrameVerdict.Accepted, Judge(Telegrams.Dsmr5Am550));
        }

        [TestMethod]
        public void TelegramsOfDialectsWithoutCrcAreAccepted()
        {
            Assert.AreEqual(FrameVerdict.Accepted, Judge(Telegrams.Dsmr22Kamstrup));
            Assert.AreEqual(FrameVerdict.Accepted, Judge(Telegrams.Q3dEasyMeter));
            Assert.AreEqual(FrameVerdict.Accepted, Judge("/Test\\V2_2-Telegram\r\n\r\n" + ThreeLines + "!\r\n"));
        }

        [TestMethod]
        public void DamagedCrcDigitsMakeTheFrameBadNotCrcLess()
        {
            Assert.AreEqual(FrameVerdict.BadCrc, Judge(Dsmr5WithCrcField("G3A4\r\n")));
            Assert.AreEqual(FrameVerdict.BadCrc, Judge(Dsmr5WithCrcField("1F2G\r\n")));
            Assert.AreEqual(FrameVerdict.BadCrc, Judge(Dsmr5WithCrcField(" 1F28\r\n")));

            var port = new FrameAcceptance();
            JudgeAll(port, Dsmr5WithCrcField("G3A4\r\n"));
            Assert.AreEqual(1, port.CountOf(FrameVerdict.BadCrc));
            Assert.AreEqual(1, port.Refused);
        }

        [TestMethod]
        public void TelegramThatDeclaresDsmr4OrLaterNeedsItsCrc()
        {
            Assert.AreEqual(FrameVerdict.CrcMissing, Judge(Dsmr5WithCrcField("\r\n")));
            Assert.AreEqual(FrameVerdict.CrcMissing, Judge(Dsmr5WithCrcField("")));
            string belgian = "/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n" + ThreeLines + "!\r\n";
            Assert.AreEqual(FrameVerdict.CrcMissing, Judge(belgian));
        }

        [TestMethod]
        public void OnceAPortSentACrcItsFramesWithoutOneAreRefused()
        {
            var port = new FrameAcceptance();
            Assert.AreEqual(FrameVerdict.Accepted, JudgeAll(port, Telegrams.Dsmr22Kamstrup));
            Assert.IsFalse(port.PortSendsCrc);
            Assert.AreEqual(FrameVerdict.Accepted, JudgeAll(port, Telegrams.EmptyFailureLog));
            Assert.IsTrue(port.PortSendsCrc);
            Assert.AreEqual(FrameVerdict.CrcMissing, JudgeAll(port, Telegrams.Dsmr22Kamstrup));
            Assert.AreEqual(1, port.CountOf(FrameVerdict.CrcMissing));
        }

        [TestMethod]
        public void BadCrcFramesAreNoEvidenceThatThePortSendsCrc()
        {
            var port = new FrameAcceptance();
            Assert.AreEqual(FrameVerdict.BadCrc, JudgeAll(port, Telegrams.KaifaBadCrc));
            Assert.IsFalse(port.PortSendsCrc);
            Assert.AreEqual(FrameVerdict.Accepted, JudgeAll(port, Telegrams.Dsmr22Kamstrup));
        }

        [TestMethod]
        public void IdentificationLineMustBePrintableTextOfASaneLength()
        {
            Assert.AreEqual(FrameVerdict.BadHeader, Judge("/KM\r\n" + ThreeLines + "!\r\n"));
            Assert.AreEqual(FrameVerdict.BadHeader, Judge("/KMP5\u0001ZABF\r\n" + ThreeLines + "!\r\n"));
            Assert.AreEqual(FrameVerdict.BadHeader, Judge("/KMP5\u00e9ZABF\r\n" + ThreeLines + "!\r\n"));
            string longHeader = "/KMP5 0123456789012345678901234567890123456789012345";
            Assert.AreEqual(FrameVerdict.BadHeader, Judge(longHeader + "\r\n" + ThreeLines + "!\r\n"));
            Assert.AreEqual(FrameVerdict.Accepted, Judge("/KAM5\r\n" + ThreeLines + "!\r\n"));
        }

        [TestMethod]
        public void WithoutCrcThreeWellFormedCosemLinesAreNeeded()
        {
            Assert.AreEqual(FrameVerdict.TooFewLines, Judge("/KMP5 ZABF001\r\n1-0:1.8.1(00185.000*kWh)\r\n1-0:1.7.0(0000.98*kW)\r\n!\r\n"));
            Assert.AreEqual(FrameVerdict.TooFewLines, Judge("/KMP5 ZABF001\r\n!\r\n"));
            Assert.AreEqual(FrameVerdict.Accepted, Judge("/KMP5 ZABF001\r\n" + ThreeLines + "!\r\n"));
        }

        [TestMethod]
        public void WithoutCrcMostLinesMustBeWellFormed()
        {
            string junk = "x1-0:1.8.1(1)\r\nhello\r\n1-0:2.8.1(5\r\n";
            Assert.AreEqual(FrameVerdict.MostlyMalformed, Judge("/KMP5 ZABF001\r\n" + ThreeLines + junk + "!\r\n"));
            Assert.AreEqual(FrameVerdict.Accepted, Judge("/KMP5 ZABF001\r\n" + ThreeLines + "1-0:2.8.1(00013.000*kWh)\r\n" + junk + "!\r\n"));
        }

        [TestMethod]
        public void CrcCheckedFrameStillNeedsAHeaderAndACosemLine()
        {
            Assert.AreEqual(FrameVerdict.TooFewLines, Judge(WithCrc("/KFM5KAIFA-METER\r\n\r\n!")));
            Assert.AreEqual(FrameVerdict.BadHeader, Judge(WithCrc("/\u0002\u0003\r\n1-0:1.8.1(00185.000*kWh)\r\n!")));
            Assert.AreEqual(FrameVerdict.Accepted, Judge(Telegrams.UnknownCosemId));
        }

        [TestMethod]
        public void PlaintextOnAPortWithAKeyIsRefusedUnlessAllowed()
        {
            byte[] frame = Bytes.Of(Telegrams.Dsmr5Am550.Substring(0, Telegrams.Dsmr5Am550.IndexOf('!') + 1));
            var telegram = new Telegram();
            var keyed = new FrameAcceptance();
            keyed.RequireEncryption = true;

            TelegramParser.Parse(frame, frame.Length, CrcStatus.Ok, false, telegram);
            Assert.AreEqual(FrameVerdict.PlaintextRefused, keyed.Judge(telegram));
            TelegramParser.Parse(frame, frame.Length, CrcStatus.Ok, true, telegram);
            Assert.AreEqual(FrameVerdict.Accepted, keyed.Judge(telegram));
            Assert.AreEqual(1, keyed.CountOf(FrameVerdict.PlaintextRefused));

            keyed.AllowPlaintext = true;
            TelegramParser.Parse(frame, frame.Length, CrcStatus.Ok, false, telegram);
            Assert.AreEqual(FrameVerdict.Accepted, keyed.Judge(telegram));
        }

        [TestMethod]
        public void BurstsOfSlashesAndBangsAreNoise()
        {
            var port = new FrameAcceptance();
            JudgeAll(port, "/!/!!//!\r\n!/\r\n/!\r\n!!!!////!\r\n/ABCDE\r\n!\r\n/ABCDE\r\n(1)\r\n(2)\r\n(3)\r\n!\r\n");
            Assert.IsTrue(port.Judged > 0);
            Assert.AreEqual(0, port.CountOf(FrameVerdict.Accepted));
            Assert.AreEqual(port.Judged, port.CountOf(FrameVerdict.BadHeader) + port.CountOf(FrameVerdict.TooFewLines)
                + port.CountOf(FrameVerdict.MostlyMalformed) + port.CountOf(FrameVerdict.BadCrc));
        }

        [TestMethod]
        public void VerdictsHaveDescriptions()
        {
            for (int v = 0; v < FrameVerdict.Count; v++)
            {
                Assert.IsTrue(FrameVerdict.Describe(v).Length > 0);
            }

            Assert.IsTrue(FrameVerdict.IsNoise(FrameVerdict.TooFewLines));
            Assert.IsFalse(FrameVerdict.IsNoise(FrameVerdict.BadCrc));
        }

        private static string WithCrc(string body)
        {
            byte[] bytes = Bytes.Of(body);
            int crc = Crc16Arc.Compute(bytes, 0, bytes.Length);
            return body + Bytes.ToHex(new byte[] { (byte)(crc >> 8), (byte)crc }, 0, 2).ToUpper() + "\r\n";
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class P1FramerTests
    {
        [TestMethod]
        public void WholeTelegramGivesOneFrameWithGoodCrc()
        {
            byte[] data = Bytes.Of(Telegrams.Dsmr5Am550);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            byte[] frame = sink.Frame(0);
            Assert.AreEqual((byte)'/', frame[0]);
            Assert.AreEqual((byte)'!', frame[frame.Length - 1]);
        }

        [TestMethod]
        public void OneByteAtATimeGivesTheSameFrame()
        {
            byte[] data = Bytes.Of(Telegrams.Dsmr5Am550);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            for (int i = 0; i < data.Length; i++)
            {
                decoder.Write(data, i, 1);
            }

            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.AreEqual(Telegrams.Dsmr5Am550.IndexOf('!') + 1, sink.Frame(0).Length);
        }

        [TestMethod]
        public void TelegramWithoutCrcIsCompletedByTheLineEnd()
        {
            byte[] data = Bytes.Of(Telegrams.Dsmr22Kamstrup);
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.None, (int)sink.Crc(0));
        }

        [TestMethod]
        public void BadCrcIsReportedAsBad()
        {
            byte[] data = Bytes.Of(Telegrams.KaifaBadCrc);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Bad, (int)sink.Crc(0));
            Assert.AreEqual(1, decoder.Framer.FramesBadCrc);
        }

        [TestMethod]
        public void DamagedCrcFieldIsABadCrcNotADialectWithoutOne()
        {
            // Only a line end (or the end of the stream) may follow '!' when there are no digits, or follow the digits.
            string text = Telegrams.Dsmr5Am550;
            string body = text.Substring(0, text.IndexOf('!') + 1);
            string[] fields = { "G3A4\r\n", "1F2G\r\n", " 1F28\r\n", "/" };
            for (int i = 0; i < fields.Length; i++)
            {
                byte[] data = Bytes.Of(body + fields[i]);
                var sink = new CollectingSink();
                var decoder = new P1StreamDecoder(sink);
                decoder.Write(data, 0, data.Length);
                decoder.EndOfStream();
                Assert.AreEqual(1, sink.Count);
                Assert.AreEqual((int)CrcStatus.Bad, (int)sink.Crc(0));
                Assert.AreEqual(1, decoder.Framer.FramesBadCrc);
                Assert.AreEqual(0, decoder.Framer.FramesWithoutCrc);
            }
        }

        [TestMethod]
        public void LowerCaseAndUnpaddedCrcDigitsAreAccepted()
        {
            string body = "/XYZ5\r\n\r\n1-0:1.8.0(000001.000*kWh)\r\n!";
            byte[] bodyBytes = Bytes.Of(body);
            int crc = Crc16Arc.Compute(bodyBytes, 0, bodyBytes.Length);
            string digits = Bytes.ToHex(new byte[] { (byte)(crc >> 8), (byte)crc }, 0, 2);
            int firstNonZero = 0;
            while (firstNonZero < 3 && digits[firstNonZero] == '0')
            {
                firstNonZero++;
            }

            byte[] data = Bytes.Of(body + digits.Substring(firstNonZero) + "\r\n");
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
        }

        [TestMethod]
        public void NewSlashBeforeBangDropsTheCutOffFrame()
        {
            string full = Telegrams.Dsmr5Am550;
            string cut = full.Substring(0, 200);
            byte[] data = Bytes.Of(cut + full);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.AreEqual(1, decoder.Framer.FramesTruncated);
        }

        [TestMethod]
        public void OverflowDiscardsTheFrameAndResyncsOnTheNextSlash()
        {
            byte[] data = Bytes.Of(Telegrams.Dsmr5Am550 + Telegrams.Dsmr22Kamstrup);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink, 600);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, decoder.Framer.Overflows);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((byte)'K', sink.Frame(0)[1]);
        }

        [TestMethod]
        public void SlashAndBangInsideAValueAreData()
        {
            string text = "/ISk5\\2MT382-1003\r\n\r\n0-0:96.13.0(see /help! now)\r\n1-0:1.8.1(00001.000*kWh)\r\n!\r\n";
            byte[] data = Bytes.Of(text);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual(0, decoder.Framer.FramesTruncated);
            Assert.AreEqual(text.IndexOf("\r\n!") + 3, sink.Frame(0).Length);
        }

        [TestMethod]
        public void SlashAfterAnUnclosedGroupOnANewLineStillResyncs()
        {
            string full = Telegrams.Dsmr5Am550;
            byte[] data = Bytes.Of("/ISK5\\2M550T-1011\r\n\r\n1-0:32.32.0(0\r\n" + full);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.AreEqual(1, decoder.Framer.FramesTruncated);
        }

        [TestMethod]
        public void NoiseBetweenFramesIsIgnored()
        {
            byte[] data = Bytes.Concat(Bytes.Concat(Bytes.Of("garbage!12\r\n"), new byte[2]), Bytes.Of(Telegrams.Dsmr5Am550 + "xx!!" + Telegrams.Dsmr5Am550));
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(data, 0, data.Length);
            Assert.AreEqual(2, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(1));
        }

        [TestMethod]
        public void BareLineFeedsAreFine()
        {
            string crlf = Telegrams.Dsmr22Kamstrup;
            char[] chars = new char[crlf.Length];
            int n = 0;
            for (int i = 0; i < crlf.Length; i++)
            {
                if (crlf[i] != '\r')
                {
                    chars[n++] = crlf[i];
                }
            }

            byte[] data = Bytes.Of(new string(chars, 0, n));
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(data, 0, data.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.None, (int)sink.Crc(0));
        }

        [TestMethod]
        public void EndOfStreamCompletesAFrameEndingInItsCrc()
        {
            string text = Telegrams.Dsmr22Kamstrup;
            byte[] data = Bytes.Of(text.Substring(0, text.IndexOf('!') + 1));
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            Assert.AreEqual(0, sink.Count);
            decoder.EndOfStream();
            Assert.AreEqual(1, sink.Count);
        }
    }
}

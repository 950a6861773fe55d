using nanoFramework.TestFramework;
using OpenAmi.Capture;
using OpenAmi.Crypto;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class TelegramCaptureTests
    {
        private static readonly byte[] Key = Bytes.Of("0123456789abcdef0123456789abcdef");

        // The Belgian telegram with a damaged CRC: one digit of the stated CRC changed.
        private static string BadCrc()
        {
            string t = Telegrams.FluviusThreeMonthPeaks;
            return t.Substring(0, t.Length - 3) + (t[t.Length - 3] == '7' ? "8" : "7") + "\r\n";
        }

        private static string Slot(MemoryCaptureStore store, int port, int slot)
        {
            byte[] buffer = new byte[TelegramCapture.MaxTelegramBytes + TelegramCapture.TrailerBytes];
            long sequence;
            int flags;
            int length = TelegramCapture.Check(buffer, store.Read(port, slot, buffer), out sequence, out flags);
            return length < 0 ? null : Bytes.Text(buffer, 0, length);
        }

        private static void Feed(TelegramCapture capture, string text, int chunk)
        {
            byte[] bytes = Bytes.Of(text);
            for (int i = 0; i < bytes.Length; i += chunk)
            {
                capture.Write(bytes, i, chunk < bytes.Length - i ? chunk : bytes.Length - i);
            }
        }

        [TestMethod]
        public void TheLastTelegramsAreKeptExactlyAsReceivedBadCrcIncludedInAnyChunking()
        {
            int[] chunks = { 1, 7, 64, 5000 };
            for (int c = 0; c < chunks.Length; c++)
            {
                var store = new MemoryCaptureStore(3);
                var capture = new TelegramCapture(store, 0);
                Feed(capture, "\u00ff\u00fe noise" + Telegrams.Dsmr5Am550 + "xx" + BadCrc() + Telegrams.Dsmr22Kamstrup + Telegrams.FluviusThreeMonthPeaks, chunks[c]);
                Assert.AreEqual(4, (int)capture.Captured);
                Assert.AreEqual(Telegrams.FluviusThreeMonthPeaks, Slot(store, 0, 0), "the fourth telegram took the oldest slot");
                Assert.AreEqual(BadCrc(), Slot(store, 0, 1), "the bad-CRC telegram, its CRC digits as sent");
                Assert.AreEqual(Telegrams.Dsmr22Kamstrup, Slot(store, 0, 2), "a telegram without CRC");
            }
        }

        [TestMethod]
        public void ACutOffTelegramIsKeptAsItCameAndATornSlotIsIgnored()
        {
            var store = new MemoryCaptureStore(4);
            var capture = new TelegramCapture(store, 1);
            string first = Telegrams.Dsmr5Am550.Substring(0, 300);
            Feed(capture, first + "\r\n" + Telegrams.Dsmr5Am550, 50);
            byte[] buffer = new byte[8192];
            long sequence;
            int flags;
            Assert.AreEqual(first.Length + 2, TelegramCapture.Check(buffer, store.Read(1, 0, buffer), out sequence, out flags));
            Assert.AreEqual(TelegramCapture.FlagCut, flags);
            Assert.AreEqual(Telegrams.Dsmr5Am550, Slot(store, 1, 1));

            store.Tear(1, 1, 3);
            Assert.IsNull(Slot(store, 1, 1), "a slot without its whole trailer is not a telegram");
        }

        [TestMethod]
        public void ACaptureGoesOnAfterARestartWhereTheLastOneStopped()
        {
            var store = new MemoryCaptureStore(3);
            Feed(new TelegramCapture(store, 0), Telegrams.Dsmr5Am550 + Telegrams.Dsmr5Am550, 100);
            var again = new TelegramCapture(store, 0);
            Feed(again, Telegrams.Dsmr22Kamstrup + Telegrams.Dsmr22Kamstrup, 100);
            Assert.AreEqual(Telegrams.Dsmr22Kamstrup, Slot(store, 0, 2));
            Assert.AreEqual(Telegrams.Dsmr22Kamstrup, Slot(store, 0, 0), "the ring went round to the oldest");
            Assert.AreEqual(Telegrams.Dsmr5Am550, Slot(store, 0, 1));
            Assert.AreEqual(4, store.Begins, "one slot write per telegram");
            Assert.AreEqual(4, store.Ends, "each closed with its trailer");
        }

        [TestMethod]
        public void RedactionReplacesIdsAndTextKeepsTheLengthAndEveryOtherByteAndTheCrcVerdict()
        {
            string[] telegrams = { Telegrams.FluviusThreeMonthPeaks, BadCrc(), Telegrams.Dsmr5Am550, Telegrams.Dsmr22Kamstrup };
            CrcStatus[] verdicts = { CrcStatus.Ok, CrcStatus.Bad, CrcStatus.Ok, CrcStatus.None };
            for (int i = 0; i < telegrams.Length; i++)
            {
                byte[] t = Bytes.Of(telegrams[i]);
                var redactor = new CaptureRedactor(Key, new SoftwareHmacSha256());
                redactor.Redact(t, t.Length);
                string redacted = Bytes.Text(t, 0, t.Length);
                Assert.AreEqual(telegrams[i].Length, redacted.Length);
                Assert.IsTrue(redactor.Replaced >= 2, "ids replaced: " + redactor.Replaced);
                Assert.IsTrue(redacted.IndexOf("0-0:96.1.1(" + Value(telegrams[i], "0-0:96.1.1(")) < 0, redacted);

                // Outside the replaced values every byte is the meter's: the CRC digits aside, lines differ only inside ids.
                string[] before = telegrams[i].Split('\n');
                string[] after = redacted.Split('\n');
                for (int l = 0; l < before.Length; l++)
                {
                    bool identity = before[l].IndexOf(":96.1.1(") > 0 || before[l].IndexOf(":96.1.0(") > 0 || before[l].IndexOf(":96.13.") > 0;
                    if (!identity && before[l].IndexOf('!') != 0)
                    {
                        Assert.AreEqual(before[l], after[l]);
                    }
                }

                Telegram parsed = Parsed.First(redacted);
                Assert.IsTrue(parsed.Crc == verdicts[i], "CRC verdict kept for telegram " + i);
            }
        }

        [TestMethod]
        public void OneMeterKeepsOnePseudonymAndAnotherKeyGivesAnother()
        {
            byte[] a = Bytes.Of(Telegrams.FluviusThreeMonthPeaks);
            byte[] b = Bytes.Of(Telegrams.FluviusThreeMonthPeaks);
            byte[] c = Bytes.Of(Telegrams.FluviusThreeMonthPeaks);
            new CaptureRedactor(Key, new SoftwareHmacSha256()).Redact(a, a.Length);
            new CaptureRedactor(Key, new SoftwareHmacSha256()).Redact(b, b.Length);
            new CaptureRedactor(Bytes.Of("another key of 32 bytes, really."), new SoftwareHmacSha256()).Redact(c, c.Length);
            string textA = Bytes.Text(a, 0, a.Length);
            Assert.AreEqual(textA, Bytes.Text(b, 0, b.Length), "exactly reproducible");
            Assert.IsFalse(Value(textA, "0-0:96.1.1(") == Value(Bytes.Text(c, 0, c.Length), "0-0:96.1.1("), "another key, another pseudonym");
        }

        [TestMethod]
        public void AnExportReadsBackAsTheSameTelegramsWithTheirVerdicts()
        {
            var store = new MemoryCaptureStore(5);
            Feed(new TelegramCapture(store, 0), Telegrams.FluviusThreeMonthPeaks + BadCrc() + Telegrams.FluviusThreeMonthPeaks, 33);
            Feed(new TelegramCapture(store, 1), Telegrams.Dsmr5Am550, 33);
            var export = new ExportBuffer();
            Assert.AreEqual(4, CaptureExport.Write(store, 2, Key, new SoftwareHmacSha256(), export));
            string text = export.Text();
            Assert.IsTrue(text.IndexOf("# Port 1: 3 telegram(s), 1 with a bad CRC, 0 cut off.") >= 0, text);
            Assert.IsTrue(text.IndexOf("# Port 2: 1 telegram(s), 0 with a bad CRC, 0 cut off.") >= 0, text);
            Assert.IsTrue(text.IndexOf("3153414733313031303231363035") < 0, "the Belgian meter's id is gone");

            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            byte[] bytes = Bytes.Of(text);
            decoder.Write(bytes, 0, bytes.Length);
            decoder.EndOfStream();
            Assert.AreEqual(4, sink.Count);
            Assert.IsTrue(sink.Crc(0) == CrcStatus.Ok && sink.Crc(1) == CrcStatus.Bad && sink.Crc(2) == CrcStatus.Ok && sink.Crc(3) == CrcStatus.Ok);

            var again = new ExportBuffer();
            CaptureExport.Write(store, 2, Key, new SoftwareHmacSha256(), again);
            Assert.AreEqual(text, again.Text(), "the same capture exports to the same bytes");
        }

        private static string Value(string telegram, string obis)
        {
            int at = telegram.IndexOf(obis) + obis.Length;
            return telegram.Substring(at, telegram.IndexOf(')', at) - at);
        }

        private sealed class ExportBuffer : ICaptureWriter
        {
            private byte[] _bytes = new byte[0];

            public void Write(byte[] data, int offset, int count)
            {
                byte[] all = new byte[_bytes.Length + count];
                System.Array.Copy(_bytes, all, _bytes.Length);
                System.Array.Copy(data, offset, all, _bytes.Length, count);
                _bytes = all;
            }

            public string Text()
            {
                return Bytes.Text(_bytes, 0, _bytes.Length);
            }
        }
    }
}

using nanoFramework.TestFramework;
using OpenAmi.Crypto;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class EncryptedStreamTests
    {
        private const string Key = "0123456789abcdef0123456789abcdef";
        private const string Aad = "3000112233445566778899aabbccddeeff";

        // A general-global-ciphering APDU around the DSMR 5 test telegram: 0xDB, system title, length, 0x30, counter.
        internal static byte[] MakeFrame(string plainText, string aadHex)
        {
            byte[] plain = Bytes.Of(plainText);
            int body = 1 + 4 + plain.Length + 12;
            byte[] frame = new byte[13 + body];
            frame[0] = 0xDB;
            frame[1] = 0x08;
            byte[] title = Bytes.Of("SAG12345");
            System.Array.Copy(title, 0, frame, 2, 8);
            frame[10] = 0x82;
            frame[11] = (byte)(body >> 8);
            frame[12] = (byte)body;
            frame[13] = 0x30;
            frame[14] = 0x00;
            frame[15] = 0x01;
            frame[16] = 0x02;
            frame[17] = 0x03;
            System.Array.Copy(plain, 0, frame, 18, plain.Length);
            byte[] iv = new byte[12];
            System.Array.Copy(frame, 2, iv, 0, 8);
            System.Array.Copy(frame, 14, iv, 8, 4);
            byte[] aad = aadHex == null ? null : Bytes.FromHex(aadHex);
            new AesGcm(new SoftwareAes128(Bytes.FromHex(Key))).EncryptInPlace(
                iv, 0, aad, 0, aad == null ? 0 : aad.Length, frame, 18, plain.Length, frame, 18 + plain.Length, 12);
            return frame;
        }

        private static P1StreamDecoder Decoder(CollectingSink sink, string aadHex)
        {
            var decoder = new P1StreamDecoder(sink);
            decoder.SetDecryption(new AesGcm(new SoftwareAes128(Bytes.FromHex(Key))), aadHex == null ? null : Bytes.FromHex(aadHex));
            return decoder;
        }

        [TestMethod]
        public void EncryptedFrameIsVerifiedDecryptedAndFramed()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] frame = MakeFrame(text.Substring(0, text.IndexOf('!') + 5), Aad);
            var sink = new CollectingSink();
            var decoder = Decoder(sink, Aad);
            decoder.Write(frame, 0, frame.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
            Assert.IsTrue(sink.WasEncrypted(0));
            Assert.AreEqual(1, decoder.EncryptedFramesOk);
        }

        [TestMethod]
        public void EncryptedFramesSurviveByteByByteFeeding()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] one = MakeFrame(text.Substring(0, text.IndexOf('!') + 5), null);
            byte[] stream = Bytes.Concat(Bytes.Concat(Bytes.Concat(new byte[2], Bytes.Of("noise")), one), one);
            var sink = new CollectingSink();
            var decoder = Decoder(sink, null);
            for (int i = 0; i < stream.Length; i++)
            {
                decoder.Write(stream, i, 1);
            }

            Assert.AreEqual(2, sink.Count);
            Assert.AreEqual(0, sink.RejectionCount);
        }

        [TestMethod]
        public void AnyFlippedByteIsRejectedAndNothingIsParsed()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] good = MakeFrame(text.Substring(0, text.IndexOf('!') + 5), Aad);
            for (int position = 18; position < good.Length; position += 97)
            {
                byte[] bad = new byte[good.Length];
                System.Array.Copy(good, bad, good.Length);
                bad[position] ^= 0x40;
                var sink = new CollectingSink();
                Decoder(sink, Aad).Write(bad, 0, bad.Length);
                Assert.AreEqual(0, sink.Count, "no frame may come out of a forged APDU");
                Assert.AreEqual(1, sink.RejectionCount);
                Assert.AreEqual(DlmsStatus.TagMismatch, sink.Rejection(0));
            }
        }

        [TestMethod]
        public void WrongAadIsATagMismatch()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] frame = MakeFrame(text.Substring(0, text.IndexOf('!') + 5), Aad);
            var sink = new CollectingSink();
            Decoder(sink, null).Write(frame, 0, frame.Length);
            Assert.AreEqual(0, sink.Count);
            Assert.AreEqual(DlmsStatus.TagMismatch, sink.Rejection(0));
        }

        [TestMethod]
        public void EncryptedFrameWithoutKeyIsReported()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] frame = MakeFrame(text.Substring(0, text.IndexOf('!') + 5), Aad);
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(frame, 0, frame.Length);
            Assert.AreEqual(0, sink.Count);
            Assert.AreEqual(DlmsStatus.NoKey, sink.Rejection(0));
        }

        [TestMethod]
        public void PlainTelegramAfterAStrayTagByteStillFrames()
        {
            byte[] stream = Bytes.Concat(new byte[] { 0xDB, 0x01 }, Bytes.Of(Telegrams.Dsmr5Am550));
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(stream, 0, stream.Length);
            Assert.AreEqual(1, sink.Count);
            Assert.AreEqual((int)CrcStatus.Ok, (int)sink.Crc(0));
        }
    }
}

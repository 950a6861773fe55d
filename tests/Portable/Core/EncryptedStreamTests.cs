using nanoFramework.TestFramework;
using OpenAmi.Crypto;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class EncryptedStreamTests
    {
        private const string Key = GcmFrames.Key;
        private const string Aad = "3000112233445566778899aabbccddeeff";

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
            byte[] frame = GcmFrames.Make(text.Substring(0, text.IndexOf('!') + 5), Aad);
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
            byte[] one = GcmFrames.Make(text.Substring(0, text.IndexOf('!') + 5), null);
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
            byte[] good = GcmFrames.Make(text.Substring(0, text.IndexOf('!') + 5), Aad);
            for (int position = 18; position < good.Length; position += 97)
            {
                byte[] bad = new byte[good.Length];
                System.Array.Copy(good, bad, good.Length);
                bad[position] ^= 0x40;
                var sink = new CollectingSink();
                Decoder(sink, Aad).Write(bad, 0, bad.Length);
                Assert.AreEqual(0, sink.Count, "no frame may come out of a forged APDU");
                Assert.AreEqual(1, sink.RejectionCount);
                Assert.AreEqual((int)DlmsStatus.TagMismatch, (int)sink.Rejection(0));
            }
        }

        [TestMethod]
        public void WrongAadIsATagMismatch()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] frame = GcmFrames.Make(text.Substring(0, text.IndexOf('!') + 5), Aad);
            var sink = new CollectingSink();
            Decoder(sink, null).Write(frame, 0, frame.Length);
            Assert.AreEqual(0, sink.Count);
            Assert.AreEqual((int)DlmsStatus.TagMismatch, (int)sink.Rejection(0));
        }

        [TestMethod]
        public void EncryptedFrameWithoutKeyIsReported()
        {
            string text = Telegrams.Dsmr5Am550;
            byte[] frame = GcmFrames.Make(text.Substring(0, text.IndexOf('!') + 5), Aad);
            var sink = new CollectingSink();
            new P1StreamDecoder(sink).Write(frame, 0, frame.Length);
            Assert.AreEqual(0, sink.Count);
            Assert.AreEqual((int)DlmsStatus.NoKey, (int)sink.Rejection(0));
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

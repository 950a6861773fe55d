using nanoFramework.TestFramework;
using OpenAmi.Crypto;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class AesGcmTests
    {
        private const string NistKey = "feffe9928665731c6d6a8f9467308308";
        private const string NistIv = "cafebabefacedbaddecaf888";
        private const string NistPlain =
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

        private const string NistCipher =
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";

        private const string NistAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        private const string NistTag = "5bc94fbc3221a5db94fae95ae7121a47";

        [TestMethod]
        public void SoftwareAesMatchesFips197()
        {
            var aes = new SoftwareAes128(Bytes.FromHex("000102030405060708090a0b0c0d0e0f"));
            byte[] output = new byte[16];
            aes.EncryptBlock(Bytes.FromHex("00112233445566778899aabbccddeeff"), output);
            Assert.AreEqual("69c4e0d86a7b0430d8cdb78070b4c55a", Bytes.ToHex(output, 0, 16));
        }

        [TestMethod]
        public void DecryptsNistTestCase4()
        {
            var gcm = new AesGcm(new SoftwareAes128(Bytes.FromHex(NistKey)));
            byte[] data = Bytes.FromHex(NistCipher);
            byte[] tag = Bytes.FromHex(NistTag);
            byte[] aad = Bytes.FromHex(NistAad);
            Assert.IsTrue(gcm.DecryptInPlace(Bytes.FromHex(NistIv), 0, aad, 0, aad.Length, data, 0, data.Length, tag, 0, 16));
            Assert.AreEqual(NistPlain, Bytes.ToHex(data, 0, data.Length));
        }

        [TestMethod]
        public void TruncatedTwelveByteTagVerifies()
        {
            var gcm = new AesGcm(new SoftwareAes128(Bytes.FromHex(NistKey)));
            byte[] data = Bytes.FromHex(NistCipher);
            byte[] tag = Bytes.FromHex(NistTag);
            byte[] aad = Bytes.FromHex(NistAad);
            Assert.IsTrue(gcm.DecryptInPlace(Bytes.FromHex(NistIv), 0, aad, 0, aad.Length, data, 0, data.Length, tag, 0, 12));
        }

        [TestMethod]
        public void EncryptsNistTestCase4()
        {
            var gcm = new AesGcm(new SoftwareAes128(Bytes.FromHex(NistKey)));
            byte[] data = Bytes.FromHex(NistPlain);
            byte[] aad = Bytes.FromHex(NistAad);
            byte[] tag = new byte[16];
            gcm.EncryptInPlace(Bytes.FromHex(NistIv), 0, aad, 0, aad.Length, data, 0, data.Length, tag, 0, 16);
            Assert.AreEqual(NistCipher, Bytes.ToHex(data, 0, data.Length));
            Assert.AreEqual(NistTag, Bytes.ToHex(tag, 0, 16));
        }

        [TestMethod]
        public void WrongTagLeavesTheCiphertextUntouched()
        {
            var gcm = new AesGcm(new SoftwareAes128(Bytes.FromHex(NistKey)));
            byte[] data = Bytes.FromHex(NistCipher);
            byte[] tag = Bytes.FromHex(NistTag);
            tag[11] ^= 1;
            byte[] aad = Bytes.FromHex(NistAad);
            Assert.IsFalse(gcm.DecryptInPlace(Bytes.FromHex(NistIv), 0, aad, 0, aad.Length, data, 0, data.Length, tag, 0, 12));
            Assert.AreEqual(NistCipher, Bytes.ToHex(data, 0, data.Length));
        }

        [TestMethod]
        public void WrongAadFailsTheTag()
        {
            var gcm = new AesGcm(new SoftwareAes128(Bytes.FromHex(NistKey)));
            byte[] data = Bytes.FromHex(NistCipher);
            byte[] tag = Bytes.FromHex(NistTag);
            Assert.IsFalse(gcm.DecryptInPlace(Bytes.FromHex(NistIv), 0, null, 0, 0, data, 0, data.Length, tag, 0, 12));
        }
    }
}

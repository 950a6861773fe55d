using OpenAmi.Crypto;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Encrypted P1 frames for the tests, made with the same GCM code the gateway checks them with.</summary>
    public static class GcmFrames
    {
        /// <summary>The AES-128 key of every frame made here.</summary>
        public const string Key = "0123456789abcdef0123456789abcdef";

        // A general-global-ciphering APDU around the DSMR 5 test telegram: 0xDB, system title, length, 0x30, counter.
        public static byte[] Make(string plainText, string aadHex)
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
    }
}

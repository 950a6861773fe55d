// nanoFramework.System.Security.Cryptography 1.0.43 (assembly nanoFramework.System.Security.Cryptography).
// Source: nanoframework/System.Security.Cryptography tag v1.0.43, System.Security.Cryptography/Aes.cs, CipherMode.cs,
// HMACSHA256.cs. HMACSHA256(byte[] key) keeps the caller's array and Dispose() zeroes it: the firmware calls HashData.
// Only what Hardware/NativeAes128.cs, NativeHmacSha256.cs and NativeCrypto.cs call.
namespace System.Security.Cryptography
{
    public enum CipherMode { None = 0, CBC = 1, ECB = 2 }

    public class Aes
    {
        public Aes(CipherMode mode) { throw null; }

        public CipherMode Mode { get { throw null; } set { throw null; } }

        public byte[] Key { get { throw null; } set { throw null; } }

        public byte[] Encrypt(byte[] data) { throw null; }

        public byte[] Decrypt(byte[] data) { throw null; }
    }

    public class HMACSHA256 : IDisposable
    {
        public HMACSHA256(byte[] key) { throw null; }

        public byte[] ComputeHash(byte[] buffer) { throw null; }

        public static byte[] HashData(byte[] key, byte[] source) { throw null; }

        public void Dispose() { throw null; }
    }
}

using CoreGcm = OpenAmi.Crypto.AesGcm;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Tests.Portable;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>The core's GCM and the test AES agree with the BCL on random inputs.</summary>
public class AesGcmInteropTests
{
    [Fact]
    public void CoreGcmMatchesTheBclOnRandomInputs()
    {
        var random = new Random(7);
        for (int run = 0; run < 300; run++)
        {
            byte[] key = RandomBytes(random, 16);
            byte[] iv = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, random.Next(0, 40));
            byte[] plain = RandomBytes(random, random.Next(0, 300));

            byte[] expectedCipher = new byte[plain.Length];
            byte[] expectedTag = new byte[16];
            using (var bcl = new System.Security.Cryptography.AesGcm(key, 16))
            {
                bcl.Encrypt(iv, plain, expectedCipher, expectedTag, aad);
            }

            var gcm = new CoreGcm(new BclAesBlockCipher(key));
            byte[] data = (byte[])plain.Clone();
            byte[] tag = new byte[16];
            gcm.EncryptInPlace(iv, 0, aad, 0, aad.Length, data, 0, data.Length, tag, 0, 16);
            Assert.Equal(expectedCipher, data);
            Assert.Equal(expectedTag, tag);

            Assert.True(gcm.DecryptInPlace(iv, 0, aad, 0, aad.Length, data, 0, data.Length, expectedTag, 0, 12));
            Assert.Equal(plain, data);
        }
    }

    [Fact]
    public void SoftwareAesUsedOnNanoClrMatchesTheBcl()
    {
        var random = new Random(11);
        byte[] output = new byte[16];
        for (int run = 0; run < 200; run++)
        {
            byte[] key = RandomBytes(random, 16);
            byte[] block = RandomBytes(random, 16);
            new SoftwareAes128(key).EncryptBlock(block, output);
            var bcl = new BclAesBlockCipher(key);
            byte[] expected = new byte[16];
            bcl.EncryptBlock(block, expected);
            Assert.Equal(expected, output);
        }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        byte[] b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}

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

    [Fact]
    public void ManyBlocksAtOnceMatchTheBclOnEveryEngine()
    {
        var random = new Random(13);
        for (int run = 0; run < 100; run++)
        {
            byte[] key = RandomBytes(random, 16);
            int blocks = random.Next(1, 70);
            int offset = random.Next(0, 5);
            byte[] data = RandomBytes(random, offset + (16 * blocks) + 3);
            byte[] expected = (byte[])data.Clone();
            using (var aes = System.Security.Cryptography.Aes.Create())
            {
                aes.Key = key;
                aes.EncryptEcb(data.AsSpan(offset, 16 * blocks), expected.AsSpan(offset, 16 * blocks), System.Security.Cryptography.PaddingMode.None);
            }

            byte[] software = (byte[])data.Clone();
            new SoftwareAes128(key).EncryptBlocks(software, offset, 16 * blocks);
            Assert.Equal(expected, software);
            byte[] bcl = (byte[])data.Clone();
            new BclAesBlockCipher(key).EncryptBlocks(bcl, offset, 16 * blocks);
            Assert.Equal(expected, bcl);
        }
    }

    [Fact]
    public void DesktopNativeGcmOpensWhatTheCoreGcmOpensAndRefusesWhatItRefuses()
    {
        var random = new Random(17);
        for (int run = 0; run < 300; run++)
        {
            byte[] key = RandomBytes(random, 16);
            byte[] iv = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, random.Next(0, 40));
            byte[] plain = RandomBytes(random, random.Next(0, 2000));
            var core = new CoreGcm(new SoftwareAes128(key));
            byte[] cipher = (byte[])plain.Clone();
            byte[] tag = new byte[12];
            core.EncryptInPlace(iv, 0, aad, 0, aad.Length, cipher, 0, cipher.Length, tag, 0, 12);
            bool forge = run % 3 == 0 && cipher.Length > 0;
            if (forge)
            {
                cipher[random.Next(cipher.Length)] ^= (byte)(1 + random.Next(255));
            }

            byte[] byCore = (byte[])cipher.Clone();
            byte[] byBcl = (byte[])cipher.Clone();
            bool coreOpened = core.DecryptInPlace(iv, 0, aad, 0, aad.Length, byCore, 0, byCore.Length, tag, 0, 12);
            using var bclGcm = new BclAesGcm(key);
            bool bclOpened = bclGcm.DecryptInPlace(iv, 0, aad, 0, aad.Length, byBcl, 0, byBcl.Length, tag, 0, 12);
            Assert.Equal(!forge, coreOpened);
            Assert.Equal(coreOpened, bclOpened);
            if (!forge)
            {
                Assert.Equal(plain, byCore);
                Assert.Equal(plain, byBcl);
            }
        }
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        byte[] b = new byte[n];
        random.NextBytes(b);
        return b;
    }
}

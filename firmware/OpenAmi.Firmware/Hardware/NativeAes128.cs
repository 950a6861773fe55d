using System;
using System.Security.Cryptography;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// AES-128 by the ESP32's native engine (nanoFramework.System.Security.Cryptography, AES-ECB over mbedTLS) behind
    /// the core's <see cref="IBlockCipher"/>: GCM hands it a run of counter blocks, which is encrypted in one call.
    /// </summary>
    /// <remarks>
    /// The package's Encrypt returns a new array: one allocation per call, the price of the native engine (about
    /// a hundred times faster than the managed AES on the interpreter). A frame of 1.5 KB takes six calls of 256 B.
    /// </remarks>
    public sealed class NativeAes128 : IBlockCipher
    {
        private readonly Aes _aes;
        private readonly byte[] _block = new byte[16];

        public NativeAes128(byte[] key)
        {
            _aes = new Aes(CipherMode.ECB);
            byte[] own = new byte[key.Length];
            Array.Copy(key, own, key.Length);
            _aes.Key = own;
        }

        public void EncryptBlock(byte[] input, byte[] output)
        {
            Array.Copy(input, 0, _block, 0, 16);
            byte[] encrypted = _aes.Encrypt(_block);
            Array.Copy(encrypted, 0, output, 0, 16);
        }

        public void EncryptBlocks(byte[] data, int offset, int length)
        {
            byte[] input = data;
            if (offset != 0 || length != data.Length)
            {
                input = new byte[length];
                Array.Copy(data, offset, input, 0, length);
            }

            byte[] encrypted = _aes.Encrypt(input);
            Array.Copy(encrypted, 0, data, offset, length);
        }
    }

    /// <summary>Makes <see cref="NativeAes128"/> engines (chosen at start when <see cref="NativeCrypto.Works"/>).</summary>
    public sealed class NativeAesFactory : IAesFactory
    {
        public IBlockCipher Create(byte[] key)
        {
            return new NativeAes128(key);
        }
    }
}

using System.Security.Cryptography;
using OpenAmi.Crypto;

namespace OpenAmi.Desktop.Crypto;

/// <summary>
/// The core's one-block cipher port on the BCL's AES (ECB, no padding). One transform is kept for the
/// instance's life, so a block costs no allocation.
/// </summary>
public sealed class BclAesBlockCipher : IBlockCipher, IDisposable
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;

    public BclAesBlockCipher(byte[] key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("an AES-128 key is 16 bytes (32 hex digits)", nameof(key));
        }

        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aes.Key = key;
        _encryptor = _aes.CreateEncryptor();
    }

    public void EncryptBlock(byte[] input, byte[] output)
    {
        _encryptor.TransformBlock(input, 0, 16, output, 0);
    }

    public void EncryptBlocks(byte[] data, int offset, int length)
    {
        _encryptor.TransformBlock(data, offset, length, data, offset);
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
    }
}

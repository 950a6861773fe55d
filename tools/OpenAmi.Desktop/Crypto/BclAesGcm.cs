using OpenAmi.Crypto;

namespace OpenAmi.Desktop.Crypto;

/// <summary>
/// The core's GCM port on the BCL's native AES-GCM, so a desktop gateway decrypts at native speed; the device uses
/// the core's own <see cref="OpenAmi.Crypto.AesGcm"/> over its AES-ECB engine. Tags of 12 bytes (what the meters
/// send) through 16 are accepted; a frame whose tag fails is never exposed (the BCL clears the buffer).
/// </summary>
public sealed class BclAesGcm : IGcmCipher, IDisposable
{
    private readonly System.Security.Cryptography.AesGcm?[] _byTagLength = new System.Security.Cryptography.AesGcm?[17];
    private readonly byte[] _key;

    public BclAesGcm(byte[] key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("an AES-128 key is 16 bytes (32 hex digits)", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    public bool DecryptInPlace(byte[] iv, int ivOffset, byte[] aad, int aadOffset, int aadLength, byte[] data, int offset, int length, byte[] tag, int tagOffset, int tagLength)
    {
        if (tagLength < 12 || tagLength > 16)
        {
            return false;
        }

        System.Security.Cryptography.AesGcm gcm = _byTagLength[tagLength] ??= new System.Security.Cryptography.AesGcm(_key, tagLength);
        try
        {
            Span<byte> text = data.AsSpan(offset, length);
            gcm.Decrypt(iv.AsSpan(ivOffset, 12), text, tag.AsSpan(tagOffset, tagLength), text, aad == null ? ReadOnlySpan<byte>.Empty : aad.AsSpan(aadOffset, aadLength));
            return true;
        }
        catch (System.Security.Cryptography.AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var gcm in _byTagLength)
        {
            gcm?.Dispose();
        }
    }
}

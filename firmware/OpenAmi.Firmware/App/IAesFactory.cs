using OpenAmi.Crypto;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// Makes the AES-128 engine for a meter key: the platform's native one where the firmware image has it
    /// (Hardware/NativeAes128.cs), else the core's managed one.
    /// </summary>
    public interface IAesFactory
    {
        IBlockCipher Create(byte[] key);
    }

    /// <summary>The core's managed AES: the fallback for images built without the native cryptography.</summary>
    public sealed class ManagedAesFactory : IAesFactory
    {
        public IBlockCipher Create(byte[] key)
        {
            return new SoftwareAes128(key);
        }
    }
}

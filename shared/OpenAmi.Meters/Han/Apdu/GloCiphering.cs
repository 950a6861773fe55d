using OpenAmi.Crypto;
using OpenAmi.P1.Dlms;

namespace OpenAmi.Han.Apdu
{
    /// <summary>
    /// Opens a DLMS general-glo-ciphering APDU (tag 0xDB) in place:
    /// <c>DB | 08 | system title (8) | length (BER) | security control | invocation counter (4) | ciphertext | tag?</c>.
    /// IV = system title ‖ invocation counter. With security control 0x30 (encrypted and authenticated) the 12-byte
    /// GCM tag over AAD = SC ‖ authentication key is verified before a byte is decrypted. With 0x20 (encrypted
    /// only, as Austrian meters send) there is no tag: such frames are accepted only where no authentication key is
    /// configured, so a meter that authenticates cannot be downgraded by a forged frame.
    /// </summary>
    public sealed class GloCiphering
    {
        public const byte Tag = 0xDB;

        private const int TagLength = 12;
        private const int SystemTitleLength = 8;
        private const int AuthenticatedBit = 0x10;
        private const int EncryptedBit = 0x20;

        private const int KeystreamBlocks = 4;

        private readonly byte[] _iv = new byte[12];
        private readonly byte[] _keystream = new byte[KeystreamBlocks * 16];
        private IGcmCipher _gcm;
        private IBlockCipher _counterMode;
        private byte[] _aad;

        /// <summary>Offset of the plaintext after a successful <see cref="Open"/>.</summary>
        public int PlaintextOffset { get; private set; }

        /// <summary>Length of the plaintext after a successful <see cref="Open"/>.</summary>
        public int PlaintextLength { get; private set; }

        /// <summary>The security control byte of the last APDU.</summary>
        public int SecurityControl { get; private set; }

        /// <summary>The invocation counter of the last APDU; meters count it up per push.</summary>
        public long InvocationCounter { get; private set; }

        /// <summary>Offset of the 8-byte system title of the last APDU (its first 3 bytes name the maker: "KFM", "LGZ").</summary>
        public int SystemTitleOffset { get; private set; }

        /// <summary>True when a key is set.</summary>
        public bool HasKey
        {
            get { return _gcm != null; }
        }

        /// <summary>
        /// Sets the meter's key as a GCM decryptor and as a block cipher for counter mode (null refuses pushes
        /// without a tag), and the AAD (SC ‖ authentication key), or null for none. Without an AAD, encrypted-only
        /// pushes are accepted and authenticated ones cannot be verified.
        /// </summary>
        public void SetKey(IGcmCipher gcm, IBlockCipher counterMode, byte[] aad)
        {
            _gcm = gcm;
            _counterMode = counterMode;
            _aad = aad;
        }

        /// <summary>Decrypts the APDU at [offset, offset+count) in place; returns its <see cref="DlmsStatus"/>.</summary>
        public DlmsStatus Open(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            if (count < 2 + SystemTitleLength + 1 + 5 || buffer[offset] != Tag || buffer[offset + 1] != SystemTitleLength)
            {
                return DlmsStatus.Malformed;
            }

            SystemTitleOffset = offset + 2;
            int pos = offset + 2 + SystemTitleLength;
            int length = Ber.ReadLength(buffer, ref pos, end);
            if (length < 5 || length > end - pos)
            {
                return DlmsStatus.Malformed;
            }

            int sc = buffer[pos];
            SecurityControl = sc;
            InvocationCounter = ((long)buffer[pos + 1] << 24) | ((long)buffer[pos + 2] << 16)
                | ((long)buffer[pos + 3] << 8) | buffer[pos + 4];
            int cipher = pos + 5;
            int cipherLength = length - 5;
            if (_gcm == null)
            {
                return DlmsStatus.NoKey;
            }

            if ((sc & EncryptedBit) == 0)
            {
                return DlmsStatus.Malformed;
            }

            System.Array.Copy(buffer, SystemTitleOffset, _iv, 0, SystemTitleLength);
            System.Array.Copy(buffer, pos + 1, _iv, SystemTitleLength, 4);
            if ((sc & AuthenticatedBit) != 0)
            {
                cipherLength -= TagLength;
                if (cipherLength < 0 || _aad == null)
                {
                    return cipherLength < 0 ? DlmsStatus.Malformed : DlmsStatus.TagMismatch;
                }

                if (!_gcm.DecryptInPlace(_iv, 0, _aad, 0, _aad.Length, buffer, cipher, cipherLength, buffer, cipher + cipherLength, TagLength))
                {
                    return DlmsStatus.TagMismatch;
                }
            }
            else
            {
                if (_aad != null || _counterMode == null)
                {
                    return DlmsStatus.Unauthenticated;
                }

                ApplyCounterMode(buffer, cipher, cipherLength);
            }

            PlaintextOffset = cipher;
            PlaintextLength = cipherLength;
            return DlmsStatus.Decrypted;
        }

        // No tag to verify: GCM's counter mode alone, counter blocks IV ‖ 2, 3, ... as GCM numbers them.
        private void ApplyCounterMode(byte[] data, int offset, int length)
        {
            byte[] keystream = _keystream;
            int block = 2;
            int end = offset + length;
            for (int pos = offset; pos < end; pos += keystream.Length)
            {
                int take = end - pos < keystream.Length ? end - pos : keystream.Length;
                int blocks = (take + 15) / 16;
                for (int b = 0; b < blocks; b++)
                {
                    int at = b * 16;
                    System.Array.Copy(_iv, 0, keystream, at, 12);
                    int counter = block++;
                    keystream[at + 12] = (byte)(counter >> 24);
                    keystream[at + 13] = (byte)(counter >> 16);
                    keystream[at + 14] = (byte)(counter >> 8);
                    keystream[at + 15] = (byte)counter;
                }

                _counterMode.EncryptBlocks(keystream, 0, blocks * 16);
                for (int i = 0; i < take; i++)
                {
                    data[pos + i] ^= keystream[i];
                }
            }
        }
    }
}

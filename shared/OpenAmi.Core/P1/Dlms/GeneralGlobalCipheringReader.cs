using OpenAmi.Crypto;
using OpenAmi.P1.Framing;

namespace OpenAmi.P1.Dlms
{
    /// <summary>
    /// Collects a DLMS general-global-ciphering APDU from a byte stream and opens it:
    /// <c>0xDB | 0x08 | system title (8) | length (BER) | security control | invocation counter (4) | ciphertext | tag (12)</c>.
    /// The IV is system title ‖ invocation counter. The tag is verified before the plaintext is exposed.
    /// </summary>
    public sealed class GeneralGlobalCipheringReader
    {
        /// <summary>First byte of the APDU.</summary>
        public const byte Tag = 0xDB;

        /// <summary>Length of the GCM tag these meters send.</summary>
        public const int TagLength = 12;

        private const int SystemTitleLength = 8;
        private const int SystemTitleOffset = 2;
        private const int LengthOffset = 10;
        private const int AuthenticationBit = 0x10;

        private const int StateIdle = 0;
        private const int StateHeader = 1;
        private const int StateBody = 2;

        private readonly byte[] _frame;
        private readonly byte[] _iv = new byte[12];
        private int _length;
        private int _state;
        private int _bodyStart;
        private int _bodyLength;

        /// <summary>Creates a reader for APDUs of at most <paramref name="capacity"/> bytes.</summary>
        public GeneralGlobalCipheringReader(int capacity) : this(new byte[capacity])
        {
        }

        /// <summary>
        /// Creates a reader that collects APDUs in <paramref name="buffer"/>, which it may share with a framer that is
        /// idle while an APDU is collected (see <see cref="P1StreamDecoder"/>).
        /// </summary>
        public GeneralGlobalCipheringReader(byte[] buffer)
        {
            _frame = buffer;
        }

        /// <summary>True while an APDU is being collected.</summary>
        public bool IsActive
        {
            get { return _state != StateIdle; }
        }

        /// <summary>True right after <see cref="Feed"/> collected a whole APDU.</summary>
        public bool Complete { get; private set; }

        /// <summary>The status of the last finished APDU (see <see cref="DlmsStatus"/>), set by Feed or Open.</summary>
        public DlmsStatus LastStatus { get; private set; }

        /// <summary>The buffer holding the APDU; after a successful <see cref="Open"/> it holds the plaintext.</summary>
        public byte[] Buffer
        {
            get { return _frame; }
        }

        /// <summary>Offset of the plaintext in <see cref="Buffer"/> after <see cref="Open"/>.</summary>
        public int PlaintextOffset
        {
            get { return _bodyStart + 5; }
        }

        /// <summary>Length of the plaintext (or ciphertext) in <see cref="Buffer"/>.</summary>
        public int PlaintextLength
        {
            get { return _bodyLength - 5 - TagLength; }
        }

        /// <summary>The invocation (frame) counter of the last complete APDU; meters count it up per frame.</summary>
        public long InvocationCounter { get; private set; }

        /// <summary>Starts collecting; the caller has seen <see cref="Tag"/> at the current position.</summary>
        public void Begin()
        {
            _state = StateHeader;
            _length = 0;
            Complete = false;
        }

        /// <summary>
        /// Takes bytes of the APDU being collected. Returns how many were consumed; stops after the last byte of
        /// the APDU (then <see cref="Complete"/> is true) or before a byte that shows the header is not an APDU
        /// (then the reader is idle again with <see cref="LastStatus"/> Malformed or TooLong).
        /// </summary>
        public int Feed(byte[] data, int offset, int count)
        {
            Complete = false;
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                if (_state == StateBody)
                {
                    int need = _bodyStart + _bodyLength - _length;
                    int take = end - i < need ? end - i : need;
                    System.Array.Copy(data, i, _frame, _length, take);
                    _length += take;
                    i += take;
                    if (_length == _bodyStart + _bodyLength)
                    {
                        _state = StateIdle;
                        Complete = true;
                        return i - offset;
                    }

                    continue;
                }

                byte b = data[i];
                _frame[_length++] = b;
                int header = CheckHeader();
                if (header < 0)
                {
                    // Not an APDU after all: give the byte back, it may start a plain telegram.
                    _state = StateIdle;
                    return i - offset;
                }

                i++;
                if (header > 0)
                {
                    _bodyStart = _length;
                    _bodyLength = header;
                    _state = StateBody;
                }
            }

            return i - offset;
        }

        /// <summary>
        /// Verifies and decrypts the collected APDU in place. Returns a <see cref="DlmsStatus"/>; on
        /// <see cref="DlmsStatus.Decrypted"/> the plaintext is at <see cref="PlaintextOffset"/>.
        /// </summary>
        public DlmsStatus Open(IGcmCipher gcm, byte[] aad)
        {
            byte[] f = _frame;
            int sc = f[_bodyStart];
            InvocationCounter = ((long)f[_bodyStart + 1] << 24) | ((long)f[_bodyStart + 2] << 16)
                | ((long)f[_bodyStart + 3] << 8) | f[_bodyStart + 4];

            if (gcm == null)
            {
                LastStatus = DlmsStatus.NoKey;
                return LastStatus;
            }

            if ((sc & AuthenticationBit) == 0)
            {
                LastStatus = DlmsStatus.Unauthenticated;
                return LastStatus;
            }

            for (int i = 0; i < SystemTitleLength; i++)
            {
                _iv[i] = f[SystemTitleOffset + i];
            }

            for (int i = 0; i < 4; i++)
            {
                _iv[SystemTitleLength + i] = f[_bodyStart + 1 + i];
            }

            int cipherLength = PlaintextLength;
            bool ok = gcm.DecryptInPlace(
                _iv, 0,
                aad, 0, aad == null ? 0 : aad.Length,
                f, PlaintextOffset, cipherLength,
                f, PlaintextOffset + cipherLength, TagLength);
            LastStatus = ok ? DlmsStatus.Decrypted : DlmsStatus.TagMismatch;
            return LastStatus;
        }

        /// <summary>Drops a partial APDU.</summary>
        public void Reset()
        {
            _state = StateIdle;
            _length = 0;
            Complete = false;
        }

        // After each header byte: -1 not an APDU, 0 need more, >0 the body length.
        private int CheckHeader()
        {
            int n = _length;
            byte[] f = _frame;
            if (n == 2 && f[1] != SystemTitleLength)
            {
                LastStatus = DlmsStatus.Malformed;
                return -1;
            }

            if (n <= LengthOffset)
            {
                return 0;
            }

            int first = f[LengthOffset];
            int body;
            if (first < 0x80)
            {
                body = first;
            }
            else if (first == 0x81)
            {
                if (n < LengthOffset + 2)
                {
                    return 0;
                }

                body = f[LengthOffset + 1];
            }
            else if (first == 0x82)
            {
                if (n < LengthOffset + 3)
                {
                    return 0;
                }

                body = (f[LengthOffset + 1] << 8) | f[LengthOffset + 2];
            }
            else
            {
                LastStatus = DlmsStatus.Malformed;
                return -1;
            }

            if (body < 5 + TagLength)
            {
                LastStatus = DlmsStatus.Malformed;
                return -1;
            }

            if (n + body > f.Length)
            {
                LastStatus = DlmsStatus.TooLong;
                return -1;
            }

            return body;
        }
    }
}

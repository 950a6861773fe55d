using OpenAmi.Crypto;
using OpenAmi.P1.Dlms;

namespace OpenAmi.P1.Framing
{
    /// <summary>
    /// Turns a raw P1 byte stream into frames: plain telegrams go straight to the <see cref="P1Framer"/>;
    /// DLMS general-global-ciphering frames (Luxembourg, Austria) are collected, their GCM tag verified, and the
    /// plaintext fed through the same framer. Between frames the stream is scanned for '/' or 0xDB.
    /// </summary>
    /// <remarks>
    /// The APDU is collected in the framer's own buffer (the framer is idle meanwhile), decrypted in place, and its
    /// plaintext framed in place: the framer writes each byte at or before the position it reads it from, so one
    /// buffer serves both, which on the device saves a second frame-sized buffer per port.
    /// </remarks>
    public sealed class P1StreamDecoder
    {
        private readonly P1Framer _framer;
        private readonly GeneralGlobalCipheringReader _dlms;
        private readonly IP1FrameSink _sink;
        private IGcmCipher _gcm;
        private byte[] _aad;

        /// <summary>Creates a decoder with the default 4 KiB frame bound.</summary>
        public P1StreamDecoder(IP1FrameSink sink) : this(sink, P1Framer.DefaultCapacity)
        {
        }

        /// <summary>Creates a decoder whose telegrams may be at most <paramref name="capacity"/> bytes.</summary>
        public P1StreamDecoder(IP1FrameSink sink, int capacity)
        {
            _sink = sink;
            _framer = new P1Framer(capacity);
            _dlms = new GeneralGlobalCipheringReader(_framer.Buffer);
        }

        /// <summary>The framer, for its counters.</summary>
        public P1Framer Framer
        {
            get { return _framer; }
        }

        /// <summary>Encrypted frames opened and verified.</summary>
        public int EncryptedFramesOk { get; private set; }

        /// <summary>Encrypted frames rejected (no key, bad tag, unauthenticated, too long).</summary>
        public int EncryptedFramesRejected { get; private set; }

        /// <summary>
        /// Enables decryption with <paramref name="gcm"/> (keyed with the meter's encryption key) and the AAD the
        /// meter authenticates (security control byte ‖ authentication key), or null for none.
        /// </summary>
        public void SetDecryption(IGcmCipher gcm, byte[] aad)
        {
            _gcm = gcm;
            _aad = aad;
        }

        /// <summary>Feeds stream bytes; complete frames go to the sink before this returns.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            int i = offset;
            int end = offset + count;
            P1Framer framer = _framer;
            while (i < end)
            {
                if (_dlms.IsActive)
                {
                    i += _dlms.Feed(data, i, end - i);
                    if (_dlms.Complete)
                    {
                        OpenEncrypted();
                    }
                    else if (!_dlms.IsActive && _dlms.LastStatus == DlmsStatus.TooLong)
                    {
                        Reject(DlmsStatus.TooLong);
                    }

                    continue;
                }

                if (framer.IsIdle)
                {
                    // Between frames: skip noise up to the next start of a plain or an encrypted frame.
                    byte b = data[i];
                    if (b == GeneralGlobalCipheringReader.Tag)
                    {
                        _dlms.Begin();
                        continue;
                    }

                    if (b != (byte)'/')
                    {
                        i++;
                        continue;
                    }
                }

                i += framer.Feed(data, i, end - i);
                if (framer.FrameReady)
                {
                    _sink.OnFrame(framer.Buffer, framer.FrameLength, framer.FrameCrc, false);
                }
            }
        }

        /// <summary>Ends the stream: a frame still waiting for CRC digits is completed and delivered.</summary>
        public void EndOfStream()
        {
            if (_framer.Flush())
            {
                _sink.OnFrame(_framer.Buffer, _framer.FrameLength, _framer.FrameCrc, false);
            }

            _dlms.Reset();
        }

        /// <summary>Drops partial frames, e.g. after a long silence on the line.</summary>
        public void Reset()
        {
            _framer.Reset();
            _dlms.Reset();
        }

        private void OpenEncrypted()
        {
            DlmsStatus status = _dlms.Open(_gcm, _aad);
            if (status != DlmsStatus.Decrypted)
            {
                Reject(status);
                return;
            }

            EncryptedFramesOk++;

            // The plaintext is one whole telegram; frame it on its own so a cut-off one is not glued to the next.
            P1Framer framer = _framer;
            framer.Reset();
            byte[] plain = _dlms.Buffer;
            int pos = _dlms.PlaintextOffset;
            int end = pos + _dlms.PlaintextLength;
            while (pos < end)
            {
                pos += framer.Feed(plain, pos, end - pos);
                if (framer.FrameReady)
                {
                    _sink.OnFrame(framer.Buffer, framer.FrameLength, framer.FrameCrc, true);
                }
            }

            if (framer.Flush())
            {
                _sink.OnFrame(framer.Buffer, framer.FrameLength, framer.FrameCrc, true);
            }

        }

        private void Reject(DlmsStatus status)
        {
            EncryptedFramesRejected++;
            _sink.OnEncryptedFrameRejected(status);
        }
    }
}

using OpenAmi.Crypto;
using OpenAmi.Han;
using OpenAmi.Iec62056;
using OpenAmi.P1.Framing;

namespace OpenAmi.Meters
{
    /// <summary>
    /// One meter's byte stream, whatever it speaks, into P1-model frames for one sink: P1 telegrams, DLMS push
    /// (HDLC or M-Bus) and IEC 62056-21 readouts. The format is given, or told from the first bytes
    /// (<see cref="FormatSniffer"/>) and then kept for the stream. Only the decoder the format needs is built, so
    /// a port with a fixed protocol holds no buffers of the others.
    /// </summary>
    public sealed class MeterStreamDecoder
    {
        /// <summary>Bytes looked at before a stream whose format is still unclear is read as P1.</summary>
        public const int SniffCapacity = 512;

        private readonly IP1FrameSink _sink;
        private P1StreamDecoder _p1;
        private HanStreamDecoder _han;
        private ReadoutFramer _iec;
        private byte[] _sniff;
        private int _sniffLength;
        private IGcmCipher _gcm;
        private IBlockCipher _counterMode;
        private byte[] _aad;
        private byte[] _hanAad;

        /// <summary>Creates a decoder for <paramref name="format"/> (a <see cref="MeterFormat"/> code; Auto to detect).</summary>
        public MeterStreamDecoder(IP1FrameSink sink, int format)
        {
            _sink = sink;
            Format = MeterFormat.Auto;
            if (format == MeterFormat.Auto)
            {
                _sniff = new byte[SniffCapacity];
            }
            else
            {
                Choose(format);
            }
        }

        /// <summary>The stream's format: fixed, or detected (Auto until enough bytes arrived).</summary>
        public int Format { get; private set; }

        /// <summary>The P1 decoder, when the format is P1 (for its counters), else null.</summary>
        public P1StreamDecoder P1
        {
            get { return _p1; }
        }

        /// <summary>The HAN decoder, when the format is HDLC or M-Bus, else null.</summary>
        public HanStreamDecoder Han
        {
            get { return _han; }
        }

        /// <summary>The IEC 62056-21 framer, when the format is a readout, else null.</summary>
        public ReadoutFramer Iec
        {
            get { return _iec; }
        }

        /// <summary>
        /// Enables decryption (P1 general-global-ciphering and DLMS general-glo-ciphering alike): GCM with the
        /// meter's key, the key as a block cipher for DLMS pushes encrypted without a tag (or null to refuse them),
        /// and the AAD (security control byte ‖ authentication key), or null.
        /// </summary>
        public void SetDecryption(IGcmCipher gcm, IBlockCipher counterMode, byte[] aad)
        {
            SetDecryption(gcm, counterMode, aad, aad);
        }

        /// <summary>
        /// As <see cref="SetDecryption(IGcmCipher, IBlockCipher, byte[])"/>, with one AAD for P1 telegrams and another
        /// for DLMS pushes: a tool that defaults to Luxembourg's published AAD must not impose it on an Austrian
        /// meter that sends no tag.
        /// </summary>
        public void SetDecryption(IGcmCipher gcm, IBlockCipher counterMode, byte[] p1Aad, byte[] hanAad)
        {
            _gcm = gcm;
            _counterMode = counterMode;
            _aad = p1Aad;
            _hanAad = hanAad;
            if (_p1 != null)
            {
                _p1.SetDecryption(gcm, p1Aad);
            }

            if (_han != null)
            {
                _han.SetDecryption(gcm, counterMode, hanAad);
            }
        }

        /// <summary>Feeds stream bytes; frames go to the sink before this returns.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            if (Format == MeterFormat.Auto)
            {
                int take = SniffCapacity - _sniffLength < count ? SniffCapacity - _sniffLength : count;
                System.Array.Copy(data, offset, _sniff, _sniffLength, take);
                _sniffLength += take;
                int format = FormatSniffer.Detect(_sniff, 0, _sniffLength, _sniffLength == SniffCapacity);
                if (format == MeterFormat.Auto)
                {
                    return;
                }

                Choose(format);
                byte[] held = _sniff;
                int heldLength = _sniffLength;
                _sniff = null;
                Pass(held, 0, heldLength);
                offset += take;
                count -= take;
            }

            Pass(data, offset, count);
        }

        /// <summary>Ends the stream: frames still open are completed or reported.</summary>
        public void EndOfStream()
        {
            if (Format == MeterFormat.Auto)
            {
                if (_sniffLength == 0)
                {
                    return;
                }

                Choose(FormatSniffer.Detect(_sniff, 0, _sniffLength, true));
                Pass(_sniff, 0, _sniffLength);
                _sniff = null;
            }

            if (_p1 != null)
            {
                _p1.EndOfStream();
            }
            else if (_han != null)
            {
                _han.EndOfStream();
            }
            else if (_iec != null && _iec.Flush())
            {
                _sink.OnFrame(_iec.Buffer, _iec.FrameLength, _iec.FrameCheck, false);
            }
        }

        /// <summary>Drops partial frames, e.g. after a long silence on the line.</summary>
        public void Reset()
        {
            if (_p1 != null)
            {
                _p1.Reset();
            }

            if (_han != null)
            {
                _han.Reset();
            }

            if (_iec != null)
            {
                _iec.Reset();
            }
        }

        private void Choose(int format)
        {
            Format = format;
            if (MeterFormat.IsHan(format))
            {
                _han = new HanStreamDecoder(_sink);
                if (_gcm != null)
                {
                    _han.SetDecryption(_gcm, _counterMode, _hanAad);
                }
            }
            else if (format == MeterFormat.Iec62056)
            {
                _iec = new ReadoutFramer();
            }
            else
            {
                _p1 = new P1StreamDecoder(_sink);
                if (_gcm != null)
                {
                    _p1.SetDecryption(_gcm, _aad);
                }
            }
        }

        private void Pass(byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return;
            }

            if (_p1 != null)
            {
                _p1.Write(data, offset, count);
                return;
            }

            if (_han != null)
            {
                _han.Write(data, offset, count);
                return;
            }

            ReadoutFramer iec = _iec;
            int end = offset + count;
            while (offset < end)
            {
                offset += iec.Feed(data, offset, end - offset);
                if (iec.FrameReady)
                {
                    _sink.OnFrame(iec.Buffer, iec.FrameLength, iec.FrameCheck, false);
                }
            }
        }
    }
}

using OpenAmi.P1.Dlms;
using OpenAmi.Crypto;
using OpenAmi.Meters;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// One meter port from bytes to the runtime: frames (decrypting when the meter encrypts), parses into the
    /// runtime's one telegram store, lets the port's <see cref="FrameAcceptance"/> judge it, and hands accepted
    /// telegrams to <see cref="GatewayRuntime.OnFrame"/>; everything else is counted as a bad frame. The port speaks
    /// P1, DLMS push (HAN) or IEC 62056-21 (<see cref="MeterFormat"/>); every format fills the same telegram. Shared
    /// by the ESP32 firmware and the Linux gateway, which differ only in where the bytes come from. As a frame sink
    /// it also takes the readouts of an IEC 62056-21 requester that drives the port's line.
    /// </summary>
    /// <remarks>
    /// Each port keeps only its framer (bytes arrive on all ports at once); the parsed telegram is used up before
    /// the lock is released, so all ports share one store and a further port costs little more than its frame buffer.
    /// </remarks>
    public sealed class PortDecoder : IP1FrameSink
    {
        private readonly GatewayRuntime _runtime;
        private readonly int _port;
        private readonly MeterStreamDecoder _stream;
        private readonly FrameAcceptance _acceptance = new FrameAcceptance();

        /// <param name="runtime">The runtime that receives every parsed frame.</param>
        /// <param name="port">The port number the runtime knows this meter by (0-based).</param>
        /// <param name="cipher">The meter's AES-128 key as a block cipher, or null for a plain-text meter.</param>
        /// <param name="aad">GCM additional data (Luxembourg: 0x30 followed by the authentication key), or null.</param>
        public PortDecoder(GatewayRuntime runtime, int port, IBlockCipher cipher, byte[] aad)
            : this(runtime, port, cipher == null ? null : new AesGcm(cipher), aad, false)
        {
        }

        /// <param name="runtime">The runtime that receives every parsed frame.</param>
        /// <param name="port">The port number the runtime knows this meter by (0-based).</param>
        /// <param name="gcm">The meter's AES-GCM decryptor, or null for a plain-text meter.</param>
        /// <param name="aad">GCM additional data (Luxembourg: 0x30 followed by the authentication key), or null.</param>
        public PortDecoder(GatewayRuntime runtime, int port, IGcmCipher gcm, byte[] aad)
            : this(runtime, port, gcm, aad, false)
        {
        }

        /// <param name="runtime">The runtime that receives every parsed frame.</param>
        /// <param name="port">The port number the runtime knows this meter by (0-based).</param>
        /// <param name="gcm">The meter's AES-GCM decryptor, or null for a plain-text meter.</param>
        /// <param name="aad">GCM additional data (Luxembourg: 0x30 followed by the authentication key), or null.</param>
        /// <param name="allowPlaintext">With a key, also take plaintext telegrams (allow_plaintext); otherwise they are refused.</param>
        public PortDecoder(GatewayRuntime runtime, int port, IGcmCipher gcm, byte[] aad, bool allowPlaintext)
            : this(runtime, port, gcm, null, aad, allowPlaintext, MeterFormat.P1)
        {
        }

        /// <summary>A port for a meter that speaks <paramref name="format"/> (<see cref="MeterFormat"/>; Auto detects it).</summary>
        public PortDecoder(GatewayRuntime runtime, int port, IBlockCipher cipher, byte[] aad, int format)
            : this(runtime, port, cipher == null ? null : new AesGcm(cipher), cipher, aad, false, format)
        {
        }

        /// <summary>
        /// A port for a meter that speaks <paramref name="format"/>. <paramref name="counterMode"/> (the key as a block
        /// cipher) opens DLMS pushes encrypted without a tag where no AAD is configured; null refuses them.
        /// </summary>
        public PortDecoder(GatewayRuntime runtime, int port, IGcmCipher gcm, IBlockCipher counterMode, byte[] aad, bool allowPlaintext, int format)
        {
            _runtime = runtime;
            _port = port;
            _stream = new MeterStreamDecoder(this, format);
            if (gcm != null)
            {
                _stream.SetDecryption(gcm, counterMode, aad);
            }

            _acceptance.RequireEncryption = gcm != null;
            _acceptance.AllowPlaintext = allowPlaintext;
        }

        /// <summary>The P1 decoder, for its counters; null when the port does not speak P1.</summary>
        public P1StreamDecoder Decoder
        {
            get { return _stream.P1; }
        }

        /// <summary>The port's decoder, whatever the format, for its counters.</summary>
        public MeterStreamDecoder Stream
        {
            get { return _stream; }
        }

        /// <summary>The port's acceptance rule, for its counters (frames refused, by reason).</summary>
        public FrameAcceptance Acceptance
        {
            get { return _acceptance; }
        }

        /// <summary>Frames seen on this port, good or bad (the data-request line waits for the next one).</summary>
        public int Frames { get; private set; }

        /// <summary>Feeds bytes as they arrive from the line, in any chunking.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            _stream.Write(data, offset, count);
        }

        /// <summary>The line ended (end of a capture): a frame still open is dropped as incomplete.</summary>
        public void End()
        {
            _stream.EndOfStream();
        }

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Frames++;
            lock (_runtime.SyncRoot)
            {
                Telegram telegram = _runtime.Telegram;
                TelegramParser.Parse(frame, length, crc, wasEncrypted, telegram);
                if (_acceptance.Judge(telegram) == FrameVerdict.Accepted)
                {
                    _runtime.OnFrame(_port, telegram);
                }
                else
                {
                    _runtime.OnBadFrame(_port);
                }
            }
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
            Frames++;
            _runtime.OnEncryptedFrameRejected(_port);
        }
    }
}

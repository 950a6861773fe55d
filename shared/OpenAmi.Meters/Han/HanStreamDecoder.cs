using OpenAmi.Crypto;
using OpenAmi.Han.Apdu;
using OpenAmi.Han.Axdr;
using OpenAmi.Han.Framing;
using OpenAmi.Han.Lists;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Values;

namespace OpenAmi.Han
{
    /// <summary>
    /// Reads DLMS/COSEM push data from a meter's customer interface ("HAN"): HDLC frames or wired M-Bus long
    /// frames, told apart by their first byte in any chunking; segments and general-block-transfer blocks joined;
    /// general-glo-ciphering opened; the data-notification's A-XDR list rendered as P1 text and handed to the sink
    /// like a P1 frame, so one parser and one telegram model serve every meter.
    /// A frame that fails its FCS or checksum, or whose message lost a segment, is counted and reported as bad
    /// (<see cref="CrcStatus.Bad"/>, no objects): never decoded.
    /// </summary>
    public sealed class HanStreamDecoder
    {
        /// <summary>Bound on one APDU after joining segments; the longest pushes seen are under 700 bytes.</summary>
        public const int DefaultApduCapacity = 1024;

        /// <summary>Bound on the rendered text: the corpus' longest push renders to 451 bytes (18 values, ids as hex).</summary>
        public const int DefaultTextCapacity = 1024;

        public const int LinkNone = 0;
        public const int LinkHdlc = 1;
        public const int LinkMbus = 2;

        private static readonly byte[] LlcHeader = { 0xE6, 0xE7, 0x00 };
        private static readonly byte[] HexDigits =
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'A', (byte)'B', (byte)'C', (byte)'D', (byte)'E', (byte)'F',
        };

        private readonly IP1FrameSink _sink;
        private readonly byte[] _buffer;
        private readonly HdlcFramer _hdlc;
        private readonly MbusLongFrameFramer _mbus;
        private readonly GeneralBlockTransfer _blocks = new GeneralBlockTransfer();
        private readonly GloCiphering _cipher = new GloCiphering();
        private readonly DataNotification _notification = new DataNotification();
        private readonly AxdrNodes _nodes = new AxdrNodes();
        private readonly PushListReader _reader = new PushListReader();
        private readonly CosemTextWriter _writer;
        private byte[] _timeText;
        private int _active;
        private int _dateTimeOffset = -1;

        public HanStreamDecoder(IP1FrameSink sink) : this(sink, DefaultApduCapacity, DefaultTextCapacity)
        {
        }

        public HanStreamDecoder(IP1FrameSink sink, int apduCapacity, int textCapacity)
        {
            _sink = sink;
            _buffer = new byte[apduCapacity];
            _hdlc = new HdlcFramer(_buffer);
            _mbus = new MbusLongFrameFramer(_buffer);
            _writer = new CosemTextWriter(textCapacity);
        }

        /// <summary>The link layer of the last frame: <see cref="LinkHdlc"/> or <see cref="LinkMbus"/> (<see cref="LinkNone"/> before any).</summary>
        public int LastLink { get; private set; }

        /// <summary>Why the last bad frame was bad (a <see cref="LinkResult"/> reason).</summary>
        public int LastBadReason { get; private set; }

        public HdlcFramer Hdlc
        {
            get { return _hdlc; }
        }

        public MbusLongFrameFramer Mbus
        {
            get { return _mbus; }
        }

        /// <summary>How the last list was read (see <see cref="PushListReader"/>), for tools.</summary>
        public PushListReader Lists
        {
            get { return _reader; }
        }

        /// <summary>Pushes decoded and handed to the sink.</summary>
        public int Messages { get; private set; }

        /// <summary>Frames reported bad (check failed, end missing, segment lost, truncated).</summary>
        public int BadFrames { get; private set; }

        /// <summary>Encrypted pushes that could not be opened.</summary>
        public int Rejected { get; private set; }

        /// <summary>Messages that are not a data-notification, or whose A-XDR is malformed: counted, not used.</summary>
        public int Undecodable { get; private set; }

        /// <summary>Objects left out because the text buffer was full.</summary>
        public int ObjectsDropped { get; private set; }

        /// <summary>
        /// Enables decryption: GCM keyed with the meter's key, the same key as a block cipher for pushes encrypted
        /// without a tag (null refuses them), and SC ‖ authentication key as AAD (or null).
        /// </summary>
        public void SetDecryption(IGcmCipher gcm, IBlockCipher counterMode, byte[] aad)
        {
            _cipher.SetKey(gcm, counterMode, aad);
        }

        /// <summary>The security control byte and invocation counter of the last encrypted push.</summary>
        public GloCiphering Cipher
        {
            get { return _cipher; }
        }

        /// <summary>
        /// The date-time in the header of the push being delivered (valid during the sink's OnFrame). False when
        /// the meter sent none.
        /// </summary>
        public bool TryGetNotificationTime(out P1Timestamp stamp)
        {
            if (_dateTimeOffset < 0)
            {
                stamp = new P1Timestamp();
                return false;
            }

            if (_timeText == null)
            {
                // Made on first use: only tools ask for the notification time.
                _timeText = new byte[24];
            }

            for (int i = 0; i < 12; i++)
            {
                int b = _buffer[_dateTimeOffset + i];
                _timeText[2 * i] = HexDigits[b >> 4];
                _timeText[(2 * i) + 1] = HexDigits[b & 0x0F];
            }

            return P1Timestamp.TryParse(_timeText, 0, 24, out stamp);
        }

        /// <summary>
        /// True when object <paramref name="index"/> of the push being delivered holds a string (sent as hex);
        /// valid during the sink's OnFrame, for tools that print typed values.
        /// </summary>
        public bool IsStringObject(int index)
        {
            return _writer.IsString(index);
        }

        /// <summary>Feeds stream bytes; decoded pushes go to the sink before this returns.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                if (_active == LinkNone)
                {
                    byte b = data[i];
                    if (b == HdlcFramer.Flag)
                    {
                        _active = LinkHdlc;
                    }
                    else if (b == MbusLongFrameFramer.Start)
                    {
                        _active = LinkMbus;
                    }
                    else
                    {
                        i++;
                        continue;
                    }
                }

                if (_active == LinkHdlc)
                {
                    i += _hdlc.Feed(data, i, end - i);
                    Handle(LinkHdlc, _hdlc.Result, _hdlc.BadReason, _hdlc.MessageStart, _hdlc.MessageLength);
                    if (_hdlc.IsIdle)
                    {
                        _active = LinkNone;
                    }
                }
                else
                {
                    i += _mbus.Feed(data, i, end - i);
                    Handle(LinkMbus, _mbus.Result, _mbus.BadReason, _mbus.MessageStart, _mbus.MessageLength);
                    if (_mbus.IsIdle)
                    {
                        _active = LinkNone;
                    }
                }
            }
        }

        /// <summary>Ends the stream: a frame cut off or missing its end is reported bad.</summary>
        public void EndOfStream()
        {
            if (_hdlc.Flush())
            {
                Handle(LinkHdlc, _hdlc.Result, _hdlc.BadReason, 0, 0);
            }

            if (_mbus.Flush())
            {
                Handle(LinkMbus, _mbus.Result, _mbus.BadReason, 0, 0);
            }

            Reset();
        }

        /// <summary>Drops partial frames and blocks, e.g. after a long silence on the line.</summary>
        public void Reset()
        {
            _hdlc.Reset();
            _mbus.Reset();
            _blocks.Reset();
            _active = LinkNone;
        }

        private void Handle(int link, int result, int reason, int start, int length)
        {
            if (result == LinkResult.None)
            {
                return;
            }

            LastLink = link;
            if (result == LinkResult.BadFrame)
            {
                ReportBad(reason);
                return;
            }

            if (length >= 3 && StartsWith(start, LlcHeader, 2) && (_buffer[start + 1] == 0xE7 || _buffer[start + 1] == 0xE6))
            {
                start += 3;
                length -= 3;
            }

            if (length > 0 && _buffer[start] == GeneralBlockTransfer.Tag)
            {
                int block = _blocks.Take(_buffer, start, length);
                if (block == GeneralBlockTransfer.More)
                {
                    StartMessagesAt(_blocks.Length);
                    return;
                }

                if (block == GeneralBlockTransfer.Broken)
                {
                    ReportBad(LinkResult.Incomplete);
                    return;
                }

                start = 0;
                length = _blocks.Length;
                _blocks.Reset();
            }

            StartMessagesAt(0);
            Decode(start, length);
        }

        private void Decode(int start, int length)
        {
            bool encrypted = false;
            int maker = -1;
            if (length > 0 && _buffer[start] == GloCiphering.Tag)
            {
                DlmsStatus status = _cipher.Open(_buffer, start, length);
                if (status != DlmsStatus.Decrypted)
                {
                    Rejected++;
                    _sink.OnEncryptedFrameRejected(status);
                    return;
                }

                encrypted = true;
                maker = _cipher.SystemTitleOffset;
                start = _cipher.PlaintextOffset;
                length = _cipher.PlaintextLength;
            }

            if (!_notification.Read(_buffer, start, length)
                || _nodes.Read(_buffer, _notification.BodyOffset, start + length) != AxdrNodes.Ok)
            {
                Undecodable++;
                return;
            }

            _reader.Render(_nodes, _notification.DateTimeOffset, maker, _writer);
            ObjectsDropped += _writer.ObjectsDropped;
            Messages++;
            _dateTimeOffset = _notification.DateTimeOffset;
            _sink.OnFrame(_writer.Buffer, _writer.Length, CrcStatus.Ok, encrypted);
            _dateTimeOffset = -1;
        }

        private void ReportBad(int reason)
        {
            BadFrames++;
            LastBadReason = reason;
            _blocks.Reset();
            StartMessagesAt(0);
            CosemTextWriter w = _writer;
            w.Begin();
            w.EndHeader();
            w.Finish();
            _sink.OnFrame(w.Buffer, w.Length, CrcStatus.Bad, false);
        }

        private void StartMessagesAt(int offset)
        {
            _hdlc.StartMessagesAt(offset);
            _mbus.StartMessagesAt(offset);
        }

        private bool StartsWith(int start, byte[] prefix, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_buffer[start + i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}

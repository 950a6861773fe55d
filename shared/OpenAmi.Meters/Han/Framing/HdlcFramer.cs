namespace OpenAmi.Han.Framing
{
    /// <summary>
    /// Cuts DLMS HDLC frames (IEC 62056-46, frame format type 3) out of a byte stream in any chunking:
    /// <c>7E | A0+S+length(11 bits) | destination | source | control | HCS | information | FCS | 7E</c>.
    /// HCS and FCS are CRC-16/X-25. Information fields of segmented frames (S bit set) are joined into one
    /// message in the caller's buffer; nothing is copied twice and no frame buffer is kept.
    /// </summary>
    /// <remarks>
    /// Pull style like the P1 framer: <see cref="Feed"/> stops after a message completes or a frame fails, with
    /// <see cref="Result"/> saying which; the message is at [<see cref="MessageStart"/>, +<see cref="MessageLength"/>).
    /// A frame whose FCS fails, or whose closing flag is missing, drops its whole message: it is counted, never used.
    /// </remarks>
    public sealed class HdlcFramer
    {
        public const byte Flag = 0x7E;

        private const int MaxAddressBytes = 4;

        private const int StateIdle = 0;
        private const int StateFormat = 1;
        private const int StateLength = 2;
        private const int StateDestination = 3;
        private const int StateSource = 4;
        private const int StateControl = 5;
        private const int StateHcs = 6;
        private const int StateInfo = 7;
        private const int StateFcs = 8;
        private const int StateClosingFlag = 9;

        private readonly byte[] _buffer;
        private int _base;
        private int _length;
        private bool _inSequence;

        private int _state;
        private int _crc;
        private int _remaining;
        private int _addressBytes;
        private int _checkBytes;
        private int _stated;
        private bool _segmented;
        private bool _overflow;
        private bool _fcsOk;
        private int _formatIndex;

        /// <summary>Creates a framer that writes messages into <paramref name="buffer"/>.</summary>
        public HdlcFramer(byte[] buffer)
        {
            _buffer = buffer;
        }

        /// <summary>What the last <see cref="Feed"/> or <see cref="Flush"/> stopped for (a <see cref="LinkResult"/> code).</summary>
        public int Result { get; private set; }

        /// <summary>Why the last bad frame was bad (a <see cref="LinkResult"/> reason).</summary>
        public int BadReason { get; private set; }

        /// <summary>Offset of the message in the buffer (where the caller asked messages to start).</summary>
        public int MessageStart
        {
            get { return _base; }
        }

        /// <summary>Length of the completed message.</summary>
        public int MessageLength
        {
            get { return _length - _base; }
        }

        /// <summary>True between frames and not inside a segmented sequence.</summary>
        public bool IsIdle
        {
            get { return _state == StateIdle && !_inSequence; }
        }

        /// <summary>True while bytes belong to a frame (after an opening flag and a valid format byte).</summary>
        public bool InFrame
        {
            get { return _state > StateFormat; }
        }

        /// <summary>Frames whose HCS and FCS passed and that ended with a flag.</summary>
        public int FramesOk { get; private set; }

        /// <summary>Frames with a failed HCS or FCS, a missing closing flag or too long for the buffer.</summary>
        public int FramesBad { get; private set; }

        /// <summary>Messages that lost a segment.</summary>
        public int MessagesIncomplete { get; private set; }

        /// <summary>
        /// Starts the next message at <paramref name="offset"/> of the buffer (0 normally; after earlier blocks of a
        /// general-block-transfer that the caller keeps in front). Drops any partial message.
        /// </summary>
        public void StartMessagesAt(int offset)
        {
            _base = offset;
            _length = offset;
            _inSequence = false;
        }

        /// <summary>Takes bytes; returns how many it consumed (fewer than offered when it stops with a result).</summary>
        public int Feed(byte[] data, int offset, int count)
        {
            Result = LinkResult.None;
            int i = offset;
            int end = offset + count;
            _formatIndex = -1;
            while (i < end)
            {
                byte b = data[i];
                switch (_state)
                {
                    case StateIdle:
                        if (b == Flag)
                        {
                            _state = StateFormat;
                        }
                        else if (i > offset)
                        {
                            // Idle again in this call: hand the byte back, it may start a frame of another kind.
                            return i - offset;
                        }

                        i++;
                        continue;

                    case StateFormat:
                        i++;
                        if (b == Flag)
                        {
                            continue;
                        }

                        if ((b & 0xF0) != 0xA0)
                        {
                            _state = StateIdle;
                            continue;
                        }

                        _formatIndex = i - 1;
                        _segmented = (b & 0x08) != 0;
                        _remaining = (b & 0x07) << 8;
                        _crc = Crc16X25.Update(Crc16X25.Initial, b);
                        _state = StateLength;
                        continue;

                    case StateLength:
                        i++;
                        _remaining |= b;
                        _crc = Crc16X25.Update(_crc, b);
                        _remaining -= 2;
                        if (_remaining < 5)
                        {
                            // Too short for two addresses, a control byte and an FCS: noise that began with a flag.
                            i = Rewind(i);
                            continue;
                        }

                        _addressBytes = 0;
                        _state = StateDestination;
                        continue;

                    case StateDestination:
                    case StateSource:
                        i++;
                        _crc = Crc16X25.Update(_crc, b);
                        _remaining--;
                        _addressBytes++;
                        if ((b & 1) != 0)
                        {
                            _addressBytes = 0;
                            _state = _state == StateDestination ? StateSource : StateControl;
                        }
                        else if (_addressBytes == MaxAddressBytes)
                        {
                            i = Rewind(i);
                            continue;
                        }

                        if (_remaining < 3)
                        {
                            i = Rewind(i);
                        }

                        continue;

                    case StateControl:
                        i++;
                        _crc = Crc16X25.Update(_crc, b);
                        _remaining--;
                        _checkBytes = 0;
                        _stated = 0;
                        _state = _remaining > 2 ? StateHcs : StateFcs;
                        continue;

                    case StateHcs:
                        i++;
                        _stated |= b << (8 * _checkBytes);
                        _checkBytes++;
                        _remaining--;
                        if (_checkBytes < 2)
                        {
                            continue;
                        }

                        if (_stated != Crc16X25.Finish(_crc))
                        {
                            // The length is not to be trusted: look for the next flag from just after this header's start.
                            i = Rewind(i);
                            return Bad(LinkResult.BadHeader, i - offset);
                        }

                        _crc = Crc16X25.Update(_crc, (byte)_stated);
                        _crc = Crc16X25.Update(_crc, (byte)(_stated >> 8));
                        BeginSegment();
                        _checkBytes = 0;
                        _stated = 0;
                        _state = _remaining > 2 ? StateInfo : StateFcs;
                        continue;

                    case StateInfo:
                        i = CopyInfo(data, i, end);
                        continue;

                    case StateFcs:
                        i++;
                        _stated |= b << (8 * _checkBytes);
                        _checkBytes++;
                        if (_checkBytes == 2)
                        {
                            _fcsOk = _stated == Crc16X25.Finish(_crc);
                            _state = StateClosingFlag;
                        }

                        continue;

                    default:
                        // The closing flag; it may also open the next frame, so it is not consumed here.
                        if (b != Flag)
                        {
                            _state = StateIdle;
                            return Bad(LinkResult.MissingEnd, i - offset);
                        }

                        _state = StateFormat;
                        i++;
                        if (EndFrame())
                        {
                            return i - offset;
                        }

                        continue;
                }
            }

            return count;
        }

        /// <summary>
        /// Ends the stream. A frame still waiting for its closing flag is bad (the flag is missing); one cut off
        /// earlier is dropped as truncated. Returns true when that made a result (see <see cref="Result"/>).
        /// </summary>
        public bool Flush()
        {
            Result = LinkResult.None;
            int state = _state;
            _state = StateIdle;
            if (state == StateClosingFlag)
            {
                Bad(LinkResult.MissingEnd, 0);
                return true;
            }

            if (state > StateFormat || _inSequence)
            {
                Bad(LinkResult.Truncated, 0);
                return true;
            }

            return false;
        }

        /// <summary>Drops any partial frame and message.</summary>
        public void Reset()
        {
            _state = StateIdle;
            StartMessagesAt(0);
        }

        // A header turned out not to be one: when it began in this call, look again from the byte after its
        // format byte, where a real frame's flag may hide (noise before a frame often swallows its opening flag).
        private int Rewind(int i)
        {
            _state = StateIdle;
            return _formatIndex >= 0 ? _formatIndex + 1 : i;
        }

        private int CopyInfo(byte[] data, int i, int end)
        {
            byte[] buffer = _buffer;
            ushort[] table = Crc16X25.Table;
            int crc = _crc;
            int remaining = _remaining;
            int length = _length;
            int capacity = buffer.Length;
            while (i < end && remaining > 2)
            {
                byte b = data[i++];
                crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF];
                remaining--;
                if (length < capacity)
                {
                    buffer[length++] = b;
                }
                else
                {
                    _overflow = true;
                }
            }

            _crc = crc;
            _remaining = remaining;
            _length = length;
            if (remaining <= 2)
            {
                _state = StateFcs;
            }

            return i;
        }

        private void BeginSegment()
        {
            if (!_inSequence)
            {
                _length = _base;
            }

            _overflow = false;
        }

        // After the closing flag. Returns true when a result stops Feed.
        private bool EndFrame()
        {
            if (!_fcsOk)
            {
                Bad(LinkResult.BadCheck, 0);
                return true;
            }

            if (_overflow)
            {
                Bad(LinkResult.Overflow, 0);
                return true;
            }

            FramesOk++;
            if (_segmented)
            {
                _inSequence = true;
                return false;
            }

            _inSequence = false;
            Result = LinkResult.Message;
            return true;
        }

        private int Bad(int reason, int consumed)
        {
            FramesBad++;
            if (_inSequence || reason == LinkResult.Truncated)
            {
                MessagesIncomplete++;
            }

            _length = _base;
            _inSequence = false;
            _overflow = false;
            BadReason = reason;
            Result = LinkResult.BadFrame;
            return consumed;
        }
    }
}

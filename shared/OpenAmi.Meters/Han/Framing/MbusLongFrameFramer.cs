namespace OpenAmi.Han.Framing
{
    /// <summary>
    /// Cuts wired M-Bus long frames (EN 13757-2) carrying DLMS (IEC 62056-7-6) out of a byte stream in any chunking:
    /// <c>68 L L 68 | C A CI | STSAP DTSAP | data | CS 16</c>, CS being the sum of C through data modulo 256.
    /// CI 0x00-0x1F marks DLMS transport segmentation: the low nibble numbers the segment, 0x10 marks the last.
    /// The data of consecutive segments is joined into one message in the caller's buffer.
    /// </summary>
    public sealed class MbusLongFrameFramer
    {
        public const byte Start = 0x68;
        public const byte Stop = 0x16;

        private const int LastSegmentBit = 0x10;

        private const int StateIdle = 0;
        private const int StateLength = 1;
        private const int StateLengthAgain = 2;
        private const int StateStartAgain = 3;
        private const int StateBody = 4;
        private const int StateChecksum = 5;
        private const int StateStop = 6;

        private readonly byte[] _buffer;
        private int _base;
        private int _length;
        private int _segmentStart;
        private int _expectedSegment;
        private bool _inSequence;

        private int _state;
        private int _frameLength;
        private int _position;
        private int _sum;
        private int _ci;
        private bool _checksumOk;
        private bool _overflow;

        /// <summary>Creates a framer that writes messages into <paramref name="buffer"/>.</summary>
        public MbusLongFrameFramer(byte[] buffer)
        {
            _buffer = buffer;
        }

        /// <summary>What the last <see cref="Feed"/> or <see cref="Flush"/> stopped for (a <see cref="LinkResult"/> code).</summary>
        public int Result { get; private set; }

        /// <summary>Why the last bad frame was bad (a <see cref="LinkResult"/> reason).</summary>
        public int BadReason { get; private set; }

        public int MessageStart
        {
            get { return _base; }
        }

        public int MessageLength
        {
            get { return _length - _base; }
        }

        /// <summary>True between frames and not inside a segment sequence.</summary>
        public bool IsIdle
        {
            get { return _state == StateIdle && !_inSequence; }
        }

        /// <summary>True while bytes belong to a frame.</summary>
        public bool InFrame
        {
            get { return _state != StateIdle; }
        }

        /// <summary>Frames whose checksum and stop byte were right.</summary>
        public int FramesOk { get; private set; }

        /// <summary>Frames with a wrong checksum, no stop byte, or too long for the buffer.</summary>
        public int FramesBad { get; private set; }

        /// <summary>Messages that lost a segment.</summary>
        public int MessagesIncomplete { get; private set; }

        /// <summary>Starts the next message at <paramref name="offset"/>; drops any partial message.</summary>
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
            while (i < end)
            {
                byte b = data[i];
                switch (_state)
                {
                    case StateIdle:
                        if (b == Start)
                        {
                            _state = StateLength;
                        }
                        else if (i > offset)
                        {
                            // Idle again in this call: hand the byte back, it may start a frame of another kind.
                            return i - offset;
                        }

                        i++;
                        continue;

                    case StateLength:
                        i++;
                        _frameLength = b;
                        _state = b >= 3 ? StateLengthAgain : (b == Start ? StateLength : StateIdle);
                        continue;

                    case StateLengthAgain:
                        if (b != _frameLength)
                        {
                            // Not a long frame header after all; look at this byte afresh.
                            _state = StateIdle;
                            continue;
                        }

                        i++;
                        _state = StateStartAgain;
                        continue;

                    case StateStartAgain:
                        if (b != Start)
                        {
                            _state = StateIdle;
                            continue;
                        }

                        i++;
                        _position = 0;
                        _sum = 0;
                        _overflow = false;
                        _state = StateBody;
                        continue;

                    case StateBody:
                        i = ReadBody(data, i, end);
                        continue;

                    case StateChecksum:
                        i++;
                        _checksumOk = b == (_sum & 0xFF);
                        _state = StateStop;
                        continue;

                    default:
                        _state = StateIdle;
                        if (b != Stop)
                        {
                            return Bad(LinkResult.MissingEnd, i - offset);
                        }

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

        /// <summary>Ends the stream: a frame or a segment sequence cut off is dropped and reported.</summary>
        public bool Flush()
        {
            Result = LinkResult.None;
            int state = _state;
            _state = StateIdle;
            if (state == StateStop)
            {
                Bad(LinkResult.MissingEnd, 0);
                return true;
            }

            if (state >= StateBody || _inSequence)
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

        // C, A, CI, then (for DLMS) the two transport SAPs, then data; the sum runs over all of them.
        private int ReadBody(byte[] data, int i, int end)
        {
            while (i < end && _position < _frameLength)
            {
                byte b = data[i++];
                _sum += b;
                int position = _position++;
                if (position == 2)
                {
                    _ci = b;
                    BeginSegment();
                }
                else if (position >= 5)
                {
                    if (_length < _buffer.Length)
                    {
                        _buffer[_length++] = b;
                    }
                    else
                    {
                        _overflow = true;
                    }
                }
            }

            if (_position == _frameLength)
            {
                _state = StateChecksum;
            }

            return i;
        }

        private void BeginSegment()
        {
            if (!_inSequence || (_ci & 0x0F) == 0)
            {
                if (_inSequence)
                {
                    MessagesIncomplete++;
                }

                _length = _base;
                _expectedSegment = 0;
            }

            _segmentStart = _length;
            _overflow = false;
        }

        private bool EndFrame()
        {
            if (!_checksumOk)
            {
                return Bad(LinkResult.BadCheck, 0) == 0;
            }

            if (_overflow)
            {
                return Bad(LinkResult.Overflow, 0) == 0;
            }

            FramesOk++;
            if (_ci > 0x1F || _frameLength < 5)
            {
                // Not DLMS transport (e.g. an EN 13757-3 data frame): nothing here to decode.
                _length = _segmentStart;
                return false;
            }

            if ((_ci & 0x0F) != _expectedSegment)
            {
                return Bad(LinkResult.Incomplete, 0) == 0;
            }

            _expectedSegment++;
            if ((_ci & LastSegmentBit) == 0)
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
            if (reason != LinkResult.Incomplete)
            {
                FramesBad++;
            }

            if (_inSequence || reason == LinkResult.Incomplete || reason == LinkResult.Truncated)
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

namespace OpenAmi.P1.Framing
{
    /// <summary>
    /// Cuts a raw P1 byte stream into frames from '/' through '!', checking the CRC digits that follow.
    /// Bytes may arrive in any chunking. The frame is kept in one reused, bounded buffer, so a frame must be
    /// consumed (parsed or copied) before <see cref="Feed"/> is called again.
    /// A '/' outside a "(...)" value group restarts framing, so a broken frame resyncs on the next telegram;
    /// inside a group '/' and '!' are data.
    /// </summary>
    /// <remarks>
    /// Pull style: <see cref="Feed"/> stops right after a frame completes and returns how many bytes it took,
    /// so the caller handles the frame while it is still in the buffer and then feeds the rest.
    /// </remarks>
    public sealed class P1Framer
    {
        /// <summary>Default bound on one frame: twice the longest telegram seen in the field (Lithuania, over 2 KiB).</summary>
        public const int DefaultCapacity = 4096;

        private const int MaxCrcDigits = 4;

        private const byte StartByte = (byte)'/';
        private const byte EndByte = (byte)'!';
        private const byte LineFeed = 10;
        private const byte CarriageReturn = 13;

        private const int StateIdle = 0;
        private const int StateBody = 1;
        private const int StateCrc = 2;

        // The bytes the body loop must look at: the frame's delimiters and what opens and closes a value group.
        private static readonly byte[] BodyMarks = MarksOf(StartByte, EndByte, (byte)'(', (byte)')', LineFeed);

        private readonly byte[] _buffer;
        private int _length;
        private int _state;
        private int _runningCrc;
        private int _crcDigits;
        private int _statedCrc;
        private bool _crcDamaged;
        private bool _inGroup;

        private bool _frameReady;
        private CrcStatus _frameCrc;

        /// <summary>Creates a framer with the default 4 KiB bound.</summary>
        public P1Framer() : this(DefaultCapacity)
        {
        }

        /// <summary>Creates a framer whose frames may be at most <paramref name="capacity"/> bytes.</summary>
        public P1Framer(int capacity)
        {
            if (capacity < 16 || capacity > OpenAmi.P1.Parsing.Telegram.MaxSourceLength)
            {
                throw new System.ArgumentOutOfRangeException("capacity", "a P1 frame buffer holds 16 to 65535 bytes");
            }

            _buffer = new byte[capacity];
        }

        /// <summary>The reused frame buffer; the current frame is at [0, <see cref="FrameLength"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>The bound on a frame, in bytes.</summary>
        public int Capacity
        {
            get { return _buffer.Length; }
        }

        /// <summary>True right after <see cref="Feed"/> or <see cref="Flush"/> completed a frame.</summary>
        public bool FrameReady
        {
            get { return _frameReady; }
        }

        /// <summary>Length of the completed frame, from '/' through '!' (CRC digits excluded).</summary>
        public int FrameLength
        {
            get { return _frameReady ? _length : 0; }
        }

        /// <summary>CRC verdict of the completed frame.</summary>
        public CrcStatus FrameCrc
        {
            get { return _frameCrc; }
        }

        /// <summary>True between frames: no frame is being collected.</summary>
        public bool IsIdle
        {
            get { return _state == StateIdle; }
        }

        /// <summary>Frames whose CRC matched.</summary>
        public int FramesOk { get; private set; }

        /// <summary>
        /// Frames whose CRC did not match, or whose CRC field held something other than hex digits and a line end;
        /// they are still emitted, marked <see cref="CrcStatus.Bad"/>.
        /// </summary>
        public int FramesBadCrc { get; private set; }

        /// <summary>Frames of dialects that send no CRC.</summary>
        public int FramesWithoutCrc { get; private set; }

        /// <summary>Frames cut off by a new '/' before their '!' (dropped).</summary>
        public int FramesTruncated { get; private set; }

        /// <summary>Frames longer than the buffer (dropped; the framer waits for the next '/').</summary>
        public int Overflows { get; private set; }

        /// <summary>
        /// Takes bytes from <paramref name="data"/>. Returns how many it consumed: all of them, or fewer when a
        /// frame completed, in which case <see cref="FrameReady"/> is true until the next call.
        /// </summary>
        public int Feed(byte[] data, int offset, int count)
        {
            _frameReady = false;
            byte[] buffer = _buffer;
            int capacity = buffer.Length;
            int end = offset + count;
            int i = offset;

            while (i < end)
            {
                byte b = data[i];
                int state = _state;

                if (state == StateBody)
                {
                    // The hot loop: checksum until a byte that matters ('/', '!', '(', ')', LF), then copy the run in one
                    // call. '/' and '!' inside a "(...)" group are data (DSMR 2.2/3 text messages may hold them); groups
                    // never span lines. On the interpreter this costs a third less than copying byte by byte.
                    int length = _length;
                    int crc = _runningCrc;
                    bool inGroup = _inGroup;
                    ushort[] table = Crc16Arc.Table;
                    byte[] marks = BodyMarks;
                    int from = i;
                    int limit = end - i <= capacity - length ? end : i + (capacity - length);
                    while (true)
                    {
                        while (i < limit)
                        {
                            int c = data[i];
                            if (marks[c] != 0)
                            {
                                break;
                            }

                            crc = (crc >> 8) ^ table[(crc ^ c) & 0xFF];
                            i++;
                        }

                        if (i == limit)
                        {
                            break;
                        }

                        b = data[i];
                        if (b == (byte)'(')
                        {
                            inGroup = true;
                        }
                        else if (b == (byte)')' || b == LineFeed)
                        {
                            inGroup = false;
                        }
                        else if (!inGroup)
                        {
                            break; // a '/' or '!' that counts
                        }

                        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF];
                        i++;
                    }

                    // Writes trail reads, so a frame may be framed in place (see P1StreamDecoder).
                    System.Array.Copy(data, from, buffer, length, i - from);
                    length += i - from;
                    _length = length;
                    _runningCrc = crc;
                    _inGroup = inGroup;
                    if (i == end)
                    {
                        return count;
                    }

                    b = data[i];
                    if (length == capacity)
                    {
                        Overflows++;
                        _state = StateIdle;
                        continue; // re-examine this byte: it may be the next '/'
                    }

                    if (b == StartByte)
                    {
                        FramesTruncated++;
                        BeginFrame();
                        i++;
                        continue;
                    }

                    // '!' ends the body and is part of the checksummed range.
                    buffer[_length++] = b;
                    _runningCrc = Crc16Arc.Update(_runningCrc, b);
                    _state = StateCrc;
                    _crcDigits = 0;
                    _statedCrc = 0;
                    _crcDamaged = false;
                    i++;
                    continue;
                }

                if (state == StateCrc)
                {
                    int digit = OpenAmi.P1.Values.HexText.Digit(b);
                    if (digit >= 0)
                    {
                        _statedCrc = (_statedCrc << 4) | digit;
                        _crcDigits++;
                        i++;
                        if (_crcDigits == MaxCrcDigits)
                        {
                            CompleteFrame();
                            return i - offset;
                        }

                        continue;
                    }

                    // Any other byte ends the CRC field; it is left for the next call (it may be the next '/').
                    // Only a line end may follow '!' or the digits: anything else means the field was damaged
                    // (a DSMR 5 "!G3A4" must not pass as a dialect without CRC).
                    _crcDamaged = b != CarriageReturn && b != LineFeed;
                    CompleteFrame();
                    return i - offset;
                }

                // Idle: noise between frames is skipped.
                if (b == StartByte)
                {
                    BeginFrame();
                }

                i++;
            }

            return count;
        }

        /// <summary>
        /// Ends the stream: a frame waiting for more CRC digits is completed now. Returns true when that made a frame.
        /// A frame still missing its '!' is dropped and counted as truncated.
        /// </summary>
        public bool Flush()
        {
            _frameReady = false;
            if (_state == StateCrc)
            {
                CompleteFrame();
                return true;
            }

            if (_state == StateBody)
            {
                FramesTruncated++;
                _state = StateIdle;
                _length = 0;
            }

            return false;
        }

        /// <summary>Drops any partial frame and waits for the next '/'; counters are kept.</summary>
        public void Reset()
        {
            _state = StateIdle;
            _length = 0;
            _frameReady = false;
        }

        private static byte[] MarksOf(byte a, byte b, byte c, byte d, byte e)
        {
            byte[] marks = new byte[256];
            marks[a] = 1;
            marks[b] = 1;
            marks[c] = 1;
            marks[d] = 1;
            marks[e] = 1;
            return marks;
        }

        private void BeginFrame()
        {
            _buffer[0] = StartByte;
            _length = 1;
            _runningCrc = Crc16Arc.Update(0, StartByte);
            _inGroup = false;
            _state = StateBody;
        }

        private void CompleteFrame()
        {
            _state = StateIdle;
            _frameReady = true;
            if (_crcDamaged)
            {
                _frameCrc = CrcStatus.Bad;
                FramesBadCrc++;
            }
            else if (_crcDigits == 0)
            {
                _frameCrc = CrcStatus.None;
                FramesWithoutCrc++;
            }
            else if (_statedCrc == _runningCrc)
            {
                _frameCrc = CrcStatus.Ok;
                FramesOk++;
            }
            else
            {
                _frameCrc = CrcStatus.Bad;
                FramesBadCrc++;
            }
        }
    }
}

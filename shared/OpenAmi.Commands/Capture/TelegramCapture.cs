using OpenAmi.Outbox;

namespace OpenAmi.Capture
{
    /// <summary>
    /// Keeps the last telegrams of one port exactly as they came off the line, bad CRCs included: every byte from the
    /// '/' through the line end after '!' (its CRC digits as sent), streamed into the next slot of an
    /// <see cref="ICaptureStore"/> ring while it arrives and sealed by a trailer (sequence, length, CRC-32 of the
    /// bytes). A telegram cut off by a new '/' or longer than <see cref="MaxTelegramBytes"/> is kept as it came,
    /// marked cut. Bytes between telegrams are not kept. Nothing is buffered here and nothing allocates: the bytes go
    /// from the line's buffer to the store.
    /// </summary>
    /// <remarks>P1 text telegrams only: an encrypted frame or a DLMS push has no '/' to start from and is not kept.</remarks>
    public sealed class TelegramCapture
    {
        /// <summary>Longest telegram kept whole (the framer's bound).</summary>
        public const int MaxTelegramBytes = 4096;

        /// <summary>The trailer after each telegram: "OACP", sequence (8 bytes), length (4), CRC-32 (4), flags (4), little-endian.</summary>
        public const int TrailerBytes = 24;

        /// <summary>Trailer flag: the telegram was cut off (a new '/' before its end, or too long).</summary>
        public const int FlagCut = 1;

        private const int Idle = 0;
        private const int Body = 1;
        private const int Tail = 2;

        // The CRC digits and line end after '!': more than this and the telegram is cut.
        private const int MaxTailBytes = 8;

        private static readonly byte[] Magic = { (byte)'O', (byte)'A', (byte)'C', (byte)'P' };

        private readonly ICaptureStore _store;
        private readonly int _port;
        private readonly byte[] _trailer = new byte[TrailerBytes];
        private int _state;
        private bool _lineStart = true;
        private int _slot;
        private int _length;
        private int _tailLength;
        private uint _crc;
        private long _sequence;

        /// <summary>Captures port <paramref name="port"/> into <paramref name="store"/>, after what it holds already.</summary>
        public TelegramCapture(ICaptureStore store, int port)
        {
            _store = store;
            _port = port;
            long last = 0;
            int lastSlot = -1;
            for (int s = 0; s < store.Slots; s++)
            {
                long sequence = SequenceIn(store, port, s, _trailer);
                if (sequence > last)
                {
                    last = sequence;
                    lastSlot = s;
                }
            }

            _sequence = last + 1;
            _slot = (lastSlot + 1) % store.Slots;
        }

        /// <summary>Telegrams captured since this capture started.</summary>
        public long Captured { get; private set; }

        /// <summary>Bytes as they came off the line, in any chunking.</summary>
        public void Write(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int run = _state == Idle ? -1 : offset;
            for (int i = offset; i < end; i++)
            {
                byte b = data[i];
                if (_state == Idle)
                {
                    if (b == (byte)'/')
                    {
                        Begin();
                        run = i;
                    }
                }
                else if (_state == Body)
                {
                    if (b == (byte)'/' && _lineStart)
                    {
                        Seal(run, i, data, FlagCut);
                        Begin();
                        run = i;
                    }
                    else if (b == (byte)'!' && _lineStart)
                    {
                        _state = Tail;
                        _tailLength = 0;
                    }
                }
                else if (++_tailLength > MaxTailBytes)
                {
                    Seal(run, i, data, FlagCut);
                    run = -1;
                }
                else if (b == 10)
                {
                    Seal(run, i + 1, data, 0);
                    run = -1;
                }

                if (run >= 0 && _length + (i + 1 - run) > MaxTelegramBytes)
                {
                    Seal(run, i, data, FlagCut);
                    run = -1;
                }

                _lineStart = b == 10;
            }

            if (run >= 0)
            {
                Put(data, run, end - run);
            }
        }

        /// <summary>The sequence number a slot holds, or 0 when its trailer is missing or not one of a capture.</summary>
        public static long SequenceIn(ICaptureStore store, int port, int slot, byte[] trailer)
        {
            int n = store.ReadTail(port, slot, trailer, TrailerBytes);
            return n == TrailerBytes && IsTrailer(trailer, 0) ? LittleEndian.ReadInt64(trailer, 4) : 0;
        }

        /// <summary>
        /// Checks the slot read into <paramref name="slot"/>[0, <paramref name="length"/>): the telegram's length, or -1
        /// when the slot is empty, torn or damaged. Its sequence and flags come out.
        /// </summary>
        public static int Check(byte[] slot, int length, out long sequence, out int flags)
        {
            sequence = 0;
            flags = 0;
            int at = length - TrailerBytes;
            if (at < 0 || !IsTrailer(slot, at) || LittleEndian.ReadInt32(slot, at + 12) != at
                || (uint)LittleEndian.ReadInt32(slot, at + 16) != Crc32.Compute(slot, 0, at))
            {
                return -1;
            }

            sequence = LittleEndian.ReadInt64(slot, at + 4);
            flags = LittleEndian.ReadInt32(slot, at + 20);
            return at;
        }

        private static bool IsTrailer(byte[] b, int at)
        {
            return b[at] == Magic[0] && b[at + 1] == Magic[1] && b[at + 2] == Magic[2] && b[at + 3] == Magic[3];
        }

        private void Begin()
        {
            _store.Begin(_port, _slot);
            _state = Body;
            _length = 0;
            _crc = 0xFFFFFFFFu;
        }

        private void Put(byte[] data, int offset, int count)
        {
            if (count > 0)
            {
                _store.Append(_port, _slot, data, offset, count);
                _crc = Crc32.Update(_crc, data, offset, count);
                _length += count;
            }
        }

        // Appends data[run, end) and closes the slot with its trailer.
        private void Seal(int run, int end, byte[] data, int flags)
        {
            if (run >= 0)
            {
                Put(data, run, end - run);
            }

            byte[] t = _trailer;
            t[0] = Magic[0];
            t[1] = Magic[1];
            t[2] = Magic[2];
            t[3] = Magic[3];
            LittleEndian.WriteInt64(t, 4, _sequence);
            LittleEndian.WriteInt32(t, 12, _length);
            LittleEndian.WriteInt32(t, 16, (int)(_crc ^ 0xFFFFFFFFu));
            LittleEndian.WriteInt32(t, 20, flags);
            _store.Append(_port, _slot, t, 0, TrailerBytes);
            _store.End(_port, _slot);
            _sequence++;
            _slot = (_slot + 1) % _store.Slots;
            _state = Idle;
            Captured++;
        }
    }
}

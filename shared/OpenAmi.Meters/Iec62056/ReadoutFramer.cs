using OpenAmi.P1.Framing;

namespace OpenAmi.Iec62056
{
    /// <summary>
    /// Cuts IEC 62056-21 readouts out of a byte stream in any chunking and renders each as P1 text for the P1
    /// parser: the identification line <c>/XXXZ ident</c>, then the data block. Mode A/B/C data messages
    /// (<c>STX data ! CR LF ETX BCC</c>) are checked by their BCC; mode D pushes (no STX) by the CRC-16/ARC after
    /// '!' when the meter sends one. The echoed sign-on <c>/?!</c> and acknowledgements are skipped. Several data
    /// sets on one line are split into lines, so <c>1.8.0(..)2.8.0(..)</c> reads like two lines.
    /// </summary>
    public sealed class ReadoutFramer
    {
        public const byte Stx = 0x02;
        public const byte Etx = 0x03;

        /// <summary>Default bound on one rendered readout.</summary>
        public const int DefaultCapacity = 4096;

        private const int MaxIdentification = 64;

        private static readonly byte[] NoIdentification =
        {
            (byte)'/', (byte)'I', (byte)'E', (byte)'C', (byte)'6', (byte)'2', (byte)'0', (byte)'5', (byte)'6', (byte)'-', (byte)'2', (byte)'1',
        };

        private const int StateIdle = 0;
        private const int StateIdentification = 1;
        private const int StateAfterIdentification = 2;
        private const int StateData = 3;
        private const int StateLineEnd = 4;
        private const int StateBcc = 5;
        private const int StateCrc = 6;
        private const int StateSkipLine = 7;

        private readonly byte[] _buffer;
        private int _length;
        private int _state;
        private bool _withStx;
        private bool _inGroup;
        private byte _previous;
        private int _bcc;
        private int _crc;
        private int _crcDigits;
        private int _statedCrc;
        private int _identificationStart;
        private bool _overflow;

        public ReadoutFramer() : this(DefaultCapacity)
        {
        }

        public ReadoutFramer(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>True right after <see cref="Feed"/> or <see cref="Flush"/> completed a readout.</summary>
        public bool FrameReady { get; private set; }

        /// <summary>Length of the rendered readout, '/' through '!'.</summary>
        public int FrameLength
        {
            get { return FrameReady ? _length : 0; }
        }

        /// <summary>BCC or CRC verdict; <see cref="CrcStatus.Bad"/> also when ETX or BCC never came.</summary>
        public CrcStatus FrameCheck { get; private set; }

        /// <summary>True between readouts.</summary>
        public bool IsIdle
        {
            get { return _state == StateIdle; }
        }

        /// <summary>True once a data block has begun (after STX, or the first data line of a mode D push).</summary>
        public bool InData
        {
            get { return _state >= StateData; }
        }

        /// <summary>The identification line "/XXXZ..." of the current readout (without CR LF), in <see cref="Buffer"/>.</summary>
        public int IdentificationLength { get; private set; }

        public int FramesOk { get; private set; }

        public int FramesBad { get; private set; }

        public int Overflows { get; private set; }

        /// <summary>Takes bytes; returns how many were consumed (fewer when a readout completed).</summary>
        public int Feed(byte[] data, int offset, int count)
        {
            FrameReady = false;
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                byte b = data[i];
                switch (_state)
                {
                    case StateIdle:
                        i++;
                        if (b == (byte)'/')
                        {
                            BeginIdentification();
                        }
                        else if (b == Stx)
                        {
                            // A data block without an identification before it (the reader missed it): the
                            // frame says what it is rather than borrow a meter's name.
                            Begin();
                            for (int k = 0; k < NoIdentification.Length; k++)
                            {
                                Put(NoIdentification[k]);
                            }

                            IdentificationLength = NoIdentification.Length;
                            Put(13);
                            Put(10);
                            Put(13);
                            Put(10);
                            BeginData(true);
                        }

                        continue;

                    case StateIdentification:
                        i++;
                        _crc = Crc(_crc, b);
                        if (b == 10)
                        {
                            EndIdentification();
                        }
                        else if (b != 13)
                        {
                            if (_length - _identificationStart < MaxIdentification)
                            {
                                Put(b);
                            }
                        }

                        continue;

                    case StateAfterIdentification:
                        if (b == 13 || b == 10)
                        {
                            _crc = Crc(_crc, b);
                            i++;
                            continue;
                        }

                        if (b == Stx)
                        {
                            i++;
                            BeginData(true);
                            continue;
                        }

                        if (b == (byte)'/')
                        {
                            _state = StateIdle;
                            continue;
                        }

                        if (b == 0x06)
                        {
                            // The acknowledgement "ACK 0 Z Y CR LF", echoed by some optical heads: not data.
                            i++;
                            _state = StateSkipLine;
                            continue;
                        }

                        if (b < 0x20)
                        {
                            i++;
                            continue;
                        }

                        BeginData(false);
                        continue;

                    case StateData:
                        i++;
                        Data(b);
                        continue;

                    case StateLineEnd:
                        // After '!': CR LF then ETX and the BCC (with STX), or CRC digits (mode D).
                        if (_withStx)
                        {
                            if (b == 13 || b == 10)
                            {
                                _bcc ^= b;
                                i++;
                                continue;
                            }

                            if (b == Etx)
                            {
                                _bcc ^= b;
                                i++;
                                _state = StateBcc;
                                continue;
                            }

                            Complete(CrcStatus.Bad);
                            return i - offset;
                        }

                        _state = StateCrc;
                        continue;

                    case StateSkipLine:
                        i++;
                        if (b == 10)
                        {
                            _state = StateAfterIdentification;
                        }

                        continue;

                    case StateBcc:
                        i++;
                        Complete(b == _bcc ? CrcStatus.Ok : CrcStatus.Bad);
                        return i - offset;

                    default:
                        int digit = OpenAmi.P1.Values.HexText.Digit(b);
                        if (digit >= 0 && _crcDigits < 4)
                        {
                            _statedCrc = (_statedCrc << 4) | digit;
                            _crcDigits++;
                            i++;
                            if (_crcDigits < 4)
                            {
                                continue;
                            }
                        }

                        Complete(_crcDigits == 0 ? CrcStatus.None : (_statedCrc == _crc ? CrcStatus.Ok : CrcStatus.Bad));
                        return i - offset;
                }
            }

            return count;
        }

        /// <summary>
        /// Ends the stream: a readout whose data ended ('!') is completed (without ETX and BCC it is bad); one cut
        /// off earlier is dropped. Returns true when that made a readout.
        /// </summary>
        public bool Flush()
        {
            FrameReady = false;
            int state = _state;
            _state = StateIdle;
            if (state == StateLineEnd || state == StateBcc)
            {
                Complete(_withStx ? CrcStatus.Bad : CrcStatus.None);
                return true;
            }

            if (state == StateCrc)
            {
                Complete(_crcDigits == 0 ? CrcStatus.None : (_statedCrc == _crc ? CrcStatus.Ok : CrcStatus.Bad));
                return true;
            }

            if (state == StateData && _withStx && _length > IdentificationLength + 4)
            {
                // The data block never ended: report it bad so it is counted, as the P1 framer reports a bad CRC.
                Put((byte)'!');
                Complete(CrcStatus.Bad);
                return true;
            }

            return false;
        }

        /// <summary>Drops a partial readout.</summary>
        public void Reset()
        {
            _state = StateIdle;
            _length = 0;
            IdentificationLength = 0;
            FrameReady = false;
        }

        private void Begin()
        {
            _length = 0;
            _overflow = false;
            _crc = 0;
            _identificationStart = 0;
            IdentificationLength = 0;
        }

        private void BeginIdentification()
        {
            Begin();
            Put((byte)'/');
            _crc = Crc(0, (byte)'/');
            _state = StateIdentification;
        }

        private void EndIdentification()
        {
            // "/?!" or "/?address!" is the sign-on request (an echo on half-duplex heads), not a meter's reply.
            if (_length > 1 && _buffer[1] == (byte)'?')
            {
                _state = StateIdle;
                _length = 0;
                return;
            }

            IdentificationLength = _length;
            Put(13);
            Put(10);
            Put(13);
            Put(10);
            _state = StateAfterIdentification;
        }

        private void BeginData(bool withStx)
        {
            _withStx = withStx;
            _bcc = 0;
            _inGroup = false;
            _previous = 10;
            _state = StateData;
        }

        private void Data(byte b)
        {
            if (_withStx)
            {
                _bcc ^= b;
            }
            else
            {
                _crc = Crc(_crc, b);
            }

            if (b == (byte)'!' && !_inGroup && (_previous == 10 || _previous == 13 || _previous == (byte)')'))
            {
                Put(b);
                _crcDigits = 0;
                _statedCrc = 0;
                _state = StateLineEnd;
                return;
            }

            if (b == (byte)'(')
            {
                _inGroup = true;
            }
            else if (b == (byte)')' || b == 10)
            {
                _inGroup = false;
            }
            else if (_previous == (byte)')' && b != 13 && b != 10 && b != (byte)' ')
            {
                // Another data set on the same line.
                Put(13);
                Put(10);
            }

            _previous = b;
            Put(b);
        }

        private void Complete(CrcStatus check)
        {
            _state = StateIdle;
            if (_overflow)
            {
                Overflows++;
                _length = 0;
                return;
            }

            FrameReady = true;
            FrameCheck = check;
            if (check == CrcStatus.Bad)
            {
                FramesBad++;
            }
            else
            {
                FramesOk++;
            }
        }

        private void Put(byte b)
        {
            // One byte is kept for the '!' that ends every rendered readout.
            if (_length < _buffer.Length - 1 || (b == (byte)'!' && _length < _buffer.Length))
            {
                _buffer[_length++] = b;
            }
            else
            {
                _overflow = true;
            }
        }

        private static int Crc(int crc, byte b)
        {
            return OpenAmi.P1.Framing.Crc16Arc.Update(crc, b);
        }
    }
}

using OpenAmi.P1.Framing;

namespace OpenAmi.Iec62056
{
    /// <summary>
    /// The IEC 62056-21 mode C readout as a state machine the caller drives with <see cref="Poll"/> and a
    /// monotonic clock: sign-on <c>/?!</c> (or <c>/?address!</c>) at 300 baud; the meter's identification
    /// <c>/XXXZ...</c> offers a baud rate Z; the acknowledgement <c>ACK 0 Z 0 CR LF</c> selects it (capped at
    /// <see cref="MaxBaudRate"/>) and asks for the data readout; both sides switch; the data message
    /// <c>STX ... ! CR LF ETX BCC</c> is checked and handed to the sink as a P1-model frame. A silent or broken
    /// exchange is retried from the sign-on; mode A/B meters (no or letter Z) are read without the switch.
    /// Nothing is allocated after construction.
    /// </summary>
    public sealed class ModeCRequester
    {
        public const int StateIdle = 0;
        public const int StateWaitIdentification = 1;
        public const int StateSwitching = 2;
        public const int StateWaitData = 3;
        public const int StateDone = 4;
        public const int StateFailed = 5;

        /// <summary>The speed every sign-on starts at.</summary>
        public const int InitialBaudRate = 300;

        private static readonly byte[] SignOnStart = { (byte)'/', (byte)'?' };
        private static readonly byte[] SignOnEnd = { (byte)'!', 13, 10 };

        private readonly IIecLine _line;
        private readonly IP1FrameSink _sink;
        private readonly ReadoutFramer _framer;
        private readonly byte[] _receive = new byte[64];
        private readonly byte[] _ack = { 0x06, (byte)'0', (byte)'0', (byte)'0', 13, 10 };
        private byte[] _address;
        private long _deadline;
        private long _lastByteMs;
        private int _attempt;
        private int _baud;

        /// <param name="line">The serial line (7E1).</param>
        /// <param name="sink">Receives the readout, with its BCC verdict as the frame's check.</param>
        /// <param name="capacity">Bound on the rendered readout.</param>
        public ModeCRequester(IIecLine line, IP1FrameSink sink, int capacity)
        {
            _line = line;
            _sink = sink;
            _framer = new ReadoutFramer(capacity);
            MaxBaudRate = 9600;
            ReplyTimeoutMs = 2000;
            CharacterTimeoutMs = 1500;
            Attempts = 3;
        }

        /// <summary>The fastest speed accepted when the meter offers more (optical heads are often good to 9600).</summary>
        public int MaxBaudRate { get; set; }

        /// <summary>How long to wait for the identification after the sign-on (the standard allows 1.5 s).</summary>
        public int ReplyTimeoutMs { get; set; }

        /// <summary>Longest silence inside the data message before the readout is abandoned.</summary>
        public int CharacterTimeoutMs { get; set; }

        /// <summary>Sign-ons tried before the readout fails.</summary>
        public int Attempts { get; set; }

        public int State { get; private set; }

        /// <summary>The speed the data message came (or is coming) at.</summary>
        public int BaudRate
        {
            get { return _baud; }
        }

        /// <summary>The framer, for the identification line and counters.</summary>
        public ReadoutFramer Framer
        {
            get { return _framer; }
        }

        /// <summary>The device address to sign on to ("/?address!"), or null for whichever meter answers.</summary>
        public void SetAddress(byte[] address)
        {
            _address = address;
        }

        /// <summary>Starts a readout now.</summary>
        public void Start(long nowMs)
        {
            _attempt = 0;
            SignOn(nowMs);
        }

        /// <summary>Reads what arrived and advances; returns <see cref="State"/>. Call it often (every 10-50 ms).</summary>
        public int Poll(long nowMs)
        {
            if (State == StateIdle || State == StateDone || State == StateFailed)
            {
                return State;
            }

            if (State == StateSwitching)
            {
                if (nowMs < _deadline)
                {
                    return State;
                }

                _line.SetBaudRate(_baud);
                State = StateWaitData;
                _lastByteMs = nowMs;
            }

            int n;
            while ((n = _line.Read(_receive, 0, _receive.Length)) > 0)
            {
                _lastByteMs = nowMs;
                int pos = 0;
                while (pos < n && State != StateDone)
                {
                    pos += _framer.Feed(_receive, pos, n - pos);
                    if (_framer.FrameReady)
                    {
                        _sink.OnFrame(_framer.Buffer, _framer.FrameLength, _framer.FrameCheck, false);
                        Finish(_framer.FrameCheck == CrcStatus.Bad ? StateFailed : StateDone);
                    }
                    else if (State == StateWaitIdentification && _framer.IdentificationLength > 0 && !_framer.IsIdle)
                    {
                        Acknowledge(nowMs);
                    }
                }

                if (State == StateDone || State == StateFailed || State == StateSwitching)
                {
                    return State;
                }
            }

            long limit = State == StateWaitIdentification ? _deadline : _lastByteMs + CharacterTimeoutMs;
            if (nowMs >= limit)
            {
                Retry(nowMs);
            }

            return State;
        }

        private void SignOn(long nowMs)
        {
            _baud = InitialBaudRate;
            _line.SetBaudRate(InitialBaudRate);
            _framer.Reset();
            _line.Write(SignOnStart, 0, SignOnStart.Length);
            if (_address != null)
            {
                _line.Write(_address, 0, _address.Length);
            }

            _line.Write(SignOnEnd, 0, SignOnEnd.Length);
            _attempt++;
            State = StateWaitIdentification;
            // The sign-on itself takes 33 ms a byte at 300 baud before the meter can answer.
            _deadline = nowMs + ReplyTimeoutMs + ((SignOnStart.Length + SignOnEnd.Length + (_address == null ? 0 : _address.Length)) * 34);
        }

        private void Acknowledge(long nowMs)
        {
            // "/XXXZ...": Z names the speed the meter offers: '0'-'6' in mode C, 'A'-'I' in mode B.
            byte z = _framer.Buffer[4];
            int offered = BaudOf(z);
            if (z >= (byte)'A' && z <= (byte)'I')
            {
                // Mode B: no acknowledgement, both sides switch at once.
                _baud = offered > MaxBaudRate ? MaxBaudRate : offered;
                _line.SetBaudRate(_baud);
                State = StateWaitData;
                _lastByteMs = nowMs;
                return;
            }

            if (offered <= 0)
            {
                // Mode A: the data follows at 300 baud without an acknowledgement.
                State = StateWaitData;
                _lastByteMs = nowMs;
                return;
            }

            byte chosen = z;
            while (BaudOf(chosen) > MaxBaudRate && chosen > (byte)'0')
            {
                chosen--;
            }

            _ack[2] = chosen;
            _line.Write(_ack, 0, _ack.Length);
            _baud = BaudOf(chosen);
            State = StateSwitching;
            // Switch only once the acknowledgement has left at 300 baud (10 bits a byte), with a margin.
            _deadline = nowMs + (_ack.Length * 34) + 50;
        }

        private void Retry(long nowMs)
        {
            if (_attempt >= Attempts)
            {
                Finish(StateFailed);
                return;
            }

            SignOn(nowMs);
        }

        private void Finish(int state)
        {
            State = state;
            _line.SetBaudRate(InitialBaudRate);
            _baud = InitialBaudRate;
        }

        /// <summary>The speed a baud-rate character stands for: '0'-'6' (mode C) or 'A'-'I' (mode B); 0 when none.</summary>
        public static int BaudOf(byte z)
        {
            if (z >= (byte)'0' && z <= (byte)'6')
            {
                return 300 << (z - '0');
            }

            if (z >= (byte)'A' && z <= (byte)'I')
            {
                return 600 << (z - 'A');
            }

            return 0;
        }
    }
}

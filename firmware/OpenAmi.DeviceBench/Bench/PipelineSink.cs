// Shared with the desktop CLI, which compiles with nullable annotations on; the device code is written without them.
#nullable disable
using OpenAmi.P1.Dlms;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.DeviceBench
{
    /// <summary>
    /// The bench's frame sink: parses each frame and either reads every value typed (numbers, units, timestamps) into
    /// a checksum, or, with a mapper, maps it and writes each reading's envelope: the budgets' "frame + parse + VMRS
    /// envelope".
    /// </summary>
    internal sealed class PipelineSink : IP1FrameSink
    {
        private static readonly GatewayIds Ids = new GatewayIds("bench", "device");

        private readonly Telegram _telegram = new Telegram();
        private readonly VmrsMapper _mapper;
        private readonly MeterReading _reading = new MeterReading();
        private readonly MeterReading _subMeter = new MeterReading(8);
        private readonly EnvelopeWriter _envelope = new EnvelopeWriter();

        public PipelineSink(VmrsMapper mapper)
        {
            _mapper = mapper;
        }

        public long FramesOk { get; private set; }

        /// <summary>A sum over every typed value, equal on every platform that reads the same values.</summary>
        public long Checksum { get; private set; }

        /// <summary>Size of the last envelope written (0 without a mapper).</summary>
        public int EnvelopeBytes { get; private set; }

        /// <summary>CRC-32 of the last envelope, worked out when asked (outside the timed loop).</summary>
        public uint EnvelopeCrc
        {
            get { return EnvelopeBytes == 0 ? 0 : Crc32.Compute(_envelope.Buffer, 0, _envelope.Length); }
        }

        public void Reset()
        {
            FramesOk = 0;
            Checksum = 0;
        }

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
            if (crc == CrcStatus.Bad)
            {
                return;
            }

            FramesOk++;
            if (_mapper == null)
            {
                ReadValues(); // the parse stage reads every value typed; the mapping stages read what they map
            }
            else if (_mapper.Map(_telegram, 1700000000L, false, _reading))
            {
                Envelope(_reading);
                for (int i = 0; i < _mapper.SubMeterCount; i++)
                {
                    if (_mapper.MapSubMeter(_telegram, i, _reading, _subMeter))
                    {
                        Envelope(_subMeter);
                    }
                }
            }
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
        }

        private void ReadValues()
        {
            Telegram t = _telegram;
            long sum = Checksum;
            for (int g = 0; g < t.GroupTotal; g++)
            {
                P1Decimal value;
                int unit;
                P1Timestamp stamp;
                if (t.TryGetNumber(g, out value, out unit))
                {
                    sum = (sum * 31) + value.Mantissa + (value.Scale * 7) + unit;
                }
                else if (t.GetKind(g) == P1ValueKind.Timestamp && t.TryGetTimestamp(g, out stamp) && stamp.IsValid)
                {
                    sum = (sum * 31) + stamp.ToUnixSeconds(120, 60, 60);
                }
            }

            Checksum = sum;
        }

        private void Envelope(MeterReading reading)
        {
            if (_envelope.Write(reading, Ids, null, FramesOk, false))
            {
                EnvelopeBytes = _envelope.Length;
            }
        }
    }
}

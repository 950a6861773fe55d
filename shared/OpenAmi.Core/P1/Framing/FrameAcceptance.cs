using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;

namespace OpenAmi.P1.Framing
{
    /// <summary>
    /// The one place that decides whether a parsed frame is a meter's telegram, for one port (one byte stream and
    /// its decoder). Every consumer that turns frames into data (the gateway on Linux and on the device, the CLI)
    /// asks it, so noise never becomes a meter and a damaged or refused frame is counted, never published.
    /// </summary>
    /// <remarks>
    /// A CRC proves a frame; nothing proves a frame without one. It is accepted only when all of these hold:
    /// <list type="bullet">
    /// <item>the port's meter sends no CRC: the port never delivered a CRC-checked frame, and the telegram does not
    /// declare a dialect that has one (DSMR 4 or later, eMUCS-P1);</item>
    /// <item>its identification line is printable text of a sane length;</item>
    /// <item>it has at least <see cref="MinLinesWithoutCrc"/> well-formed COSEM lines, and more well-formed lines
    /// than malformed ones.</item>
    /// </list>
    /// A CRC-checked frame still needs a sane identification line and one well-formed COSEM line. A port with a
    /// decryption key refuses plaintext telegrams unless <see cref="AllowPlaintext"/> is set.
    /// Allocation-free: one instance per port, counters in one small array.
    /// </remarks>
    public sealed class FrameAcceptance
    {
        /// <summary>Well-formed COSEM lines a frame without CRC needs at least.</summary>
        public const int MinLinesWithoutCrc = 3;

        /// <summary>Shortest identification line, '/' included: '/', three letters and a baud character ("/KAM5").</summary>
        public const int MinHeaderLength = 5;

        /// <summary>Longest identification line: IEC 62056-21 allows 16 identifier characters; real ones stay near 21.</summary>
        public const int MaxHeaderLength = 48;

        private const int FirstDsmrVersionWithCrc = 40;

        private static readonly long DsmrVersion = new ObisCode(1, 3, 0, 2, 8).Key;
        private static readonly long EmucsVersion = new ObisCode(0, 0, 96, 1, 4).Key;

        private readonly int[] _counts = new int[FrameVerdict.Count];
        private bool _portSendsCrc;

        /// <summary>
        /// True when the port has a decryption key: a telegram that did not come out of a verified encrypted frame
        /// is then refused, unless <see cref="AllowPlaintext"/> is set.
        /// </summary>
        public bool RequireEncryption { get; set; }

        /// <summary>Lets a port with a key also take plaintext telegrams (the allow_plaintext setting).</summary>
        public bool AllowPlaintext { get; set; }

        /// <summary>True once the port delivered an accepted CRC-checked frame: from then on a frame without CRC is refused.</summary>
        public bool PortSendsCrc
        {
            get { return _portSendsCrc; }
        }

        /// <summary>Frames judged so far.</summary>
        public int Judged { get; private set; }

        /// <summary>Frames refused so far, whatever the reason.</summary>
        public int Refused
        {
            get { return Judged - _counts[FrameVerdict.Accepted]; }
        }

        /// <summary>How many frames got <paramref name="verdict"/>.</summary>
        public int CountOf(int verdict)
        {
            return _counts[verdict];
        }

        /// <summary>Judges one parsed frame of this port, counts the verdict and returns it (<see cref="FrameVerdict"/>).</summary>
        public int Judge(Telegram telegram)
        {
            int verdict = Decide(telegram);
            _counts[verdict]++;
            Judged++;
            if (verdict == FrameVerdict.Accepted && telegram.Crc == CrcStatus.Ok)
            {
                _portSendsCrc = true;
            }

            return verdict;
        }

        private int Decide(Telegram telegram)
        {
            // Noise first: bytes that are no telegram at all are counted as such, whatever followed their '!'.
            if (!HasSaneHeader(telegram))
            {
                return FrameVerdict.BadHeader;
            }

            CrcStatus crc = telegram.Crc;
            int lines = telegram.ObjectCount;
            if (lines == 0 || (crc == CrcStatus.None && lines < MinLinesWithoutCrc))
            {
                return FrameVerdict.TooFewLines;
            }

            if (crc == CrcStatus.None && lines <= telegram.ErrorCount)
            {
                return FrameVerdict.MostlyMalformed;
            }

            if (crc == CrcStatus.Bad)
            {
                return FrameVerdict.BadCrc;
            }

            if (crc == CrcStatus.None && (_portSendsCrc || DeclaresCrcDialect(telegram)))
            {
                return FrameVerdict.CrcMissing;
            }

            if (RequireEncryption && !AllowPlaintext && !telegram.WasEncrypted)
            {
                return FrameVerdict.PlaintextRefused;
            }

            return FrameVerdict.Accepted;
        }

        private static bool HasSaneHeader(Telegram telegram)
        {
            int length = telegram.HeaderLength;
            if (length < MinHeaderLength || length > MaxHeaderLength)
            {
                return false;
            }

            byte[] source = telegram.Source;
            for (int i = 1; i < length; i++)
            {
                byte b = source[i];
                if (b < 0x20 || b > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        // DSMR 4.0 and later, and Belgium's eMUCS-P1, always send a CRC: such a telegram without one lost it.
        private static bool DeclaresCrcDialect(Telegram telegram)
        {
            if (telegram.Find(EmucsVersion) >= 0)
            {
                return true;
            }

            int version = telegram.Find(DsmrVersion);
            long value;
            return version >= 0 && telegram.GetGroupCount(version) > 0
                && telegram.TryGetInteger(telegram.GetFirstGroup(version), out value)
                && value >= FirstDsmrVersionWithCrc;
        }
    }
}

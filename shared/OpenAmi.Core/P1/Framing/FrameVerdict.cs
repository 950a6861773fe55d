namespace OpenAmi.P1.Framing
{
    /// <summary>What <see cref="FrameAcceptance"/> decided about one frame: accepted, or why not.</summary>
    public static class FrameVerdict
    {
        /// <summary>A meter's telegram: its values are data.</summary>
        public const int Accepted = 0;

        /// <summary>A telegram whose CRC digits do not match, or whose CRC field is damaged.</summary>
        public const int BadCrc = 1;

        /// <summary>
        /// A telegram without CRC digits from a meter that sends them: its port already delivered a CRC-checked
        /// frame, or the telegram itself declares DSMR 4 or later (1-3:0.2.8) or eMUCS-P1 (0-0:96.1.4).
        /// </summary>
        public const int CrcMissing = 2;

        /// <summary>A plaintext telegram on a port configured with a decryption key (allow_plaintext is off).</summary>
        public const int PlaintextRefused = 3;

        /// <summary>Not a telegram: the identification line is not printable text of a sane length.</summary>
        public const int BadHeader = 4;

        /// <summary>Not a telegram: too few well-formed COSEM lines (3 without a CRC, 1 with one).</summary>
        public const int TooFewLines = 5;

        /// <summary>Not a telegram: a frame without CRC whose lines are mostly malformed.</summary>
        public const int MostlyMalformed = 6;

        /// <summary>Number of verdict codes, for counters indexed by verdict.</summary>
        public const int Count = 7;

        /// <summary>True for the verdicts that say the bytes were noise rather than a damaged or refused telegram.</summary>
        public static bool IsNoise(int verdict)
        {
            return verdict >= BadHeader;
        }

        /// <summary>A short English description, for logs and tools (never on a per-frame path of the device).</summary>
        public static string Describe(int verdict)
        {
            switch (verdict)
            {
                case Accepted: return "accepted";
                case BadCrc: return "bad CRC";
                case CrcMissing: return "no CRC from a meter that sends one";
                case PlaintextRefused: return "plaintext on a port with a decryption key";
                case BadHeader: return "identification line is not printable text of a sane length";
                case TooFewLines: return "too few well-formed COSEM lines";
                case MostlyMalformed: return "most lines malformed";
                default: return "unknown verdict";
            }
        }
    }
}

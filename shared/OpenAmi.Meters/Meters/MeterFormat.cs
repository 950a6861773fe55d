namespace OpenAmi.Meters
{
    /// <summary>The southbound formats the gateway reads, as small codes so a port carries no string.</summary>
    public static class MeterFormat
    {
        /// <summary>Not known yet: decided from the first bytes of the stream.</summary>
        public const int Auto = 0;

        /// <summary>P1 text telegrams (DSMR, eMUCS, Smarty...), plain or in a DLMS general-global-ciphering envelope.</summary>
        public const int P1 = 1;

        /// <summary>DLMS/COSEM push in HDLC frames (the "HAN" of Norway, Sweden, Austria, Switzerland).</summary>
        public const int Hdlc = 2;

        /// <summary>DLMS/COSEM push in wired M-Bus long frames (Austrian customer interfaces).</summary>
        public const int Mbus = 3;

        /// <summary>IEC 62056-21 readouts: a mode A/B/C data message or a mode D push.</summary>
        public const int Iec62056 = 4;

        /// <summary>The name used in the CLI and JSON: auto, p1, hdlc, mbus, iec62056-21.</summary>
        public static string NameOf(int format)
        {
            switch (format)
            {
                case P1: return "p1";
                case Hdlc: return "hdlc";
                case Mbus: return "mbus";
                case Iec62056: return "iec62056-21";
                default: return "auto";
            }
        }

        /// <summary>The code of a name (see <see cref="NameOf"/>), "han" meaning either DLMS link; -1 when unknown.</summary>
        public static int Parse(string name)
        {
            if (name == "auto")
            {
                return Auto;
            }

            if (name == "p1")
            {
                return P1;
            }

            if (name == "hdlc" || name == "han")
            {
                return Hdlc;
            }

            if (name == "mbus")
            {
                return Mbus;
            }

            return name == "iec62056-21" || name == "iec" ? Iec62056 : -1;
        }

        /// <summary>True for the DLMS push formats, which one HAN decoder reads both of.</summary>
        public static bool IsHan(int format)
        {
            return format == Hdlc || format == Mbus;
        }
    }
}

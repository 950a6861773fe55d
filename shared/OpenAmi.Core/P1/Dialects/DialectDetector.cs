using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;

namespace OpenAmi.P1.Dialects
{
    /// <summary>
    /// Names the dialect of a parsed telegram from its header and a few marker objects. Only for display and
    /// defaults (baud rate, clock offset); parsing itself never depends on the dialect.
    /// </summary>
    public static class DialectDetector
    {
        // Header prefixes (after '/') that identify a dialect on their own; checked first, in this order.
        private static readonly string[] HeaderPrefixes = { "DLMS", "FLU", "Lux", "ESY", "EST", "KAM", "ISk5\\2MIE" };

        private static readonly P1Dialect[] HeaderDialects =
        {
            P1Dialect.DlmsPush, P1Dialect.BelgiumEmucs, P1Dialect.LuxembourgSmarty, P1Dialect.EasyMeterQ3D,
            P1Dialect.Austria, P1Dialect.Sweden, P1Dialect.IrelandIskra,
        };

        private static readonly long BelgianVersion = new ObisCode(0, 0, 96, 1, 4).Key;
        private static readonly long DeviceName = new ObisCode(0, 0, 42, 0, 0).Key;
        private static readonly long DsmrVersion = new ObisCode(1, 3, 0, 2, 8).Key;
        private static readonly long Frequency = new ObisCode(1, 0, 14, 7, 0).Key;
        private static readonly long QuadrantReactive = new ObisCode(1, 0, 5, 8, 0).Key;
        private static readonly long EasyMeterSerial = new ObisCode(0, 0, 96, 1, 255).Key;

        /// <summary>The dialect of <paramref name="telegram"/>.</summary>
        public static P1Dialect Detect(Telegram telegram)
        {
            for (int i = 0; i < HeaderPrefixes.Length; i++)
            {
                if (HeaderStartsWith(telegram, HeaderPrefixes[i]))
                {
                    return HeaderDialects[i];
                }
            }

            if (telegram.Find(BelgianVersion) >= 0)
            {
                return P1Dialect.BelgiumEmucs;
            }

            if (telegram.Find(EasyMeterSerial) >= 0)
            {
                return P1Dialect.EasyMeterQ3D;
            }

            if (telegram.Find(DeviceName) >= 0)
            {
                return telegram.Find(QuadrantReactive) >= 0 && telegram.Find(Frequency) >= 0
                    ? P1Dialect.HungaryEon
                    : P1Dialect.LuxembourgSmarty;
            }

            int version = telegram.Find(DsmrVersion);
            long value;
            if (version >= 0 && telegram.GetGroupCount(version) > 0
                && telegram.TryGetInteger(telegram.GetFirstGroup(version), out value))
            {
                if (value >= 50)
                {
                    return P1Dialect.Dsmr5;
                }

                if (value >= 40)
                {
                    return P1Dialect.Dsmr4;
                }
            }

            return telegram.Crc == CrcStatus.None ? P1Dialect.Dsmr2And3 : P1Dialect.Unknown;
        }

        /// <summary>A readable name such as "DSMR 5" or "Belgium eMUCS-P1".</summary>
        public static string NameOf(P1Dialect dialect)
        {
            switch (dialect)
            {
                case P1Dialect.Dsmr2And3: return "DSMR 2.2/3";
                case P1Dialect.Dsmr4: return "DSMR 4";
                case P1Dialect.Dsmr5: return "DSMR 5";
                case P1Dialect.BelgiumEmucs: return "Belgium eMUCS-P1";
                case P1Dialect.LuxembourgSmarty: return "Luxembourg Smarty";
                case P1Dialect.Sweden: return "Sweden";
                case P1Dialect.Austria: return "Austria";
                case P1Dialect.HungaryEon: return "Hungary E.ON";
                case P1Dialect.IrelandIskra: return "Ireland Iskra";
                case P1Dialect.EasyMeterQ3D: return "EasyMeter Q3D";
                case P1Dialect.DlmsPush: return "DLMS push (HAN)";
                default: return "unknown";
            }
        }

        private static bool HeaderStartsWith(Telegram telegram, string prefix)
        {
            byte[] source = telegram.Source;
            if (telegram.HeaderLength < prefix.Length + 1)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (source[1 + i] != (byte)prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}

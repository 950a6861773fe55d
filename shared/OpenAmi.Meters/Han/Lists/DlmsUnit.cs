namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// DLMS unit codes (IEC 62056-6-2 enum) and the P1 text each becomes after '*', pre-encoded so rendering a
    /// value allocates nothing. Also the quantity an OBIS code measures, for lists that send values without a
    /// scaler and unit (Kamstrup, Kaifa, the Swiss push lists): their scaler comes from a table by quantity.
    /// </summary>
    public static class DlmsUnit
    {
        public const int Second = 7;
        public const int Degree = 8;
        public const int CubicMetre = 13;
        public const int Watt = 27;
        public const int VoltAmpere = 28;
        public const int Var = 29;
        public const int WattHour = 30;
        public const int VoltAmpereHour = 31;
        public const int VarHour = 32;
        public const int Ampere = 33;
        public const int Volt = 35;
        public const int Hertz = 44;

        /// <summary>"count" and "other": a number without a unit.</summary>
        public const int Count = 255;
        public const int Other = 254;

        /// <summary>Quantities whose scaler a list table gives.</summary>
        public const int QuantityNone = 0;
        public const int QuantityVoltage = 1;
        public const int QuantityCurrent = 2;
        public const int QuantityPower = 3;
        public const int QuantityEnergy = 4;

        // Built on the first push list, not at boot: nanoCLR runs every static constructor when it loads the assembly,
        // and most gateways read P1 only (StaticTablesBudgetTests). Indexed by IndexOf.
        private static byte[][] _texts;

        /// <summary>The P1 text of a DLMS unit, or null for none (count, other, or a unit P1 has no name for).</summary>
        public static byte[] TextOf(int unit)
        {
            int i = IndexOf(unit);
            if (i < 0)
            {
                return null;
            }

            if (_texts == null)
            {
                _texts = BuildTexts();
            }

            return _texts[i];
        }

        private static byte[][] BuildTexts()
        {
            return new byte[][]
            {
                Ascii("s"), Ascii("deg"), Ascii("m3"), Ascii("W"), Ascii("VA"), Ascii("var"), Ascii("Wh"), Ascii("VAh"),
                Ascii("varh"), Ascii("A"), Ascii("V"), Ascii("Hz"),
            };
        }

        private static int IndexOf(int unit)
        {
            switch (unit)
            {
                case Second: return 0;
                case Degree: return 1;
                case CubicMetre: return 2;
                case Watt: return 3;
                case VoltAmpere: return 4;
                case Var: return 5;
                case WattHour: return 6;
                case VoltAmpereHour: return 7;
                case VarHour: return 8;
                case Ampere: return 9;
                case Volt: return 10;
                case Hertz: return 11;
                default: return -1;
            }
        }

        /// <summary>The quantity of an electricity OBIS code (value group C with D = 7 or 8), or <see cref="QuantityNone"/>.</summary>
        public static int QuantityOf(long obisKey)
        {
            int a = (int)((obisKey >> 40) & 0xFF);
            int c = (int)((obisKey >> 24) & 0xFF);
            int d = (int)((obisKey >> 16) & 0xFF);
            if (a != 1 || c == 0 || c > 80)
            {
                return QuantityNone;
            }

            int kind = PhaseKind(c);
            if (d == 8 && (kind == KindActive || kind == KindReactive || kind == KindApparent))
            {
                return QuantityEnergy;
            }

            if (d != 7)
            {
                return QuantityNone;
            }

            if (kind == KindVoltage)
            {
                return QuantityVoltage;
            }

            if (kind == KindCurrent)
            {
                return QuantityCurrent;
            }

            return kind == KindActive || kind == KindReactive || kind == KindApparent ? QuantityPower : QuantityNone;
        }

        /// <summary>The unit of a quantity on this OBIS code (W, var or VA for power; Wh, varh or VAh for energy; V; A).</summary>
        public static int UnitOf(long obisKey, int quantity)
        {
            int kind = PhaseKind((int)((obisKey >> 24) & 0xFF));
            switch (quantity)
            {
                case QuantityVoltage: return Volt;
                case QuantityCurrent: return Ampere;
                case QuantityPower: return kind == KindReactive ? Var : (kind == KindApparent ? VoltAmpere : Watt);
                case QuantityEnergy: return kind == KindReactive ? VarHour : (kind == KindApparent ? VoltAmpereHour : WattHour);
                default: return Count;
            }
        }

        private const int KindOther = 0;
        private const int KindActive = 1;
        private const int KindReactive = 2;
        private const int KindApparent = 3;
        private const int KindCurrent = 4;
        private const int KindVoltage = 5;

        // Value group C repeats every 20 for phases L1 (21-40), L2 (41-60), L3 (61-80) after the totals (1-20).
        private static int PhaseKind(int c)
        {
            int q = ((c - 1) % 20) + 1;
            switch (q)
            {
                case 1:
                case 2:
                case 15:
                case 16: return KindActive;
                case 3:
                case 4:
                case 5:
                case 6:
                case 7:
                case 8: return KindReactive;
                case 9:
                case 10: return KindApparent;
                case 11: return KindCurrent;
                case 12: return KindVoltage;
                default: return KindOther;
            }
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}

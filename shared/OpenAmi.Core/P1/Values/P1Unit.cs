namespace OpenAmi.P1.Values
{
    /// <summary>
    /// Units that appear after '*' in P1 values, as small codes so a parsed value carries no string.
    /// Meters write them in any letter case ("kWh", "kwh", "KWH"), so matching folds ASCII case.
    /// </summary>
    public static class P1Unit
    {
        /// <summary>No unit was written.</summary>
        public const int None = 0;
        public const int KilowattHour = 1;
        public const int WattHour = 2;
        public const int Kilowatt = 3;
        public const int Watt = 4;
        public const int Volt = 5;
        public const int Ampere = 6;
        public const int CubicMetre = 7;
        public const int Gigajoule = 8;
        public const int Megajoule = 9;
        public const int KilovarHour = 10;
        public const int VarHour = 11;
        public const int Kilovar = 12;
        public const int Var = 13;
        public const int Second = 14;
        public const int Hertz = 15;
        public const int KilovoltAmpere = 16;
        public const int VoltAmpere = 17;
        public const int KilovoltAmpereHour = 18;
        public const int VoltAmpereHour = 19;

        /// <summary>A unit was written but is not in the table; the raw text still has it.</summary>
        public const int Unknown = 255;

        // Canonical spellings, indexed by code. Matching is case-insensitive, so "kVArh" and "kvarh" both hit 10.
        private static readonly string[] Names =
        {
            // "" and not string.Empty: on nanoCLR string.Empty reads as null in a static initializer.
            "", "kWh", "Wh", "kW", "W", "V", "A", "m3", "GJ", "MJ",
            "kvarh", "varh", "kvar", "var", "s", "Hz", "kVA", "VA", "kVAh", "VAh",
        };

        /// <summary>The canonical spelling of a unit code ("kWh"); "?" for <see cref="Unknown"/>.</summary>
        public static string NameOf(int unit)
        {
            if (unit >= 0 && unit < Names.Length)
            {
                return Names[unit];
            }

            return "?";
        }

        /// <summary>
        /// Finds the unit spelled by bytes [start, start+length) of <paramref name="text"/>, in any case.
        /// Returns <see cref="None"/> for an empty range and <see cref="Unknown"/> when it is not in the table.
        /// </summary>
        /// <remarks>
        /// The folded letters are packed into one integer and matched by a switch: one pass over the unit's few
        /// bytes instead of a walk through the table, which matters on the interpreter (every value has a unit).
        /// </remarks>
        public static int Lookup(byte[] text, int start, int length)
        {
            if (length == 0)
            {
                return None;
            }

            if (length > 5)
            {
                return Unknown;
            }

            long packed = 0;
            for (int i = 0; i < length; i++)
            {
                int b = text[start + i];
                packed = (packed << 8) | (long)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            }

            switch (packed)
            {
                case 'w': return Watt;
                case 'v': return Volt;
                case 'a': return Ampere;
                case 's': return Second;
                case ('w' << 8) | 'h': return WattHour;
                case ('k' << 8) | 'w': return Kilowatt;
                case ('m' << 8) | '3': return CubicMetre;
                case ('g' << 8) | 'j': return Gigajoule;
                case ('m' << 8) | 'j': return Megajoule;
                case ('h' << 8) | 'z': return Hertz;
                case ('v' << 8) | 'a': return VoltAmpere;
                case ('k' << 16) | ('w' << 8) | 'h': return KilowattHour;
                case ('v' << 16) | ('a' << 8) | 'r': return Var;
                case ('k' << 16) | ('v' << 8) | 'a': return KilovoltAmpere;
                case ('v' << 16) | ('a' << 8) | 'h': return VoltAmpereHour;
                case ('v' << 24) | ('a' << 16) | ('r' << 8) | 'h': return VarHour;
                case ('k' << 24) | ('v' << 16) | ('a' << 8) | 'r': return Kilovar;
                case ('k' << 24) | ('v' << 16) | ('a' << 8) | 'h': return KilovoltAmpereHour;
                case (0x6BL << 32) | ('v' << 24) | ('a' << 16) | ('r' << 8) | 'h': return KilovarHour;
                default: return Unknown;
            }
        }
    }
}

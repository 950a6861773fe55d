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

        /// <summary>A unit was written but is not in the table; the raw text still has it.</summary>
        public const int Unknown = 255;

        // Canonical spellings, indexed by code. Matching is case-insensitive, so "kVArh" and "kvarh" both hit 10.
        private static readonly string[] Names =
        {
            // "" and not string.Empty: on nanoCLR string.Empty reads as null in a static initializer.
            "", "kWh", "Wh", "kW", "W", "V", "A", "m3", "GJ", "MJ",
            "kvarh", "varh", "kvar", "var", "s", "Hz", "kVA", "VA", "kVAh",
        };

        // The same, lower-cased bytes: matching runs per value, and walking strings there would cost on the device.
        private static readonly byte[][] Folded = Fold(Names);

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
        public static int Lookup(byte[] text, int start, int length)
        {
            if (length == 0)
            {
                return None;
            }

            for (int code = 1; code < Folded.Length; code++)
            {
                byte[] name = Folded[code];
                if (name.Length != length)
                {
                    continue;
                }

                int i = 0;
                while (i < length && FoldCase(text[start + i]) == name[i])
                {
                    i++;
                }

                if (i == length)
                {
                    return code;
                }
            }

            return Unknown;
        }

        private static byte[][] Fold(string[] names)
        {
            byte[][] folded = new byte[names.Length][];
            for (int i = 0; i < names.Length; i++)
            {
                byte[] bytes = OpenAmi.Text.Ascii.GetBytes(names[i]);
                for (int j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = (byte)FoldCase(bytes[j]);
                }

                folded[i] = bytes;
            }

            return folded;
        }

        private static int FoldCase(byte b)
        {
            return b >= (byte)'A' && b <= (byte)'Z' ? b + 32 : b;
        }
    }
}

using OpenAmi.P1.Values;
using OpenAmi.Text;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The units written in the envelope, as small codes with their text pre-encoded, and the conversion from P1
    /// units: energy in kilo-units (Wh to kWh), power in base units (kW to W), everything else as sent. The
    /// conversion moves the decimal point, so it is exact.
    /// </summary>
    public static class NorthboundUnits
    {
        public const int None = 0;
        public const int KilowattHour = 1;
        public const int Watt = 2;
        public const int Volt = 3;
        public const int Ampere = 4;
        public const int CubicMetre = 5;
        public const int Gigajoule = 6;
        public const int Megajoule = 7;
        public const int KilovarHour = 8;
        public const int Var = 9;
        public const int Second = 10;
        public const int Hertz = 11;
        public const int VoltAmpere = 12;
        public const int KilovoltAmpereHour = 13;
        public const int DateTime = 14;
        public const int Count = 15;
        public const int Text = 16;
        public const int Bitfield = 17;
        public const int CurrencyOrKilowattHour = 18;
        public const int Enum = 19;
        public const int Event = 20;

        /// <summary>Longest unit text with its quotes ("currency or kWh").</summary>
        public const int MaxJsonLength = 17;

        /// <summary>A unit the tables do not know: its text as the meter wrote it is kept with the register.</summary>
        public const int Raw = 255;

        private static readonly string[] Names =
        {
            // "" and not string.Empty: on nanoCLR string.Empty reads as null in a static initializer.
            "", "kWh", "W", "V", "A", "m3", "GJ", "MJ", "kvarh", "var", "s", "Hz", "VA", "kVAh",
            "datetime", "count", "text", "bitfield", "currency or kWh", "enum", "event",
        };

        private static readonly byte[][] Json = Ascii.GetQuotedBytes(Names);

        // Indexed by P1Unit code: the northbound unit, and the power of ten to multiply the value by.
        private static readonly byte[] FromP1 =
        {
            None, KilowattHour, KilowattHour, Watt, Watt, Volt, Ampere, CubicMetre, Gigajoule, Megajoule,
            KilovarHour, KilovarHour, Var, Var, Second, Hertz, VoltAmpere, VoltAmpere, KilovoltAmpereHour, KilovoltAmpereHour,
        };

        private static readonly sbyte[] Shift =
        {
            0, 0, -3, 3, 0, 0, 0, 0, 0, 0,
            0, -3, 3, 0, 0, 0, 3, 0, 0, -3,
        };

        /// <summary>The unit's text, e.g. "kWh"; null for <see cref="Raw"/>. For tools and tests.</summary>
        public static string NameOf(int unit)
        {
            return unit >= 0 && unit < Names.Length ? Names[unit] : null;
        }

        /// <summary>The unit as a quoted JSON string, e.g. <c>"kWh"</c> with its quotes.</summary>
        public static byte[] JsonOf(int unit)
        {
            return Json[unit];
        }

        /// <summary>The northbound unit of a P1 unit code; <see cref="Raw"/> for a unit the tables do not know.</summary>
        public static int OfP1(int p1Unit)
        {
            return p1Unit >= 0 && p1Unit < FromP1.Length ? FromP1[p1Unit] : Raw;
        }

        /// <summary>
        /// Converts <paramref name="mantissa"/> × 10^-<paramref name="scale"/> to the northbound unit of
        /// <paramref name="p1Unit"/> in place, as <see cref="Convert(P1Decimal, int)"/> does, and returns that unit
        /// (<see cref="OfP1"/>): full mode converts every register, and on the interpreter a decimal struct made, returned
        /// and copied, or a second call, costs more than the arithmetic.
        /// </summary>
        public static int Convert(ref long mantissa, ref int scale, int p1Unit)
        {
            if (p1Unit < 0 || p1Unit >= Shift.Length)
            {
                return Raw;
            }

            scale -= Shift[p1Unit]; // kW to W moves the point right, Wh to kWh left
            if (scale < 0)
            {
                mantissa *= P1Decimal.Pow10(-scale); // decimal places used up first: "1.193 kW" is 1193 W, not 1193.000
                scale = 0;
            }

            return FromP1[p1Unit];
        }

        /// <summary>The value converted to the northbound unit of <paramref name="p1Unit"/>.</summary>
        public static P1Decimal Convert(P1Decimal value, int p1Unit)
        {
            int shift = p1Unit >= 0 && p1Unit < Shift.Length ? Shift[p1Unit] : 0;
            if (shift > 0)
            {
                return value.MultiplyByPowerOfTen(shift);
            }

            return shift < 0 ? value.DivideByPowerOfTen(-shift) : value;
        }
    }
}

using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// P1 units to northbound units, as a table: energy in kilo-units (Wh to kWh), power in base units (kW to W),
    /// everything else as sent. The conversion moves the decimal point, so it is exact.
    /// </summary>
    public static class NorthboundUnits
    {
        // Indexed by P1Unit code: the northbound unit and the power of ten to multiply by.
        private static readonly string[] Names =
        {
            string.Empty, "kWh", "kWh", "W", "W", "V", "A", "m3", "GJ", "MJ",
            "kvarh", "kvarh", "var", "var", "s", "Hz", "VA", "VA", "kVAh",
        };

        private static readonly int[] Shift =
        {
            0, 0, -3, 3, 0, 0, 0, 0, 0, 0,
            0, -3, 3, 0, 0, 0, 3, 0, 0,
        };

        /// <summary>The northbound unit for a P1 unit code; null for an unknown unit (keep the raw text).</summary>
        public static string NameOf(int p1Unit)
        {
            return p1Unit >= 0 && p1Unit < Names.Length ? Names[p1Unit] : null;
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

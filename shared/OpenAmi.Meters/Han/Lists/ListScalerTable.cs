namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// Push lists that name each value by its OBIS code but send no scaler or unit (Kamstrup, the Swiss VSE push
    /// configuration): the scaler of each quantity, from the maker's or grid operator's published list. A list is
    /// recognised by its list identifier (Kamstrup) or by the maker prefix of its device name and the push setup
    /// it comes from (Swiss meters). A new list version is a new row. This is a data table.
    /// </summary>
    public static class ListScalerTable
    {
        private const int MaxRows = 16;

        // Built on the first push list that needs a row, not at boot: nanoCLR runs every static constructor when it
        // loads the assembly, and most gateways read P1 only (StaticTablesBudgetTests).
        private static byte[][] RowKey;
        private static long[] RowPushSetup;
        private static sbyte[] RowVoltage;
        private static sbyte[] RowCurrent;
        private static sbyte[] RowPower;
        private static sbyte[] RowEnergy;
        private static string[] RowName;
        private static int _rows;

        /// <summary>Matches any push setup.</summary>
        public const long AnyPushSetup = -1;

        private static void EnsureBuilt()
        {
            if (RowName != null)
            {
                return;
            }

            RowKey = new byte[MaxRows][];
            RowPushSetup = new long[MaxRows];
            RowVoltage = new sbyte[MaxRows];
            RowCurrent = new sbyte[MaxRows];
            RowPower = new sbyte[MaxRows];
            RowEnergy = new sbyte[MaxRows];
            _rows = 0;
            var names = new string[MaxRows];
            for (int i = 0; i < MaxRows; i++)
            {
                names[i] = ""; // every slot assigned: a never-assigned string[] slot crashes nanoCLR when compared
            }

            // Kamstrup Omnipower (Norway, Sweden, Denmark): U in V, I in 0.01 A, P in W, energies in 10 Wh.
            Row(names, "Kamstrup list V0001", "Kamstrup_V0001", AnyPushSetup, 0, -2, 0, 1);

            // Swiss VSE push configuration (2026 and earlier): Iskraemeco AM550 and L+G E360 send U in 0.1 V,
            // L+G E450/E570 in V; all send I in 0.01 A, P in W and energies in Wh. E450 pushes from 0-8:25.9.0.
            Row(names, "Iskraemeco (Swiss push list)", "ISK", AnyPushSetup, -1, -2, 0, 0);
            Row(names, "Landis+Gyr E450 (Swiss push list)", "LGZ", OpenAmi.P1.Obis.ObisCode.Pack(0, 8, 25, 9, 0, 255), 0, -2, 0, 0);
            Row(names, "Landis+Gyr E360 (Swiss push list)", "LGZ", AnyPushSetup, -1, -2, 0, 0);
            RowName = names; // last: a reader that sees the names sees the rows too
        }

        /// <summary>
        /// The row whose key equals the start of bytes [offset, offset+length) (a list id must match whole, a maker
        /// prefix its first bytes) and whose push setup fits; -1 when none does.
        /// </summary>
        public static int Find(byte[] text, int offset, int length, bool wholeId, long pushSetup)
        {
            EnsureBuilt();
            for (int r = 0; r < _rows; r++)
            {
                byte[] key = RowKey[r];
                if (length < key.Length || (wholeId && length != key.Length))
                {
                    continue;
                }

                int i = 0;
                while (i < key.Length && text[offset + i] == key[i])
                {
                    i++;
                }

                if (i == key.Length && (RowPushSetup[r] == AnyPushSetup || RowPushSetup[r] == pushSetup))
                {
                    return r;
                }
            }

            return -1;
        }

        /// <summary>The scaler of a quantity (see <see cref="DlmsUnit"/>) in a row.</summary>
        public static int ScalerOf(int row, int quantity)
        {
            EnsureBuilt();
            switch (quantity)
            {
                case DlmsUnit.QuantityVoltage: return RowVoltage[row];
                case DlmsUnit.QuantityCurrent: return RowCurrent[row];
                case DlmsUnit.QuantityPower: return RowPower[row];
                default: return RowEnergy[row];
            }
        }

        public static string NameOf(int row)
        {
            EnsureBuilt();
            return RowName[row];
        }

        private static void Row(string[] names, string name, string key, long pushSetup, int voltage, int current, int power, int energy)
        {
            byte[] bytes = new byte[key.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)key[i];
            }

            names[_rows] = name;
            RowKey[_rows] = bytes;
            RowPushSetup[_rows] = pushSetup;
            RowVoltage[_rows] = (sbyte)voltage;
            RowCurrent[_rows] = (sbyte)current;
            RowPower[_rows] = (sbyte)power;
            RowEnergy[_rows] = (sbyte)energy;
            _rows++;
        }
    }
}

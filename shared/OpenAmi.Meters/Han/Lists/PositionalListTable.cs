using OpenAmi.P1.Obis;

namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// Push lists that send bare values, in an order the maker or grid operator publishes: per list, the OBIS
    /// code, scaler and unit of each position. A list is recognised by its identifier where it sends one
    /// (Kaifa "KFM_001", Elektro Celje "UP_3f") and always by its length and the kind of each element
    /// (S string, N number, T date-time, O an OBIS code). A new list version is a new row.
    /// This is a data table.
    /// </summary>
    public static class PositionalListTable
    {
        /// <summary>What a position holds.</summary>
        public const byte KindValue = 0;
        public const byte KindDrop = 1;
        public const byte KindTime = 2;
        public const byte KindDate = 3;

        private const int MaxRows = 24;
        private const int MaxEntries = 256;

        private static byte[][] RowId;
        private static int[] RowIdPosition;
        private static byte[][] RowSignature;
        private static int[] RowFirst;
        private static string[] RowName;

        private static long[] EntryObis;
        private static sbyte[] EntryScaler;
        private static byte[] EntryUnit;
        private static byte[] EntryKind;

        private static int _rows;
        private static int _entries;

        private static readonly object Sync = new object();
        private static bool _built;

        // Built on the first HAN list, not at boot: nanoCLR runs static constructors when it loads the assembly, and
        // a gateway that reads P1 only should not hold 5 KB of list tables it never uses. Row indices come from
        // Count, so every reader passes through it first.
        private static void EnsureBuilt()
        {
            lock (Sync)
            {
                if (_built)
                {
                    return;
                }

                RowId = new byte[MaxRows][];
                RowIdPosition = new int[MaxRows];
                RowSignature = new byte[MaxRows][];
                RowFirst = new int[MaxRows];
                RowName = new string[MaxRows];
                EntryObis = new long[MaxEntries];
                EntryScaler = new sbyte[MaxEntries];
                EntryUnit = new byte[MaxEntries];
                EntryKind = new byte[MaxEntries];
                Build();
                _built = true;
            }
        }

        private static void Build()
        {
            // Kaifa MA304 (Norway, Sweden): NVE/NEK list KFM_001. List 1 every 2 s, list 2 every 10 s, list 3 hourly.
            // Currents in mA, voltages in 0.1 V (Kaifa's published list); energies in Wh.
            Row("Kaifa list 1 (active power)", null, -1, "N");
            Value(1, 0, 1, 7, 0, 0, DlmsUnit.Watt);

            for (int variant = 0; variant < 4; variant++)
            {
                bool threePhase = variant < 2;
                bool hourly = (variant & 1) == 1;
                string signature = threePhase ? "SSSNNNNNNNNNN" : "SSSNNNNNN";
                Row(threePhase ? (hourly ? "Kaifa KFM_001 list 3, three-phase" : "Kaifa KFM_001 list 2, three-phase")
                    : (hourly ? "Kaifa KFM_001 list 3, one-phase" : "Kaifa KFM_001 list 2, one-phase"),
                    "KFM_001", 0, hourly ? signature + "TNNNN" : signature);
                Value(1, 1, 0, 2, 129, 0, DlmsUnit.Count);
                Value(0, 0, 96, 1, 0, 0, DlmsUnit.Count);
                Value(0, 0, 96, 1, 7, 0, DlmsUnit.Count);
                Value(1, 0, 1, 7, 0, 0, DlmsUnit.Watt);
                Value(1, 0, 2, 7, 0, 0, DlmsUnit.Watt);
                Value(1, 0, 3, 7, 0, 0, DlmsUnit.Var);
                Value(1, 0, 4, 7, 0, 0, DlmsUnit.Var);
                Value(1, 0, 31, 7, 0, -3, DlmsUnit.Ampere);
                if (threePhase)
                {
                    Value(1, 0, 51, 7, 0, -3, DlmsUnit.Ampere);
                    Value(1, 0, 71, 7, 0, -3, DlmsUnit.Ampere);
                }

                Value(1, 0, 32, 7, 0, -1, DlmsUnit.Volt);
                if (threePhase)
                {
                    Value(1, 0, 52, 7, 0, -1, DlmsUnit.Volt);
                    Value(1, 0, 72, 7, 0, -1, DlmsUnit.Volt);
                }

                if (hourly)
                {
                    Value(0, 0, 1, 0, 0, 0, DlmsUnit.Count);
                    Value(1, 0, 1, 8, 0, 0, DlmsUnit.WattHour);
                    Value(1, 0, 2, 8, 0, 0, DlmsUnit.WattHour);
                    Value(1, 0, 3, 8, 0, 0, DlmsUnit.VarHour);
                    Value(1, 0, 4, 8, 0, 0, DlmsUnit.VarHour);
                }
            }

            // Iskraemeco AM550, Elektro Celje (Slovenia) list "UP_3f": device name, list id, U 0.1 V, I 0.01 A, P/Q.
            Row("Iskraemeco AM550 Elektro Celje UP_3f", "UP_3f", 1, "SSNNNNNNNNNN");
            Value(0, 0, 42, 0, 0, 0, DlmsUnit.Count);
            Value(0, 0, 96, 1, 2, 0, DlmsUnit.Count);
            Phases(32, -1, DlmsUnit.Volt);
            Phases(31, -2, DlmsUnit.Ampere);
            Powers();

            // Iskraemeco AM550, KNG-Kaernten Netz (Austria): push setup name, meter number, time, date, A+ A- R+ R-,
            // P+ P-, two customer-information texts.
            Row("Iskraemeco AM550 KNG-Kaernten Netz", null, -1, "OSSSNNNNNNSS");
            Special(KindDrop);
            Value(0, 0, 96, 1, 0, 0, DlmsUnit.Count);
            Special(KindTime);
            Special(KindDate);
            Energies();
            Value(1, 0, 1, 7, 0, 0, DlmsUnit.Watt);
            Value(1, 0, 2, 7, 0, 0, DlmsUnit.Watt);
            Value(0, 0, 96, 13, 0, 0, DlmsUnit.Count);
            Value(0, 0, 96, 13, 1, 0, DlmsUnit.Count);

            // Wiener Netze (Austria), Iskraemeco AM550 and Siemens IM350 (the IM350 leads with its device name):
            // clock, A+ A- R+ R- in Wh/varh, P+ P- Q+ Q- in W/var.
            Row("Wiener Netze AM550", null, -1, "TNNNNNNNN");
            Value(0, 0, 1, 0, 0, 0, DlmsUnit.Count);
            Energies();
            Powers();
            Row("Wiener Netze IM350", null, -1, "STNNNNNNNN");
            Value(0, 0, 42, 0, 0, 0, DlmsUnit.Count);
            Value(0, 0, 1, 0, 0, 0, DlmsUnit.Count);
            Energies();
            Powers();

            // Landis+Gyr E450, Netz Burgenland (Austria): U in V, I in 0.01 A, P+ P- in W, A+ A- in Wh, three values
            // no public source describes (kept raw), meter number.
            Row("Landis+Gyr E450 Netz Burgenland", null, -1, "NNNNNNNNNNNNNS");
            Phases(32, 0, DlmsUnit.Volt);
            Phases(31, -2, DlmsUnit.Ampere);
            Value(1, 0, 1, 7, 0, 0, DlmsUnit.Watt);
            Value(1, 0, 2, 7, 0, 0, DlmsUnit.Watt);
            Value(1, 0, 1, 8, 0, 0, DlmsUnit.WattHour);
            Value(1, 0, 2, 8, 0, 0, DlmsUnit.WattHour);
            Unknown();
            Unknown();
            Unknown();
            Value(0, 0, 96, 1, 0, 0, DlmsUnit.Count);
        }

        /// <summary>Rows in the table.</summary>
        public static int Count
        {
            get
            {
                if (!_built)
                {
                    EnsureBuilt();
                }

                return _rows;
            }
        }

        /// <summary>A readable name of a row, for tools and logs.</summary>
        public static string NameOf(int row)
        {
            EnsureBuilt();
            return RowName[row];
        }

        /// <summary>Number of positions of a row.</summary>
        public static int PositionsOf(int row)
        {
            return RowSignature[row].Length;
        }

        /// <summary>Position of the list identifier in a row, or -1 when the list sends none.</summary>
        public static int IdPositionOf(int row)
        {
            return RowIdPosition[row];
        }

        /// <summary>The signature letter of a position: S, N, T or O.</summary>
        public static byte SignatureAt(int row, int position)
        {
            return RowSignature[row][position];
        }

        /// <summary>True when the identifier at the row's id position equals bytes [offset, offset+length).</summary>
        public static bool IdMatches(int row, byte[] text, int offset, int length)
        {
            byte[] id = RowId[row];
            if (id == null)
            {
                return true;
            }

            if (id.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (text[offset + i] != id[i])
                {
                    return false;
                }
            }

            return true;
        }

        public static long ObisAt(int row, int position)
        {
            return EntryObis[RowFirst[row] + position];
        }

        public static int ScalerAt(int row, int position)
        {
            return EntryScaler[RowFirst[row] + position];
        }

        public static int UnitAt(int row, int position)
        {
            return EntryUnit[RowFirst[row] + position];
        }

        public static int KindAt(int row, int position)
        {
            return EntryKind[RowFirst[row] + position];
        }

        /// <summary>The code a value gets when no public source says what its position holds: kept raw, never mapped.</summary>
        public static long UnknownPositionObis(int position)
        {
            return ObisCode.Pack(0, 0, 128, 128, position, ObisCode.DefaultF);
        }

        private static void Row(string name, string id, int idPosition, string signature)
        {
            RowName[_rows] = name;
            RowId[_rows] = id == null ? null : Ascii(id);
            RowIdPosition[_rows] = idPosition;
            RowSignature[_rows] = Ascii(signature);
            RowFirst[_rows] = _entries;
            _rows++;
        }

        private static void Value(int a, int b, int c, int d, int e, int scaler, int unit)
        {
            EntryObis[_entries] = ObisCode.Pack(a, b, c, d, e, ObisCode.DefaultF);
            EntryScaler[_entries] = (sbyte)scaler;
            EntryUnit[_entries] = (byte)unit;
            EntryKind[_entries] = KindValue;
            _entries++;
        }

        private static void Special(byte kind)
        {
            EntryObis[_entries] = ObisCode.Pack(0, 0, 1, 0, 0, ObisCode.DefaultF);
            EntryUnit[_entries] = DlmsUnit.Count;
            EntryKind[_entries] = kind;
            _entries++;
        }

        private static void Unknown()
        {
            int position = _entries - RowFirst[_rows - 1];
            EntryObis[_entries] = UnknownPositionObis(position);
            EntryScaler[_entries] = 0;
            EntryUnit[_entries] = DlmsUnit.Other;
            EntryKind[_entries] = KindValue;
            _entries++;
        }

        private static void Phases(int c, int scaler, int unit)
        {
            Value(1, 0, c, 7, 0, scaler, unit);
            Value(1, 0, c + 20, 7, 0, scaler, unit);
            Value(1, 0, c + 40, 7, 0, scaler, unit);
        }

        private static void Energies()
        {
            Value(1, 0, 1, 8, 0, 0, DlmsUnit.WattHour);
            Value(1, 0, 2, 8, 0, 0, DlmsUnit.WattHour);
            Value(1, 0, 3, 8, 0, 0, DlmsUnit.VarHour);
            Value(1, 0, 4, 8, 0, 0, DlmsUnit.VarHour);
        }

        private static void Powers()
        {
            Value(1, 0, 1, 7, 0, 0, DlmsUnit.Watt);
            Value(1, 0, 2, 7, 0, 0, DlmsUnit.Watt);
            Value(1, 0, 3, 7, 0, 0, DlmsUnit.Var);
            Value(1, 0, 4, 7, 0, 0, DlmsUnit.Var);
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

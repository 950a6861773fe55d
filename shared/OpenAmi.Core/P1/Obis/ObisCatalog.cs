namespace OpenAmi.P1.Obis
{
    /// <summary>
    /// What the P1 dialects in the field send, as one table: OBIS code, English name, kind. Objects of M-Bus
    /// channels and Belgian virtual relays are listed once with the channel written "n" (stored as B = 255).
    /// Unknown codes are not an error anywhere: they are kept raw and shown by code.
    /// </summary>
    public static class ObisCatalog
    {
        /// <summary>B value that stands for "any channel 1..9" in a catalog row.</summary>
        public const int AnyChannel = 255;

        private const int Capacity = 128;

        private static readonly long[] Keys = new long[Capacity];
        // Display names, made the first time a tool asks for one (NameOf): a hundred strings are 5 KB of heap, and
        // the device, which loads every static table at boot, never shows a name.
        private static string[] _names;
        private static string[] _naming;
        private static readonly ObisKind[] Kinds = new ObisKind[Capacity];
        private static int _count;

        static ObisCatalog()
        {
            Declare();
            SortByKey();
        }

        // The catalog, row by row. Run once at start for the keys and kinds, and again for the names when asked.
        private static void Declare()
        {
            const int n = AnyChannel;

            // Identification and clock.
            Row(1, 3, 0, 2, 8, ObisKind.Version, "P1 version (DSMR)");
            Row(0, 0, 96, 1, 4, ObisKind.Version, "P1 version (eMUCS)");
            Row(0, 0, 1, 0, 0, ObisKind.Clock, "Meter clock");
            Row(0, 0, 96, 1, 1, ObisKind.Identifier, "Equipment identifier");
            Row(0, 0, 96, 1, 0, ObisKind.Identifier, "Equipment identifier");
            Row(1, 0, 96, 1, 0, ObisKind.Identifier, "Equipment identifier");
            Row(0, 0, 96, 1, 2, ObisKind.Identifier, "EAN identifier");
            Row(0, 0, 42, 0, 0, ObisKind.Identifier, "Logical device name");
            Row(0, 0, 96, 1, 255, ObisKind.Identifier, "Serial number (EasyMeter)");
            Row(1, 0, 0, 0, 0, ObisKind.Identifier, "Meter number");
            Row(0, 0, 96, 13, 0, ObisKind.Text, "Text message");
            Row(0, 0, 96, 13, 1, ObisKind.Text, "Text message code");
            Row(0, 0, 96, 14, 0, ObisKind.Tariff, "Tariff indicator");
            Row(0, 0, 96, 10, 1, ObisKind.Status, "AMR status");
            Row(1, 0, 96, 5, 5, ObisKind.Status, "Meter status (EasyMeter)");
            Row(1, 0, 94, 32, 1, ObisKind.Status, "Grid configuration (V)");

            // Energy registers.
            Row(1, 0, 1, 8, 0, ObisKind.Energy, "Active energy import");
            Row(1, 0, 1, 8, 1, ObisKind.Energy, "Active energy import, tariff 1");
            Row(1, 0, 1, 8, 2, ObisKind.Energy, "Active energy import, tariff 2");
            Row(1, 0, 1, 8, 3, ObisKind.Energy, "Active energy import, tariff 3");
            Row(1, 0, 1, 8, 4, ObisKind.Energy, "Active energy import, tariff 4");
            Row(1, 0, 2, 8, 0, ObisKind.Energy, "Active energy export");
            Row(1, 0, 2, 8, 1, ObisKind.Energy, "Active energy export, tariff 1");
            Row(1, 0, 2, 8, 2, ObisKind.Energy, "Active energy export, tariff 2");
            Row(1, 0, 2, 8, 3, ObisKind.Energy, "Active energy export, tariff 3");
            Row(1, 0, 2, 8, 4, ObisKind.Energy, "Active energy export, tariff 4");
            Row(1, 0, 3, 8, 0, ObisKind.Energy, "Reactive energy import");
            Row(1, 0, 3, 8, 1, ObisKind.Energy, "Reactive energy import, tariff 1");
            Row(1, 0, 3, 8, 2, ObisKind.Energy, "Reactive energy import, tariff 2");
            Row(1, 0, 4, 8, 0, ObisKind.Energy, "Reactive energy export");
            Row(1, 0, 4, 8, 1, ObisKind.Energy, "Reactive energy export, tariff 1");
            Row(1, 0, 4, 8, 2, ObisKind.Energy, "Reactive energy export, tariff 2");
            Row(1, 0, 5, 8, 0, ObisKind.Energy, "Reactive energy, quadrant I");
            Row(1, 0, 6, 8, 0, ObisKind.Energy, "Reactive energy, quadrant II");
            Row(1, 0, 7, 8, 0, ObisKind.Energy, "Reactive energy, quadrant III");
            Row(1, 0, 8, 8, 0, ObisKind.Energy, "Reactive energy, quadrant IV");
            Row(1, 0, 15, 8, 0, ObisKind.Energy, "Active energy, absolute sum");

            // Power, total and per phase.
            Row(1, 0, 1, 7, 0, ObisKind.Power, "Active power import");
            Row(1, 0, 2, 7, 0, ObisKind.Power, "Active power export");
            Row(1, 0, 3, 7, 0, ObisKind.Power, "Reactive power import");
            Row(1, 0, 4, 7, 0, ObisKind.Power, "Reactive power export");
            Row(1, 0, 5, 7, 0, ObisKind.Power, "Reactive power, quadrant I");
            Row(1, 0, 6, 7, 0, ObisKind.Power, "Reactive power, quadrant II");
            Row(1, 0, 7, 7, 0, ObisKind.Power, "Reactive power, quadrant III");
            Row(1, 0, 8, 7, 0, ObisKind.Power, "Reactive power, quadrant IV");
            Row(1, 0, 21, 7, 0, ObisKind.Power, "Active power import L1");
            Row(1, 0, 41, 7, 0, ObisKind.Power, "Active power import L2");
            Row(1, 0, 61, 7, 0, ObisKind.Power, "Active power import L3");
            Row(1, 0, 22, 7, 0, ObisKind.Power, "Active power export L1");
            Row(1, 0, 42, 7, 0, ObisKind.Power, "Active power export L2");
            Row(1, 0, 62, 7, 0, ObisKind.Power, "Active power export L3");
            Row(1, 0, 23, 7, 0, ObisKind.Power, "Reactive power import L1");
            Row(1, 0, 43, 7, 0, ObisKind.Power, "Reactive power import L2");
            Row(1, 0, 63, 7, 0, ObisKind.Power, "Reactive power import L3");
            Row(1, 0, 24, 7, 0, ObisKind.Power, "Reactive power export L1");
            Row(1, 0, 44, 7, 0, ObisKind.Power, "Reactive power export L2");
            Row(1, 0, 64, 7, 0, ObisKind.Power, "Reactive power export L3");
            Row(1, 0, 32, 7, 0, ObisKind.Voltage, "Voltage L1");
            Row(1, 0, 52, 7, 0, ObisKind.Voltage, "Voltage L2");
            Row(1, 0, 72, 7, 0, ObisKind.Voltage, "Voltage L3");
            Row(1, 0, 31, 7, 0, ObisKind.Current, "Current L1");
            Row(1, 0, 51, 7, 0, ObisKind.Current, "Current L2");
            Row(1, 0, 71, 7, 0, ObisKind.Current, "Current L3");
            Row(1, 0, 91, 7, 0, ObisKind.Current, "Current, neutral");
            Row(1, 0, 14, 7, 0, ObisKind.Frequency, "Frequency");
            Row(1, 0, 13, 7, 0, ObisKind.PowerFactor, "Power factor");
            Row(1, 0, 33, 7, 0, ObisKind.PowerFactor, "Power factor L1");
            Row(1, 0, 53, 7, 0, ObisKind.PowerFactor, "Power factor L2");
            Row(1, 0, 73, 7, 0, ObisKind.PowerFactor, "Power factor L3");

            // Demand (Belgian capacity tariff) and thresholds.
            Row(1, 0, 1, 4, 0, ObisKind.Demand, "Current average demand, import");
            Row(1, 0, 1, 6, 0, ObisKind.Demand, "Maximum demand this month, import");
            Row(0, 0, 98, 1, 0, ObisKind.ProfileBuffer, "Maximum demand, last 13 months");
            Row(0, 0, 17, 0, 0, ObisKind.Threshold, "Limiter threshold");
            Row(1, 0, 31, 4, 0, ObisKind.Threshold, "Fuse supervision threshold L1");
            Row(1, 0, 51, 4, 0, ObisKind.Threshold, "Fuse supervision threshold L2");
            Row(1, 0, 71, 4, 0, ObisKind.Threshold, "Fuse supervision threshold L3");
            Row(0, 0, 96, 3, 10, ObisKind.SwitchState, "Breaker state");
            Row(0, n, 96, 3, 10, ObisKind.SwitchState, "Virtual relay state");

            // Power quality.
            Row(0, 0, 96, 7, 21, ObisKind.Counter, "Power failures");
            Row(0, 0, 96, 7, 9, ObisKind.Counter, "Long power failures");
            Row(1, 0, 99, 97, 0, ObisKind.ProfileBuffer, "Power failure event log");
            Row(1, 0, 32, 32, 0, ObisKind.Counter, "Voltage sags L1");
            Row(1, 0, 52, 32, 0, ObisKind.Counter, "Voltage sags L2");
            Row(1, 0, 72, 32, 0, ObisKind.Counter, "Voltage sags L3");
            Row(1, 0, 32, 36, 0, ObisKind.Counter, "Voltage swells L1");
            Row(1, 0, 52, 36, 0, ObisKind.Counter, "Voltage swells L2");
            Row(1, 0, 72, 36, 0, ObisKind.Counter, "Voltage swells L3");

            // M-Bus sub-meters (gas, water, heat), channel n.
            Row(0, n, 24, 1, 0, ObisKind.MbusDeviceType, "M-Bus device type");
            Row(0, n, 96, 1, 0, ObisKind.Identifier, "M-Bus equipment identifier");
            Row(0, n, 96, 1, 1, ObisKind.Identifier, "M-Bus equipment identifier");
            Row(0, n, 96, 1, 2, ObisKind.Identifier, "M-Bus EAN identifier");
            Row(0, n, 24, 2, 1, ObisKind.MbusReading, "M-Bus reading");
            Row(0, n, 24, 2, 3, ObisKind.MbusReading, "M-Bus reading, not temperature corrected");
            Row(0, n, 24, 3, 0, ObisKind.MbusLegacyReading, "Gas reading (DSMR 2.2/3)");
            Row(0, n, 24, 4, 0, ObisKind.SwitchState, "M-Bus valve position");
        }

        /// <summary>Number of rows in the catalog.</summary>
        public static int Count
        {
            get { return _count; }
        }

        /// <summary>Row index for <paramref name="code"/>, matching M-Bus channels to their "n" row; -1 when unknown.</summary>
        public static int Lookup(ObisCode code)
        {
            return Lookup(code.Key);
        }

        /// <summary>Row index for the packed OBIS <paramref name="key"/> (its F group ignored); -1 when unknown.</summary>
        /// <remarks>A binary search over the rows sorted by key: full mode looks up every object of every telegram.</remarks>
        public static int Lookup(long key)
        {
            key |= 0xFF; // rows are written without F, as A-B:C.D.E*255
            int row = Search(key);
            int b = (int)((key >> 32) & 0xFF);
            if (row < 0 && (key >> 40) == 0 && b >= 1 && b <= 9)
            {
                row = Search((key & ~(0xFFL << 32)) | ((long)AnyChannel << 32));
            }

            return row;
        }

        /// <summary>
        /// The kind of <paramref name="key"/> (F ignored), with <paramref name="row"/> in as a hint and out as the key's
        /// row (-1 when unknown). The hint answers when it is the key's own row (exact match): a reader that meets the
        /// same codes telegram after telegram keeps each object's row, and skips the binary search (about 12,000 host
        /// instructions on the interpreter) and a second call.
        /// </summary>
        public static ObisKind KindOf(long key, ref int row)
        {
            int hint = row;
            key |= 0xFF;
            row = hint >= 0 && hint < _count && Keys[hint] == key ? hint : Lookup(key);
            return row < 0 ? ObisKind.Unknown : Kinds[row];
        }

        private static int Search(long key)
        {
            long[] keys = Keys;
            int low = 0;
            int high = _count - 1;
            while (low <= high)
            {
                int middle = (low + high) >> 1;
                long k = keys[middle];
                if (k == key)
                {
                    return middle;
                }

                if (k < key)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return -1;
        }

        // Once, at start: rows in key order for Search (an insertion sort of about a hundred rows).
        private static void SortByKey()
        {
            for (int i = 1; i < _count; i++)
            {
                long key = Keys[i];
                ObisKind kind = Kinds[i];
                int j = i - 1;
                while (j >= 0 && Keys[j] > key)
                {
                    Keys[j + 1] = Keys[j];
                    Kinds[j + 1] = Kinds[j];
                    j--;
                }

                Keys[j + 1] = key;
                Kinds[j + 1] = kind;
            }
        }

        /// <summary>Name of catalog row <paramref name="row"/>, or null for -1.</summary>
        public static string NameOf(int row)
        {
            if (row < 0)
            {
                return null;
            }

            lock (Keys)
            {
                if (_names == null)
                {
                    _naming = new string[Capacity];
                    Declare();
                    _names = _naming;
                    _naming = null;
                }
            }

            return _names[row];
        }

        /// <summary>Kind of catalog row <paramref name="row"/>, or <see cref="ObisKind.Unknown"/> for -1.</summary>
        public static ObisKind KindOf(int row)
        {
            return row < 0 ? ObisKind.Unknown : Kinds[row];
        }

        /// <summary>The code of catalog row <paramref name="row"/> (B = 255 for channel rows).</summary>
        public static ObisCode CodeOf(int row)
        {
            return new ObisCode(Keys[row]);
        }

        /// <summary>Kind of <paramref name="code"/>, <see cref="ObisKind.Unknown"/> when not in the catalog.</summary>
        public static ObisKind KindOf(ObisCode code)
        {
            return KindOf(Lookup(code));
        }

        private static void Row(int a, int b, int c, int d, int e, ObisKind kind, string name)
        {
            long key = new ObisCode(a, b, c, d, e).Key;
            if (_naming != null)
            {
                _naming[Search(key)] = name;
                return;
            }

            Keys[_count] = key;
            Kinds[_count] = kind;
            _count++;
        }
    }
}

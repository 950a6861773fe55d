using OpenAmi.Northbound;
using OpenAmi.P1.Obis;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// What Home Assistant is told about each register a meter sends: platform, device class, state class and name,
    /// one row per VMRS key or OBIS code and envelope unit (the Belgian month peak 1.6.0 comes twice: in W, and as
    /// the time it happened). A register not in the table is described by its unit alone; one whose unit says
    /// nothing measurable (enum, text, an unknown unit) gets no entity. Device classes, state classes and units are
    /// the ones Home Assistant documents (home-assistant.io, sensor and binary sensor integrations).
    /// </summary>
    /// <remarks>
    /// A data table: rows are parallel primitive arrays and every text is one <see cref="PackedWords"/>, because each
    /// array and object costs a header on the device's heap.
    /// </remarks>
    internal static class HomeAssistantEntities
    {
        public const int Sensor = 0;
        public const int BinarySensor = 1;

        // Device classes: indexes of DeviceClasses.
        public const int NoClass = 0;
        public const int Energy = 1;
        public const int Power = 2;
        public const int Voltage = 3;
        public const int Current = 4;
        public const int Frequency = 5;
        public const int Gas = 6;
        public const int Water = 7;
        public const int Timestamp = 8;
        public const int ReactivePower = 9;
        public const int ApparentPower = 10;
        public const int Connectivity = 11;

        // State classes: indexes of StateClasses.
        public const int NoState = 0;
        public const int Measurement = 1;
        public const int TotalIncreasing = 2;

        /// <summary>Flag: the entity is a diagnostic one (entity_category).</summary>
        public const int Diagnostic = 1;

        /// <summary>The row of a sub-meter's reading: its class comes from the M-Bus device type and the unit.</summary>
        public const int SubMeterRow = -2;

        // Every text of the table in one pack: entity names (a stem and a suffix: " L1", " tariff 2"), the words of
        // registers described by their unit, device classes, state classes, platforms, Home Assistant's units (by
        // NorthboundUnits code; m³ as a JSON escape keeps payloads ASCII), sub-meter names and devices, and manufacturers
        // by the three letters of the identification line (the FLAG id).
        public const int NameBase = 0;
        public const int SuffixBase = NameBase + 23;
        public const int FallbackBase = SuffixBase + 8;
        public const int ClassBase = FallbackBase + 21;
        public const int StateBase = ClassBase + 12;
        public const int PlatformBase = StateBase + 3;
        public const int UnitBase = PlatformBase + 2;
        public const int SubNameBase = UnitBase + 21;
        public const int SubDeviceBase = SubNameBase + 4;
        public const int FlagIdBase = SubDeviceBase + 4;
        public const int FlagNameBase = FlagIdBase + 12;
        public const int Words = FlagNameBase + 12;

        // Built on first use, not at boot: nanoCLR runs every static constructor when it loads the assembly, and these
        // tables serve only a gateway with Home Assistant discovery on (StaticTablesBudgetTests).
        private static PackedWords _text;

        /// <summary>The words of the table: names, classes, units, manufacturers.</summary>
        public static PackedWords Text
        {
            get
            {
                EnsureBuilt();
                return _text;
            }
        }

        private static PackedWords BuildText()
        {
            return new PackedWords(
                "Energy import|Energy export|Power import|Power export|Voltage|Current|Frequency|Meter clock|Breaker|"
                + "Average demand (quarter hour)|Peak demand this month|Peak demand time|Fuse limit|Power limiter|Tariff|"
                + "Power failures|Long power failures|Voltage sags|Voltage swells|"
                + "Reactive energy import|Reactive energy export|Reactive power import|Reactive power export|"
                + "| L1| L2| L3| tariff 1| tariff 2| tariff 3| tariff 4|"
                + "|Energy|Power|Voltage|Current||||Reactive energy|Reactive power||Frequency|Apparent power|Apparent energy||Counter||||||"
                + "|energy|power|voltage|current|frequency|gas|water|timestamp|reactive_power|apparent_power|connectivity|"
                + "|measurement|total_increasing|"
                + "sensor|binary_sensor|"
                + "|kWh|W|V|A|m\\u00b3|GJ|MJ|kvarh|var|s|Hz|VA|kVAh||||||||"
                + "Gas|Water|Heat|Energy|"
                + "Gas meter |Water meter |Heat meter |M-Bus meter |"
                + "ISK|KFM|XMX|LGF|LGB|KAM|KMP|SAG|ESY|EBZ|ELS|ITF|"
                + "Iskraemeco|Kaifa|Landis+Gyr|Landis+Gyr|Landis+Gyr|Kamstrup|Kamstrup|Sagemcom|EasyMeter|eBZ|Elster|Itron");
        }

        // Name stems (words of Text).
        private const int EnergyImport = 0;
        private const int EnergyExport = 1;
        private const int PowerImport = 2;
        private const int PowerExport = 3;
        private const int VoltageName = 4;
        private const int CurrentName = 5;
        private const int FrequencyName = 6;
        private const int MeterClock = 7;
        private const int BreakerName = 8;
        private const int AverageDemand = 9;
        private const int PeakDemand = 10;
        private const int PeakDemandTime = 11;
        private const int FuseLimit = 12;
        private const int PowerLimiter = 13;
        private const int TariffName = 14;
        private const int PowerFailures = 15;
        private const int LongPowerFailures = 16;
        private const int VoltageSags = 17;
        private const int VoltageSwells = 18;
        private const int ReactiveEnergyImport = 19;
        private const int ReactiveEnergyExport = 20;
        private const int ReactivePowerImport = 21;
        private const int ReactivePowerExport = 22;

        // Name suffixes: phases 1 to 3, tariffs 1 to 4.
        private const int NoSuffix = 0;
        private const int L1 = 1;
        private const int Tariff1 = 4;

        // The rows: the register (VMRS -1 - register, or an OBIS code of channel 0 packed as A.C.D.E), and six bytes:
        // its envelope unit, platform and flags, device class, state class, name stem and suffix.
        private const int Rows = 45;
        private const int Width = 6;
        private static int[] _keys;
        private static byte[] _attributes;
        private static int _count;

        // By NorthboundUnits code: the device class and state class of a register the table does not list.
        private static byte[] _fallback;

        private static byte[] BuildFallback()
        {
            return new byte[]
            {
            NoClass, NoState, Energy, TotalIncreasing, Power, Measurement, Voltage, Measurement, Current, Measurement,
            NoClass, NoState, NoClass, NoState, NoClass, NoState, NoClass, TotalIncreasing, ReactivePower, Measurement,
            NoClass, NoState, Frequency, Measurement, ApparentPower, Measurement, NoClass, TotalIncreasing, NoClass, NoState,
            NoClass, TotalIncreasing, NoClass, NoState, NoClass, NoState, NoClass, NoState, NoClass, NoState, NoClass, NoState,
            };
        }

        // Sub-meters: kinds.
        public const int SubGas = 0;
        public const int SubWater = 1;
        public const int SubHeat = 2;
        public const int SubOther = 3;

        // Once, on first use (see _text).
        private static void EnsureBuilt()
        {
            if (_text != null)
            {
                return;
            }

            _keys = new int[Rows];
            _attributes = new byte[Rows * Width];
            _fallback = BuildFallback();
            _count = 0;
            const int s = Sensor;
            const int kWh = NorthboundUnits.KilowattHour;
            const int w = NorthboundUnits.Watt;
            Row(-1 - VmrsCatalog.ActiveImport, kWh, s, Energy, TotalIncreasing, 0, EnergyImport, NoSuffix);
            Row(-1 - VmrsCatalog.ActiveExport, kWh, s, Energy, TotalIncreasing, 0, EnergyExport, NoSuffix);
            Row(-1 - VmrsCatalog.PowerImport, w, s, Power, Measurement, 0, PowerImport, NoSuffix);
            Row(-1 - VmrsCatalog.VoltageL1, NorthboundUnits.Volt, s, Voltage, Measurement, 0, VoltageName, L1);
            Row(-1 - VmrsCatalog.Frequency, NorthboundUnits.Hertz, s, Frequency, Measurement, 0, FrequencyName, NoSuffix);
            Row(-1 - VmrsCatalog.Clock, NorthboundUnits.DateTime, s, Timestamp, NoState, Diagnostic, MeterClock, NoSuffix);
            Row(-1 - VmrsCatalog.DisconnectControl, NorthboundUnits.Enum, BinarySensor, Power, NoState, 0, BreakerName, NoSuffix);
            for (int t = 0; t < 4; t++)
            {
                Row(Electricity(1, 8, t + 1), kWh, s, Energy, TotalIncreasing, 0, EnergyImport, Tariff1 + t);
                Row(Electricity(2, 8, t + 1), kWh, s, Energy, TotalIncreasing, 0, EnergyExport, Tariff1 + t);
            }

            Row(Electricity(2, 7, 0), w, s, Power, Measurement, 0, PowerExport, NoSuffix);
            for (int phase = 0; phase < 3; phase++)
            {
                // Phase registers are 20 apart: 21/41/61.7.0 power import, 22/42/62 export, 32/52/72 voltage, 31/51/71 current.
                int c = 20 * phase;
                Row(Electricity(21 + c, 7, 0), w, s, Power, Measurement, 0, PowerImport, L1 + phase);
                Row(Electricity(22 + c, 7, 0), w, s, Power, Measurement, 0, PowerExport, L1 + phase);
                if (phase > 0)
                {
                    Row(Electricity(32 + c, 7, 0), NorthboundUnits.Volt, s, Voltage, Measurement, 0, VoltageName, L1 + phase);
                }

                Row(Electricity(31 + c, 7, 0), NorthboundUnits.Ampere, s, Current, Measurement, 0, CurrentName, L1 + phase);
                Row(Electricity(32 + c, 32, 0), NorthboundUnits.Count, s, NoClass, TotalIncreasing, Diagnostic, VoltageSags, L1 + phase);
                Row(Electricity(32 + c, 36, 0), NorthboundUnits.Count, s, NoClass, TotalIncreasing, Diagnostic, VoltageSwells, L1 + phase);
            }

            // The Belgian capacity tariff: the running quarter hour's average, the month's peak and when it happened.
            Row(Electricity(1, 4, 0), w, s, Power, Measurement, 0, AverageDemand, NoSuffix);
            Row(Electricity(1, 6, 0), w, s, Power, Measurement, 0, PeakDemand, NoSuffix);
            Row(Electricity(1, 6, 0), NorthboundUnits.DateTime, s, Timestamp, NoState, 0, PeakDemandTime, NoSuffix);

            Row(Electricity(31, 4, 0), NorthboundUnits.Ampere, s, Current, NoState, Diagnostic, FuseLimit, NoSuffix);
            Row(new ObisCode(0, 0, 17, 0, 0).Key, w, s, Power, NoState, Diagnostic, PowerLimiter, NoSuffix);
            Row(new ObisCode(0, 0, 96, 14, 0).Key, NorthboundUnits.Enum, s, NoClass, NoState, 0, TariffName, NoSuffix);
            Row(new ObisCode(0, 0, 96, 7, 21).Key, NorthboundUnits.Count, s, NoClass, TotalIncreasing, Diagnostic, PowerFailures, NoSuffix);
            Row(new ObisCode(0, 0, 96, 7, 9).Key, NorthboundUnits.Count, s, NoClass, TotalIncreasing, Diagnostic, LongPowerFailures, NoSuffix);
            Row(Electricity(3, 8, 0), NorthboundUnits.KilovarHour, s, NoClass, TotalIncreasing, 0, ReactiveEnergyImport, NoSuffix);
            Row(Electricity(4, 8, 0), NorthboundUnits.KilovarHour, s, NoClass, TotalIncreasing, 0, ReactiveEnergyExport, NoSuffix);
            Row(Electricity(3, 7, 0), NorthboundUnits.Var, s, ReactivePower, Measurement, 0, ReactivePowerImport, NoSuffix);
            Row(Electricity(4, 7, 0), NorthboundUnits.Var, s, ReactivePower, Measurement, 0, ReactivePowerExport, NoSuffix);
            _text = BuildText(); // last: a reader that sees the words sees the rows too
        }

        /// <summary>Rows in the table.</summary>
        public static int Count
        {
            get
            {
                EnsureBuilt();
                return _count;
            }
        }

        /// <summary>
        /// The row describing register <paramref name="key"/> with envelope unit <paramref name="unit"/>;
        /// <see cref="SubMeterRow"/> for a sub-meter's reading; -1 when the register is described by its unit alone
        /// (<see cref="HasFallback"/>), or not at all.
        /// </summary>
        public static int Find(long key, int unit)
        {
            if (key == -1000 - SubMeterKeys.Reading || key == -1000 - SubMeterKeys.UncorrectedReading)
            {
                return SubMeterRow;
            }

            EnsureBuilt();
            int packed = Pack(key);
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] == packed && _attributes[Width * i] == unit)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Whether Home Assistant gets an entity for register <paramref name="key"/> in <paramref name="unit"/>.</summary>
        public static bool Describes(long key, int unit)
        {
            int row = Find(key, unit);
            if (row == SubMeterRow)
            {
                return SubMeterKind(-1, unit) >= 0;
            }

            return row >= 0 || HasFallback(key, unit);
        }

        /// <summary>A register not in the table that its unit describes: an OBIS-named one with a measurable unit.</summary>
        public static bool HasFallback(long key, int unit)
        {
            return key >= 0 && unit >= 0 && unit < 21 && Text.LengthOf(FallbackBase + unit) > 0;
        }

        public static int PlatformOf(int row)
        {
            return _attributes[(Width * row) + 1] >> 4;
        }

        public static int FlagsOf(int row)
        {
            return _attributes[(Width * row) + 1] & 0x0F;
        }

        public static int ClassOf(int row)
        {
            return _attributes[(Width * row) + 2];
        }

        public static int StateOf(int row)
        {
            return _attributes[(Width * row) + 3];
        }

        /// <summary>Appends the entity name of <paramref name="row"/>: its stem and suffix ("Power import" " L2").</summary>
        public static void WriteName(JsonBuffer j, int row)
        {
            Write(j, NameBase + _attributes[(Width * row) + 4]);
            Write(j, SuffixBase + _attributes[(Width * row) + 5]);
        }

        public static int FallbackClassOf(int unit)
        {
            EnsureBuilt();
            return _fallback[2 * unit];
        }

        public static int FallbackStateOf(int unit)
        {
            EnsureBuilt();
            return _fallback[(2 * unit) + 1];
        }

        /// <summary>Whether Home Assistant has a unit for envelope unit <paramref name="unit"/>.</summary>
        public static bool HasUnit(int unit)
        {
            return unit >= 0 && unit < 21 && Text.LengthOf(UnitBase + unit) > 0;
        }

        /// <summary>Appends word <paramref name="word"/> of <see cref="Text"/>.</summary>
        public static void Write(JsonBuffer j, int word)
        {
            j.Raw(Text.Bytes, Text.StartOf(word), Text.LengthOf(word));
        }

        /// <summary>
        /// What an M-Bus sub-meter is, from its device type (EN 13757-3: 3 gas; 6, 7, 21, 22 water; 4, 10-13 heat and
        /// cooling) and its reading's unit: <see cref="SubGas"/>, <see cref="SubWater"/>, <see cref="SubHeat"/>,
        /// <see cref="SubOther"/> (energy), or -1 for a unit Home Assistant has no class for.
        /// </summary>
        public static int SubMeterKind(int deviceType, int unit)
        {
            if (unit == NorthboundUnits.CubicMetre)
            {
                return deviceType == 6 || deviceType == 7 || deviceType == 21 || deviceType == 22 ? SubWater : SubGas;
            }

            if (unit == NorthboundUnits.Gigajoule || unit == NorthboundUnits.Megajoule || unit == NorthboundUnits.KilowattHour)
            {
                return deviceType == 4 || (deviceType >= 10 && deviceType <= 13) ? SubHeat : SubOther;
            }

            return -1;
        }

        /// <summary>The device class of a sub-meter of <paramref name="kind"/>.</summary>
        public static int SubMeterClass(int kind)
        {
            return kind == SubGas ? Gas : (kind == SubWater ? Water : Energy);
        }

        /// <summary>
        /// The manufacturer (a word index of <see cref="Text"/>) of a meter whose identification line, without its
        /// slash, is <paramref name="header"/> from <paramref name="start"/>; -1 when its three letters are not known.
        /// </summary>
        public static int ManufacturerOf(byte[] header, int start, int length)
        {
            if (length < 3)
            {
                return -1;
            }

            byte[] bytes = Text.Bytes;
            for (int i = 0; i < 12; i++)
            {
                int at = Text.StartOf(FlagIdBase + i);
                bool same = true;
                for (int k = 0; k < 3 && same; k++)
                {
                    int b = header[start + k];
                    if (b >= 'a' && b <= 'z')
                    {
                        b -= 'a' - 'A';
                    }

                    same = b == bytes[at + k];
                }

                if (same)
                {
                    return FlagNameBase + i;
                }
            }

            return -1;
        }

        // A register as the table keys it: VMRS keys as they are, channel-0 OBIS codes without their B and F groups.
        private static int Pack(long key)
        {
            if (key < 0)
            {
                return (int)key;
            }

            ObisCode code = new ObisCode(key);
            if (code.B != 0 || code.F != ObisCode.DefaultF)
            {
                return int.MinValue;
            }

            return (code.A << 24) | (code.C << 16) | (code.D << 8) | code.E;
        }

        private static long Electricity(int c, int d, int e)
        {
            return new ObisCode(1, 0, c, d, e).Key;
        }

        private static void Row(long key, int unit, int platform, int deviceClass, int stateClass, int flags, int name, int suffix)
        {
            int at = Width * _count;
            _keys[_count++] = Pack(key);
            _attributes[at] = (byte)unit;
            _attributes[at + 1] = (byte)((platform << 4) | flags);
            _attributes[at + 2] = (byte)deviceClass;
            _attributes[at + 3] = (byte)stateClass;
            _attributes[at + 4] = (byte)name;
            _attributes[at + 5] = (byte)suffix;
        }
    }
}

using OpenAmi.P1.Parsing;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// Where the objects the VMRS mapping reads sit in a telegram, found in one pass over its OBIS keys: the
    /// registers, the clock, the breaker, the id candidates and the tariff registers. On the interpreter one pass
    /// with a switch costs a fraction of a search per register.
    /// </summary>
    /// <remarks>
    /// The keys are <see cref="P1.Obis.ObisCode.Key"/> values written as constants (A in bits 40-47 down to F), so
    /// the switch compiles to a few comparisons; TelegramIndexTests checks each against ObisCode.
    /// Electricity registers are 1-0:…; Swiss and Lithuanian meters (Sagemcom XT211) number them 1-1:…, read when
    /// the 1-0: form is absent.
    /// </remarks>
    internal sealed class TelegramIndex
    {
        public const long ImportTotal = 0x0100010800FF;        // 1-0:1.8.0
        public const long ExportTotal = 0x0100020800FF;        // 1-0:2.8.0
        public const long PowerImport = 0x0100010700FF;        // 1-0:1.7.0
        public const long VoltageL1 = 0x0100200700FF;          // 1-0:32.7.0
        public const long Frequency = 0x01000E0700FF;          // 1-0:14.7.0
        public const long MeterClock = 0x0000010000FF;         // 0-0:1.0.0
        public const long Breaker = 0x000060030AFF;            // 0-0:96.3.10
        public const long IdDsmr = 0x0000600101FF;             // 0-0:96.1.1 DSMR, eMUCS
        public const long IdCosemLogicalName = 0x00002A0000FF; // 0-0:42.0.0 Luxembourg
        public const long IdEasyMeter = 0x00006001FFFF;        // 0-0:96.1.255 EasyMeter
        public const long IdIreland = 0x0000600100FF;          // 0-0:96.1.0 Ireland
        public const long MeterNumber = 0x0100000000FF;        // 1-0:0.0.0 EasyMeter, Ireland
        public const long DeviceId = 0x0000000000FF;           // 0-0:0.0.0 Sagemcom XT211
        public const long IdKamstrup = 0x0101000005FF;         // 1-1:0.0.5 Kamstrup HAN (GS1 meter number)
        public const long IdReadout = 0x0100600100FF;          // 1-0:96.1.0 IEC 62056-21 readouts (C.1.0)

        /// <summary>The B group of the second channel of electricity registers (1-1:…).</summary>
        public const long ChannelOne = 0x000100000000;

        // Slots, by what they hold.
        public const int SlotImport = 0;
        public const int SlotExport = 1;
        public const int SlotPower = 2;
        public const int SlotVoltage = 3;
        public const int SlotFrequency = 4;
        public const int SlotImportB1 = 5;
        public const int SlotExportB1 = 6;
        public const int SlotPowerB1 = 7;
        public const int SlotVoltageB1 = 8;
        public const int SlotFrequencyB1 = 9;
        public const int SlotClock = 10;
        public const int SlotBreaker = 11;

        /// <summary>The id candidates, in the order they are tried: first non-empty wins.</summary>
        public const int SlotFirstId = 12;
        public const int IdCandidates = 8;

        private const int SlotCount = SlotFirstId + IdCandidates;

        /// <summary>Tariff registers kept per kind (1.8.x, 2.8.x on channel 0 and 1).</summary>
        public const int MaxTariffs = 8;

        private readonly int[] _slots = new int[SlotCount];
        private readonly int[] _tariffs = new int[4 * MaxTariffs];
        private readonly int[] _tariffCount = new int[4];

        /// <summary>Index of the object in <paramref name="slot"/>, or -1.</summary>
        public int Get(int slot)
        {
            return _slots[slot];
        }

        /// <summary>
        /// The electricity register of <paramref name="slot"/> (a channel-0 slot), falling back on its 1-1: form.
        /// </summary>
        public int Electricity(int slot)
        {
            int index = _slots[slot];
            return index >= 0 ? index : _slots[slot + (SlotImportB1 - SlotImport)];
        }

        /// <summary>How many tariff registers of energy <paramref name="c"/> (1 import, 2 export) on channel <paramref name="b"/>.</summary>
        public int TariffCount(int c, int b)
        {
            return _tariffCount[TariffKind(c, b)];
        }

        /// <summary>Index of tariff register <paramref name="i"/> of energy <paramref name="c"/> on channel <paramref name="b"/>.</summary>
        public int Tariff(int c, int b, int i)
        {
            return _tariffs[(TariffKind(c, b) * MaxTariffs) + i];
        }

        /// <summary>Finds the objects of <paramref name="telegram"/>; the first one of a kind wins.</summary>
        public void Build(Telegram telegram)
        {
            int[] slots = _slots;
            for (int s = 0; s < slots.Length; s++)
            {
                slots[s] = -1;
            }

            for (int k = 0; k < _tariffCount.Length; k++)
            {
                _tariffCount[k] = 0;
            }

            long[] keys = telegram.ObisKeys;
            int count = telegram.ObjectCount;
            for (int o = 0; o < count; o++)
            {
                long key = keys[o];
                int slot;
                switch (key)
                {
                    case ImportTotal: slot = SlotImport; break;
                    case ExportTotal: slot = SlotExport; break;
                    case PowerImport: slot = SlotPower; break;
                    case VoltageL1: slot = SlotVoltage; break;
                    case Frequency: slot = SlotFrequency; break;
                    case ImportTotal | ChannelOne: slot = SlotImportB1; break;
                    case ExportTotal | ChannelOne: slot = SlotExportB1; break;
                    case PowerImport | ChannelOne: slot = SlotPowerB1; break;
                    case VoltageL1 | ChannelOne: slot = SlotVoltageB1; break;
                    case Frequency | ChannelOne: slot = SlotFrequencyB1; break;
                    case MeterClock: slot = SlotClock; break;
                    case Breaker: slot = SlotBreaker; break;
                    case IdDsmr: slot = SlotFirstId; break;
                    case IdCosemLogicalName: slot = SlotFirstId + 1; break;
                    case IdEasyMeter: slot = SlotFirstId + 2; break;
                    case IdIreland: slot = SlotFirstId + 3; break;
                    case MeterNumber: slot = SlotFirstId + 4; break;
                    case DeviceId: slot = SlotFirstId + 5; break;
                    case IdKamstrup: slot = SlotFirstId + 6; break;
                    case IdReadout: slot = SlotFirstId + 7; break;
                    default:
                        NoteTariff(key, o);
                        continue;
                }

                if (slots[slot] < 0)
                {
                    slots[slot] = o;
                }
            }
        }

        // 1-b:c.8.e with b 0 or 1, c 1 (import) or 2 (export), e a tariff (not 0, the total), F left out.
        private void NoteTariff(long key, int index)
        {
            // A, B but its low bit, C but its two low bits, D and F must read 1-0:0.8.x*255; E must not be 0.
            if ((key & 0xFF_FE_FC_FF_00_FFL) != 0x01_00_00_08_00_FFL || (key & 0xFF00) == 0)
            {
                return;
            }

            int c = (int)((key >> 24) & 0xFF);
            if (c < 1 || c > 2)
            {
                return;
            }

            int kind = TariffKind(c, (int)((key >> 32) & 1));
            int n = _tariffCount[kind];
            if (n < MaxTariffs)
            {
                _tariffs[(kind * MaxTariffs) + n] = index;
                _tariffCount[kind] = n + 1;
            }
        }

        private static int TariffKind(int c, int b)
        {
            return ((c - 1) * 2) + b;
        }
    }
}

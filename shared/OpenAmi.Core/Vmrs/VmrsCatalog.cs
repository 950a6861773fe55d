using OpenAmi.Text;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The Village Minimum Register Set v0.1 (specs/vmrs-registers-v0.1.json) as a table: the OBIS key exactly as
    /// the spec writes it, name, northbound unit, whether billing needs it, and the spec's certainty tier.
    /// </summary>
    public static class VmrsCatalog
    {
        public const int ActiveImport = 0;
        public const int ActiveExport = 1;
        public const int PowerImport = 2;
        public const int VoltageL1 = 3;
        public const int Frequency = 4;
        public const int Clock = 5;
        public const int BillingPeriodCounter = 6;
        public const int DeviceId = 7;
        public const int AlarmStatus = 8;
        public const int Credit = 9;
        public const int DisconnectControl = 10;
        public const int LastToken = 11;

        /// <summary>Number of VMRS registers.</summary>
        public const int Count = 12;

        /// <summary>"Required" in the spec: yes, no, or only for prepaid meters.</summary>
        public const int RequiredNo = 0;
        public const int RequiredYes = 1;
        public const int RequiredIfPrepaid = 2;

        private static readonly string[] Keys =
        {
            "1.8.0", "2.8.0", "1.7.0", "32.7.0", "14.7.0", "0.0.0", "96.1.0", "0.0.96.1.1.255", "96.5.0", "96.8.0",
            "0.0.96.3.10.255", "96.11.5",
        };

        private static readonly string[] Names =
        {
            "Active energy import (total)", "Active energy export (total)", "Instantaneous active power import",
            "Instantaneous voltage (L1)", "Supply frequency", "Clock / device time", "Billing period counter",
            "Device ID / serial number", "Internal operating / alarm status", "Remaining credit / prepayment balance",
            "Disconnect control", "Last token / transfer event register",
        };

        private static readonly byte[][] KeysJson = Ascii.GetQuotedBytes(Keys);

        private static readonly byte[] Units =
        {
            NorthboundUnits.KilowattHour, NorthboundUnits.KilowattHour, NorthboundUnits.Watt, NorthboundUnits.Volt,
            NorthboundUnits.Hertz, NorthboundUnits.DateTime, NorthboundUnits.Count, NorthboundUnits.Text,
            NorthboundUnits.Bitfield, NorthboundUnits.CurrencyOrKilowattHour, NorthboundUnits.Enum, NorthboundUnits.Event,
        };

        private static readonly int[] Required =
        {
            RequiredYes, RequiredNo, RequiredYes, RequiredYes, RequiredNo, RequiredYes, RequiredNo, RequiredYes,
            RequiredYes, RequiredIfPrepaid, RequiredYes, RequiredNo,
        };

        private static readonly char[] Certainty = { 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'C' };

        /// <summary>The OBIS key as the VMRS spec writes it, e.g. "1.8.0" or "0.0.96.1.1.255".</summary>
        public static string KeyOf(int register)
        {
            return Keys[register];
        }

        /// <summary>The key as a quoted JSON string, pre-encoded for the envelope.</summary>
        public static byte[] KeyJsonOf(int register)
        {
            return KeysJson[register];
        }

        public static string NameOf(int register)
        {
            return Names[register];
        }

        /// <summary>The unit the northbound envelope uses for this register (a <see cref="NorthboundUnits"/> code).</summary>
        public static int UnitOf(int register)
        {
            return Units[register];
        }

        /// <summary>One of <see cref="RequiredYes"/>, <see cref="RequiredNo"/>, <see cref="RequiredIfPrepaid"/>.</summary>
        public static int RequiredOf(int register)
        {
            return Required[register];
        }

        /// <summary>'A' (IEC standard), 'B' (common COSEM practice) or 'C' (ISV proposal).</summary>
        public static char CertaintyOf(int register)
        {
            return Certainty[register];
        }

        /// <summary>Index of the register with this key, or -1.</summary>
        public static int Find(string key)
        {
            for (int i = 0; i < Count; i++)
            {
                if (Keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// One meter as Home Assistant knows it: the serial its entities are published under, its identification line
    /// (manufacturer and model), and one entry per entity with what is still to be said about it (a config, or an
    /// empty config that removes it). Follows the meter's register set telegram by telegram through a hash, and
    /// compares entries only when that changes; a change counts once it has held for <see cref="Debounce"/> readings,
    /// so one damaged line does not remove an entity and bring it back.
    /// </summary>
    /// <remarks>Made once per meter (the first reading of a port or sub-meter); nothing here allocates afterwards.</remarks>
    internal sealed class HomeAssistantMeter
    {
        /// <summary>Readings a new register set must hold before entities are added or removed.</summary>
        public const int Debounce = GatewayOptions.HaRegisterChangeReadings;

        /// <summary>Longest identification line kept (the model).</summary>
        public const int MaxHeaderLength = 48;

        public const byte Published = 0;
        public const byte ConfigDue = 1;
        public const byte RemovalDue = 2;

        public readonly int Port;

        /// <summary>The sub-meter's index on its port (M-Bus channel order), or -1 for the port's own meter.</summary>
        public readonly int SubIndex;

        /// <summary>The meter a sub-meter is read through (its via_device), or null.</summary>
        public readonly HomeAssistantMeter Parent;

        public readonly byte[] Serial = new byte[MeterReading.MaxSerialLength];
        public int SerialLength;

        /// <summary>The identification line without its slash (a port's own meter; null for a sub-meter).</summary>
        public readonly byte[] Header;
        public int HeaderLength;

        /// <summary>The M-Bus device type of a sub-meter (3 gas, 7 water, 4 heat), or -1.</summary>
        public int DeviceType = -1;

        // Entities: the register (VMRS -1 - register, sub-meter -1000 - key, or the packed OBIS code), its envelope unit,
        // and what is due for it.
        public readonly long[] Keys;
        public readonly byte[] Units;
        public readonly byte[] States;
        public int Count;

        /// <summary>Registers with an entity that did not fit this meter's table.</summary>
        public int Dropped;

        // Flags, in one field: every field costs 12 bytes on the device.
        private const int FlagAnnounced = 1;
        private const int FlagRenamed = 2;
        private const int FlagConfigsSent = 4;
        private int _flags;
        private long _hash;
        private long _candidateHash;
        private int _candidateCount;

        public HomeAssistantMeter(int port, int subIndex, HomeAssistantMeter parent, int capacity)
        {
            Port = port;
            SubIndex = subIndex;
            Parent = parent;
            Keys = new long[capacity];
            Units = new byte[capacity];
            States = new byte[capacity];
            Header = subIndex < 0 ? new byte[MaxHeaderLength] : null;
        }

        /// <summary>The meter's register set was applied at least once.</summary>
        public bool Announced
        {
            get { return (_flags & FlagAnnounced) != 0; }
            set { _flags = value ? _flags | FlagAnnounced : _flags & ~FlagAnnounced; }
        }

        /// <summary>The meter on the port changed: its entities are being removed before the new one's are published.</summary>
        public bool Renamed
        {
            get { return (_flags & FlagRenamed) != 0; }
            set { _flags = value ? _flags | FlagRenamed : _flags & ~FlagRenamed; }
        }

        /// <summary>Configs went out in this round: its values are reported at the next telegram, so they show at once.</summary>
        public bool ConfigsSent
        {
            get { return (_flags & FlagConfigsSent) != 0; }
            set { _flags = value ? _flags | FlagConfigsSent : _flags & ~FlagConfigsSent; }
        }

        /// <summary>Whether anything is due (a config or a removal).</summary>
        public bool HasDue
        {
            get
            {
                for (int i = 0; i < Count; i++)
                {
                    if (States[i] != Published)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// A reading of this meter (per telegram, or per report for a sub-meter). Cheap unless its register set
        /// changed; <paramref name="telegram"/> gives the identification line (null for a sub-meter).
        /// </summary>
        public void OnReading(MeterReading reading, Telegram telegram)
        {
            long hash = reading.RegisterSetHash();
            if (hash == _hash || Renamed)
            {
                _candidateCount = 0;
                return;
            }

            if (Announced)
            {
                if (hash != _candidateHash)
                {
                    _candidateHash = hash;
                    _candidateCount = 0;
                }

                if (++_candidateCount < Debounce)
                {
                    return;
                }
            }

            _hash = hash;
            _candidateCount = 0;
            Apply(reading, telegram);
        }

        /// <summary>Every entity is published again (a new connection, or Home Assistant restarted).</summary>
        public void RepublishAll()
        {
            for (int i = 0; i < Count; i++)
            {
                if (States[i] == Published)
                {
                    States[i] = ConfigDue;
                }
            }
        }

        /// <summary>Entry <paramref name="i"/> was said; a removed one leaves the table.</summary>
        public void Sent(int i)
        {
            if (States[i] == RemovalDue)
            {
                Count--;
                Keys[i] = Keys[Count];
                Units[i] = Units[Count];
                States[i] = States[Count];
                if (Count == 0 && Renamed)
                {
                    // The old meter is gone from Home Assistant: the next reading announces the new one.
                    Renamed = false;
                    Announced = false;
                    _hash = 0;
                }

                return;
            }

            States[i] = Published;
            ConfigsSent = true;
        }

        private void Apply(MeterReading reading, Telegram telegram)
        {
            if (Count > 0 && !OpenAmi.Text.Ascii.SameBytes(Serial, 0, SerialLength, reading.Serial, 0, reading.SerialLength))
            {
                for (int i = 0; i < Count; i++)
                {
                    States[i] = RemovalDue;
                }

                Renamed = true;
                return;
            }

            System.Array.Copy(reading.Serial, Serial, reading.SerialLength);
            SerialLength = reading.SerialLength;
            if (telegram != null && Header != null)
            {
                // "/ISK5\2M550T-1011": the model is the line without its slash.
                int length = telegram.HeaderLength - 1;
                HeaderLength = length < 0 ? 0 : (length > MaxHeaderLength ? MaxHeaderLength : length);
                System.Array.Copy(telegram.Source, 1, Header, 0, HeaderLength);
            }

            for (int i = 0; i < Count; i++)
            {
                if (Find(reading, Keys[i], Units[i]) < 0)
                {
                    States[i] = RemovalDue;
                }
            }

            int registers = reading.Count;
            for (int r = 0; r < registers; r++)
            {
                long key = KeyOf(reading, r);
                int unit = reading.GetUnit(r);
                if (key == -1000 - SubMeterKeys.DeviceType)
                {
                    DeviceType = (int)reading.GetNumber(r).Mantissa;
                }

                if (!HomeAssistantEntities.Describes(key, unit))
                {
                    continue;
                }

                int known = IndexOf(key, unit);
                if (known >= 0)
                {
                    if (States[known] == RemovalDue)
                    {
                        States[known] = ConfigDue; // back before its removal went out
                    }
                }
                else if (Count < Keys.Length)
                {
                    Keys[Count] = key;
                    Units[Count] = (byte)unit;
                    States[Count] = ConfigDue;
                    Count++;
                }
                else
                {
                    Dropped++;
                }
            }

            Announced = true;
        }

        /// <summary>How HomeAssistantMeter names register <paramref name="i"/> of a reading.</summary>
        public static long KeyOf(MeterReading reading, int i)
        {
            int vmrs = reading.GetVmrsRegister(i);
            if (vmrs >= 0)
            {
                return -1 - vmrs;
            }

            int sub = reading.GetSubMeterKey(i);
            return sub >= 0 ? -1000 - sub : reading.GetObisKey(i);
        }

        private int IndexOf(long key, int unit)
        {
            for (int i = 0; i < Count; i++)
            {
                if (Keys[i] == key && Units[i] == unit)
                {
                    return i;
                }
            }

            return -1;
        }

        private static int Find(MeterReading reading, long key, int unit)
        {
            int count = reading.Count;
            for (int r = 0; r < count; r++)
            {
                if (reading.GetUnit(r) == unit && KeyOf(reading, r) == key)
                {
                    return r;
                }
            }

            return -1;
        }
    }
}

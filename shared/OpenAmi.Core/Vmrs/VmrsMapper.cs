using OpenAmi.P1.Framing;
using OpenAmi.P1.Mbus;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// Maps a parsed telegram to VMRS registers (and, in full mode, every other numeric register and the M-Bus
    /// sub-meters as meters of their own). The rules are the ones in docs/vmrs-mapping.md; registers P1 does
    /// not carry are left out, never faked. Frames with a bad CRC are refused.
    /// </summary>
    /// <remarks>This file maps the VMRS registers; VmrsMapper.FullMode the other numeric registers of full mode,
    /// VmrsMapper.SubMeters the M-Bus sub-meters.</remarks>
    public sealed partial class VmrsMapper
    {
        private static readonly byte[] On = OpenAmi.Text.Ascii.GetBytes("ON");
        private static readonly byte[] Off = OpenAmi.Text.Ascii.GetBytes("OFF");

        // Name of a meter that sends neither an id nor a usable header.
        private static readonly byte[] UnknownMeter = OpenAmi.Text.Ascii.GetBytes("unknown");

        // Objects a VMRS entry came from are marked in two 64-bit sets (_mappedLow, _mappedHigh), so full mode does not
        // publish them a second time under their OBIS code; a telegram holds at most Telegram.DefaultMaxObjects (96).
        private const int MaxMarkedObjects = 128;

        // Full mode's catalog row of each object of the last telegram, checked against the key before use. NoRow (none)
        // is what a row of -1 becomes as a byte, and past the catalog's rows (ObisCatalog has at most 128).
        private const byte NoRow = 0xFF;

        private readonly MappingOptions _options;
        private readonly MeterHistory _history;
        private readonly TelegramIndex _index = new TelegramIndex();
        private readonly byte[] _scratch = new byte[MeterReading.MaxSerialLength * 2];
        private readonly byte[] _serialScratch = new byte[MeterReading.MaxSerialLength * 2];
        private readonly byte[] _catalogRows = NewCatalogRows();

        // The last meter's id as sent, and what it gave: a meter sends the same id every telegram, so decoding it and
        // making it topic-safe happen only when it changes.
        private readonly byte[] _lastRawId = new byte[MeterReading.MaxSerialLength * 2];
        private readonly byte[] _lastId = new byte[MeterReading.MaxSerialLength * 2];
        private readonly byte[] _lastSerial = new byte[MeterReading.MaxSerialLength];
        private int _lastRawIdLength = -1;
        private int _lastIdLength;
        private int _lastSerialLength;
        private long _mappedLow;
        private long _mappedHigh;
        private int _channelCount;
        private int _channelSet; // bit n: M-Bus channel n has a sub-meter (an int, not an int[]: heap)

        public VmrsMapper(MappingOptions options) : this(options, MeterHistory.DefaultCapacity)
        {
        }

        /// <param name="options">The mapping rules in force.</param>
        /// <param name="meters">Meters whose last cumulative values are remembered (for the suspect check).</param>
        public VmrsMapper(MappingOptions options, int meters)
        {
            _options = options;
            _history = new MeterHistory(meters);
        }

        /// <summary>The options in force.</summary>
        public MappingOptions Options
        {
            get { return _options; }
        }

        /// <summary>
        /// M-Bus sub-meters of the last telegram <see cref="Map(Telegram, long, bool, MeterReading)"/> read (full mode
        /// only; 0 in VMRS mode), to be mapped one by one with <see cref="MapSubMeter"/>.
        /// </summary>
        public int SubMeterCount
        {
            get { return _channelCount; }
        }

        /// <summary>
        /// Maps <paramref name="telegram"/> into <paramref name="reading"/>. Returns false, leaving the reading empty,
        /// for a bad-CRC frame. <paramref name="gatewayNowUnix"/> stands in for the time when the meter sends no
        /// usable clock; the meter clock is checked against it only when <paramref name="gatewayClockTrusted"/>.
        /// In full mode the telegram's M-Bus sub-meters are then read with <see cref="MapSubMeter"/>.
        /// </summary>
        public bool Map(Telegram telegram, long gatewayNowUnix, bool gatewayClockTrusted, MeterReading reading)
        {
            reading.Clear();
            _channelCount = 0;
            _mappedLow = 0;
            _mappedHigh = 0;
            if (telegram.Crc == CrcStatus.Bad)
            {
                return false;
            }

            _index.Build(telegram);
            int idLength = ReadIdentity(telegram, reading);
            long clock;
            int clockQuality = ReadClock(telegram, reading, gatewayNowUnix, gatewayClockTrusted, out clock);

            // Entries in the order of the VMRS table, as the profile example lists them.
            int slot = _history.Slot(reading.Serial, reading.SerialLength);
            MapEnergy(telegram, reading, VmrsCatalog.ActiveImport, TelegramIndex.SlotImport, 1, slot);
            MapEnergy(telegram, reading, VmrsCatalog.ActiveExport, TelegramIndex.SlotExport, 2, slot);
            MapInstantaneous(telegram, reading, VmrsCatalog.PowerImport, TelegramIndex.SlotPower);
            MapInstantaneous(telegram, reading, VmrsCatalog.VoltageL1, TelegramIndex.SlotVoltage);
            MapInstantaneous(telegram, reading, VmrsCatalog.Frequency, TelegramIndex.SlotFrequency);
            if (clockQuality >= 0)
            {
                reading.AddDateTime(VmrsCatalog.Clock, clock, VmrsCatalog.UnitOf(VmrsCatalog.Clock), (Quality)clockQuality);
            }

            if (idLength > 0)
            {
                int at = reading.AddText(_scratch, 0, idLength);
                if (at >= 0)
                {
                    reading.AddText(VmrsCatalog.DeviceId, at, idLength, VmrsCatalog.UnitOf(VmrsCatalog.DeviceId), Quality.Good);
                }
            }

            MapBreaker(telegram, reading);

            if (_options.Mode == MappingMode.Full)
            {
                _channelSet = MapOtherNumericRegisters(telegram, reading);
                for (int channel = 1; channel <= MbusChannels.MaxChannel; channel++)
                {
                    _channelCount += (_channelSet >> channel) & 1;
                }
            }

            return true;
        }

        private static byte[] NewCatalogRows()
        {
            byte[] rows = new byte[Telegram.DefaultMaxObjects];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = NoRow;
            }

            return rows;
        }

        // Sets the topic-safe serial; leaves the equipment id (not made topic-safe) in _scratch and returns its length.
        private int ReadIdentity(Telegram telegram, MeterReading reading)
        {
            byte[] id = _scratch;
            byte[] serial = _serialScratch;
            int idLength = 0;
            int length = 0;
            for (int s = 0; s < TelegramIndex.IdCandidates && idLength == 0; s++)
            {
                int index = _index.Get(TelegramIndex.SlotFirstId + s);
                if (index < 0 || telegram.GetGroupCount(index) == 0)
                {
                    continue;
                }

                int group = telegram.GetFirstGroup(index);
                int rawStart = telegram.GetGroupStart(group);
                int rawLength = telegram.GetGroupLength(group);
                if (rawLength == _lastRawIdLength && OpenAmi.Text.Ascii.SameBytes(telegram.Source, rawStart, rawLength, _lastRawId, 0, _lastRawIdLength))
                {
                    System.Array.Copy(_lastId, id, _lastIdLength);
                    reading.SetSerial(_lastSerial, 0, _lastSerialLength);
                    return _lastIdLength;
                }

                idLength = MeterIdentity.ReadIdFrom(telegram, index, id);
                if (idLength > 0)
                {
                    length = idLength < serial.Length ? idLength : serial.Length;
                    System.Array.Copy(id, serial, length);
                    length = MeterIdentity.MakeTopicSafe(serial, length, MeterReading.MaxSerialLength);
                    _lastRawIdLength = -1;
                    if (rawLength <= _lastRawId.Length)
                    {
                        System.Array.Copy(telegram.Source, rawStart, _lastRawId, 0, rawLength);
                        System.Array.Copy(id, _lastId, idLength);
                        System.Array.Copy(serial, _lastSerial, length);
                        _lastRawIdLength = rawLength;
                        _lastIdLength = idLength;
                        _lastSerialLength = length;
                    }
                }
            }

            if (idLength == 0)
            {
                length = MeterIdentity.MakeTopicSafe(serial, MeterIdentity.NameFromHeader(telegram, serial), MeterReading.MaxSerialLength);
            }

            if (length == 0)
            {
                System.Array.Copy(UnknownMeter, serial, UnknownMeter.Length);
                length = UnknownMeter.Length;
            }

            reading.SetSerial(serial, 0, length);
            return idLength;
        }

        // Returns the quality of the meter clock, or -1 when there is none to publish; sets the reading's time.
        private int ReadClock(Telegram telegram, MeterReading reading, long gatewayNowUnix, bool trusted, out long unix)
        {
            reading.TimestampUnix = gatewayNowUnix;
            reading.TimestampFromMeter = false;
            unix = 0;

            int index = _index.Get(TelegramIndex.SlotClock);
            P1Timestamp stamp;
            if (index < 0 || telegram.GetGroupCount(index) == 0 || !telegram.TryGetTimestamp(telegram.GetFirstGroup(index), out stamp) || !stamp.IsValid)
            {
                return -1; // no clock, or a placeholder: 0.0.0 is left out and ts is the gateway's time
            }

            unix = stamp.ToUnixSeconds(_options.SummerOffsetMinutes, _options.WinterOffsetMinutes, _options.NoSeasonOffsetMinutes);
            if (trusted)
            {
                long drift = unix - gatewayNowUnix;
                if (drift > _options.ClockToleranceSeconds || -drift > _options.ClockToleranceSeconds)
                {
                    return (int)Quality.Suspect; // published as suspect; ts stays the trusted gateway time
                }
            }

            reading.TimestampUnix = unix;
            reading.TimestampFromMeter = true;
            return (int)Quality.Good;
        }

        // 1.8.0 / 2.8.0: the meter's total when sent, else the exact sum of its tariff registers (src derived).
        private void MapEnergy(Telegram telegram, MeterReading reading, int register, int indexSlot, int c, int slot)
        {
            P1Decimal total;
            bool derived = false;
            int index = _index.Electricity(indexSlot);
            if (ReadNumberIn(telegram, index, out total))
            {
                NoteMapped(index);
            }
            else
            {
                if (!SumTariffs(telegram, c, 0, out total) && !SumTariffs(telegram, c, 1, out total))
                {
                    return;
                }

                derived = true;
            }

            bool plausible = register == VmrsCatalog.ActiveImport ? _history.RecordImport(slot, total) : _history.RecordExport(slot, total);
            reading.AddNumber(register, total, VmrsCatalog.UnitOf(register), plausible ? Quality.Good : Quality.Suspect, derived);
        }

        private void MapInstantaneous(Telegram telegram, MeterReading reading, int register, int indexSlot)
        {
            P1Decimal value;
            int index = _index.Electricity(indexSlot);
            if (!ReadNumberIn(telegram, index, out value))
            {
                return;
            }

            NoteMapped(index);
            Quality quality = register == VmrsCatalog.VoltageL1 ? VoltageQuality(value.Mantissa, value.Scale) : Quality.Good;
            reading.AddNumber(register, value, VmrsCatalog.UnitOf(register), quality, false);
        }

        // 0-0:96.3.10: 1 connected; 0 disconnected, 2 ready for reconnection (still disconnected). Some meters write ON/OFF.
        private void MapBreaker(Telegram telegram, MeterReading reading)
        {
            int index = _index.Get(TelegramIndex.SlotBreaker);
            if (index < 0 || telegram.GetGroupCount(index) == 0)
            {
                return;
            }

            int group = telegram.GetFirstGroup(index);
            long state;
            int word = -1;
            if (telegram.TryGetInteger(group, out state))
            {
                if (state == 1)
                {
                    word = RegisterWords.Connected;
                }
                else if (state == 0 || state == 2)
                {
                    word = RegisterWords.Disconnected;
                }
            }
            else if (OpenAmi.Text.Ascii.SameBytes(telegram.Source, telegram.GetGroupStart(group), telegram.GetGroupLength(group), On, 0, On.Length))
            {
                word = RegisterWords.Connected;
            }
            else if (OpenAmi.Text.Ascii.SameBytes(telegram.Source, telegram.GetGroupStart(group), telegram.GetGroupLength(group), Off, 0, Off.Length))
            {
                word = RegisterWords.Disconnected;
            }

            if (word >= 0)
            {
                NoteMapped(index);
                reading.AddWord(VmrsCatalog.DisconnectControl, word, VmrsCatalog.UnitOf(VmrsCatalog.DisconnectControl), Quality.Good);
            }
        }

        // Volts mantissa × 10^-scale against the whole-volt bounds, compared in the value's own scale (exact, and no
        // decimal structs made: full mode checks every phase).
        private Quality VoltageQuality(long mantissa, int scale)
        {
            long one = P1Decimal.Pow10(scale);
            return mantissa < _options.VoltageMin * one || mantissa > _options.VoltageMax * one ? Quality.Suspect : Quality.Good;
        }

        // The register's value in its northbound unit, from the last number group (1.6.0 writes its time first).
        private static bool ReadNumberIn(Telegram telegram, int index, out P1Decimal value)
        {
            int unit;
            int group;
            if (index < 0 || !telegram.TryGetLastNumber(index, out value, out unit, out group) || unit == P1Unit.Unknown)
            {
                value.Mantissa = 0;
                value.Scale = 0;
                return false;
            }

            value = NorthboundUnits.Convert(value, unit);
            return true;
        }

        // The exact sum of the tariff registers of energy c on channel b: 1.8.0 for meters that send only 1.8.1 and 1.8.2.
        private bool SumTariffs(Telegram telegram, int c, int b, out P1Decimal sum)
        {
            sum.Mantissa = 0;
            sum.Scale = 0;
            bool any = false;
            int count = _index.TariffCount(c, b);
            for (int i = 0; i < count; i++)
            {
                P1Decimal tariff;
                if (ReadNumberIn(telegram, _index.Tariff(c, b, i), out tariff))
                {
                    sum = P1Decimal.Add(sum, tariff);
                    any = true;
                }
            }

            return any;
        }
    }
}

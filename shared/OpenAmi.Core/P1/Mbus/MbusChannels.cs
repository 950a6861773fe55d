using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Mbus
{
    /// <summary>
    /// Reads the M-Bus sub-meters of a telegram channel by channel, whichever way the dialect writes the reading:
    /// 24.2.1 (DSMR 4/5), 24.2.3 (Belgian uncorrected gas), or 24.3.0 with the value on the next line (DSMR 2.2/3).
    /// </summary>
    public static class MbusChannels
    {
        /// <summary>Highest channel number P1 uses.</summary>
        public const int MaxChannel = 9;

        private static readonly ObisCode DeviceType = new ObisCode(0, 0, 24, 1, 0);
        private static readonly ObisCode Identifier = new ObisCode(0, 0, 96, 1, 0);
        private static readonly ObisCode IdentifierBelgium = new ObisCode(0, 0, 96, 1, 1);
        private static readonly ObisCode Reading = new ObisCode(0, 0, 24, 2, 1);
        private static readonly ObisCode ReadingUncorrected = new ObisCode(0, 0, 24, 2, 3);
        private static readonly ObisCode LegacyReading = new ObisCode(0, 0, 24, 3, 0);
        private static readonly ObisCode Valve = new ObisCode(0, 0, 24, 4, 0);

        // In a DSMR 2.2/3 24.3.0 line the unit is the sixth group: (time)(08)(60)(1)(0-1:24.2.1)(m3).
        private const int LegacyUnitGroup = 5;

        /// <summary>
        /// Fills <paramref name="channels"/> with the M-Bus channels present, in ascending order, and returns how
        /// many. A channel counts when it has a device type, an identifier or a reading (virtual relays do not).
        /// </summary>
        public static int FindChannels(Telegram telegram, int[] channels)
        {
            // One pass over the keys (a search per channel and code was most of full mode's mapping time).
            long[] keys = telegram.ObisKeys;
            int count = telegram.ObjectCount;
            int present = 0; // bit n: channel n
            for (int o = 0; o < count; o++)
            {
                long key = keys[o] | 0xFF;
                int channel = (int)((key >> 32) & 0xFF);
                if ((key >> 40) != 0 || channel < 1 || channel > MaxChannel)
                {
                    continue;
                }

                long code = key & ~(0xFFL << 32);
                if (code == DeviceType.Key || code == Reading.Key || code == ReadingUncorrected.Key || code == LegacyReading.Key
                    || code == Identifier.Key || code == IdentifierBelgium.Key)
                {
                    present |= 1 << channel;
                }
            }

            int found = 0;
            for (int channel = 1; channel <= MaxChannel && found < channels.Length; channel++)
            {
                if ((present & (1 << channel)) != 0)
                {
                    channels[found++] = channel;
                }
            }

            return found;
        }

        /// <summary>Reads channel <paramref name="channel"/>. False when the telegram has nothing on it.</summary>
        public static bool TryRead(Telegram telegram, int channel, out MbusReading reading)
        {
            reading = new MbusReading();
            reading.Channel = channel;
            long b = (long)channel << 32; // the channel is the B group: codes are made by OR-ing it in
            reading.DeviceType = ReadSmallInteger(telegram, DeviceType.Key | b);
            reading.ValveState = ReadSmallInteger(telegram, Valve.Key | b);
            reading.IdentifierGroup = FirstGroup(telegram, Identifier.Key | b);
            if (reading.IdentifierGroup < 0)
            {
                reading.IdentifierGroup = FirstGroup(telegram, IdentifierBelgium.Key | b);
            }

            int index = telegram.Find(Reading.Key | b);
            if (index < 0)
            {
                index = telegram.Find(ReadingUncorrected.Key | b);
            }

            if (index >= 0)
            {
                ReadTimedValue(telegram, index, ref reading);
            }
            else
            {
                index = telegram.Find(LegacyReading.Key | b);
                if (index >= 0)
                {
                    ReadLegacyValue(telegram, index, ref reading);
                }
            }

            return reading.HasValue || reading.DeviceType >= 0 || reading.IdentifierGroup >= 0;
        }

        /// <summary>True when channel <paramref name="channel"/> sends only the reading not corrected for temperature (24.2.3).</summary>
        public static bool IsUncorrected(Telegram telegram, int channel)
        {
            long b = (long)channel << 32;
            return telegram.Find(Reading.Key | b) < 0 && telegram.Find(ReadingUncorrected.Key | b) >= 0;
        }

        // (capture time)(value*unit)
        private static void ReadTimedValue(Telegram telegram, int index, ref MbusReading reading)
        {
            int count = telegram.GetGroupCount(index);
            int first = telegram.GetFirstGroup(index);
            if (count < 2)
            {
                return;
            }

            telegram.TryGetTimestamp(first, out reading.CaptureTime);
            int valueGroup = first + count - 1;
            if (telegram.TryGetNumber(valueGroup, out reading.Value))
            {
                reading.HasValue = true;
                reading.Unit = telegram.GetUnit(valueGroup);
                reading.ValueGroup = valueGroup;
            }
        }

        // (capture time)(status)(period)(count)(obis)(unit) then (value), possibly on the next line.
        private static void ReadLegacyValue(Telegram telegram, int index, ref MbusReading reading)
        {
            int count = telegram.GetGroupCount(index);
            int first = telegram.GetFirstGroup(index);
            if (count <= LegacyUnitGroup + 1)
            {
                return;
            }

            telegram.TryGetTimestamp(first, out reading.CaptureTime);
            int valueGroup = first + count - 1;
            if (telegram.TryGetNumber(valueGroup, out reading.Value))
            {
                int unitGroup = first + LegacyUnitGroup;
                reading.HasValue = true;
                reading.Unit = P1Unit.Lookup(telegram.Source, telegram.GetGroupStart(unitGroup), telegram.GetGroupLength(unitGroup));
                reading.ValueGroup = valueGroup;
            }
        }

        private static int ReadSmallInteger(Telegram telegram, long key)
        {
            int group = FirstGroup(telegram, key);
            long value;
            return group >= 0 && telegram.TryGetInteger(group, out value) ? (int)value : -1;
        }

        private static int FirstGroup(Telegram telegram, long key)
        {
            int index = telegram.Find(key);
            return index >= 0 && telegram.GetGroupCount(index) > 0 ? telegram.GetFirstGroup(index) : -1;
        }
    }
}

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

        // The codes read, on channel 0 (the channel is the B group), packed as ObisCode.Key: constants, not
        // ObisCode fields, because every object of a telegram is compared with them and a property read is a call.
        private const long DeviceType = 0x0000180100FF;         // 0-0:24.1.0
        private const long Identifier = 0x0000600100FF;         // 0-0:96.1.0
        private const long IdentifierBelgium = 0x0000600101FF;  // 0-0:96.1.1
        private const long Reading = 0x0000180201FF;            // 0-0:24.2.1
        private const long ReadingUncorrected = 0x0000180203FF; // 0-0:24.2.3
        private const long LegacyReading = 0x0000180300FF;      // 0-0:24.3.0
        private const long Valve = 0x0000180400FF;              // 0-0:24.4.0

        // In a DSMR 2.2/3 24.3.0 line the unit is the sixth group: (time)(08)(60)(1)(0-1:24.2.1)(m3).
        private const int LegacyUnitGroup = 5;

        /// <summary>
        /// Fills <paramref name="channels"/> with the M-Bus channels present, in ascending order, and returns how
        /// many. A channel counts when it has a device type, an identifier or a reading (virtual relays do not).
        /// </summary>
        public static int FindChannels(Telegram telegram, int[] channels)
        {
            int present = ChannelSet(telegram);
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

        /// <summary>The M-Bus channels present as bits (bit n: channel n), as <see cref="FindChannels"/> finds them.</summary>
        public static int ChannelSet(Telegram telegram)
        {
            long[] keys = telegram.ObisKeys;
            int count = telegram.ObjectCount;
            int present = 0;
            for (int o = 0; o < count; o++)
            {
                present |= ChannelBit(keys[o]);
            }

            return present;
        }

        /// <summary>
        /// Bit n when <paramref name="key"/> (F ignored) is a device type, identifier or reading of M-Bus channel n,
        /// else 0: what makes a channel count. Full mode's mapping asks it of the objects it passes anyway.
        /// </summary>
        public static int ChannelBit(long key)
        {
            key |= 0xFF;
            int channel = (int)((key >> 32) & 0xFF);
            if ((key >> 40) != 0 || channel < 1 || channel > MaxChannel)
            {
                return 0;
            }

            long code = key & ~(0xFFL << 32);
            return code == DeviceType || code == Reading || code == ReadingUncorrected || code == LegacyReading
                || code == Identifier || code == IdentifierBelgium
                ? 1 << channel
                : 0;
        }

        /// <summary>Reads channel <paramref name="channel"/>. False when the telegram has nothing on it.</summary>
        public static bool TryRead(Telegram telegram, int channel, out MbusReading reading)
        {
            // One pass over the objects finds the channel's first object of each code: a search of the telegram per code
            // (six or seven, each walking past the meter's own objects to the sub-meters at the end) cost more than the rest.
            int deviceType = -1;
            int valve = -1;
            int identifier = -1;
            int identifierBelgium = -1;
            int corrected = -1;
            int uncorrected = -1;
            int legacy = -1;
            long[] keys = telegram.ObisKeys;
            int count = telegram.ObjectCount;
            long b = (long)channel << 32;
            for (int o = count - 1; o >= 0; o--) // backwards, so the first object of a code is the one kept
            {
                long code = keys[o] ^ b; // a code of channel 0 when the object is on this channel
                if ((code >> 32) != 0)
                {
                    continue; // another channel, or the meter's own object
                }

                if (code == DeviceType)
                {
                    deviceType = o;
                }
                else if (code == Valve)
                {
                    valve = o;
                }
                else if (code == Identifier)
                {
                    identifier = o;
                }
                else if (code == IdentifierBelgium)
                {
                    identifierBelgium = o;
                }
                else if (code == Reading)
                {
                    corrected = o;
                }
                else if (code == ReadingUncorrected)
                {
                    uncorrected = o;
                }
                else if (code == LegacyReading)
                {
                    legacy = o;
                }
            }

            reading = new MbusReading();
            reading.Channel = channel;
            reading.DeviceType = ReadSmallInteger(telegram, deviceType);
            reading.ValveState = ReadSmallInteger(telegram, valve);
            reading.IdentifierGroup = FirstGroup(telegram, identifier);
            if (reading.IdentifierGroup < 0)
            {
                reading.IdentifierGroup = FirstGroup(telegram, identifierBelgium);
            }

            reading.Uncorrected = corrected < 0 && uncorrected >= 0;
            int index = corrected >= 0 ? corrected : uncorrected;
            if (index >= 0)
            {
                ReadTimedValue(telegram, index, ref reading);
            }
            else if (legacy >= 0)
            {
                ReadLegacyValue(telegram, legacy, ref reading);
            }

            return reading.HasValue || reading.DeviceType >= 0 || reading.IdentifierGroup >= 0;
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
            if (telegram.TryGetNumber(valueGroup, out reading.Value, out reading.Unit))
            {
                reading.HasValue = true;
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

        private static int ReadSmallInteger(Telegram telegram, int index)
        {
            int group = FirstGroup(telegram, index);
            long value;
            return group >= 0 && telegram.TryGetInteger(group, out value) ? (int)value : -1;
        }

        private static int FirstGroup(Telegram telegram, int index)
        {
            return index >= 0 && telegram.GetGroupCount(index) > 0 ? telegram.GetFirstGroup(index) : -1;
        }
    }
}

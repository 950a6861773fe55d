using OpenAmi.P1.Mbus;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// Full mode's other numeric registers: every numeric register of the meter itself that is not already a VMRS
    /// entry, published under its OBIS code, with a maximum demand's time and a raw unit where the meter sends one.
    /// </summary>
    public sealed partial class VmrsMapper
    {
        // Returns the M-Bus channels present (bit n: channel n), noted on the way (see MbusChannels.ChannelSet).
        private int MapOtherNumericRegisters(Telegram telegram, MeterReading reading)
        {
            long[] keys = telegram.ObisKeys;
            byte[] rows = _catalogRows;
            int count = telegram.ObjectCount;
            int channels = 0;
            for (int o = 0; o < count; o++)
            {
                long key = keys[o] | 0xFF;
                bool onChannel = (key >> 40) == 0 && ((key >> 32) & 0xFF) != 0;
                if (onChannel)
                {
                    // A = 0, B a channel: an M-Bus sub-meter's object, mapped with its sub-meter, or a Belgian virtual
                    // relay (96.x). Its channel is noted here rather than in a pass of its own.
                    channels |= MbusChannels.ChannelBit(key);
                    if (((key >> 24) & 0xFF) != 96)
                    {
                        continue;
                    }
                }

                if (key == TelegramIndex.MeterClock || key == TelegramIndex.ImportTotal || key == TelegramIndex.ExportTotal
                    || (o < 64 ? (_mappedLow >> o) & 1 : (_mappedHigh >> (o - 64)) & 1) != 0)
                {
                    continue; // already a VMRS entry (whichever channel the meter numbers it on)
                }

                // The catalog row is looked up once per object and checked against its key after that: a meter sends the
                // same objects in the same order every telegram.
                int row = o < rows.Length ? rows[o] : NoRow; // NoRow is past the catalog's rows: no hint
                ObisKind kind = ObisCatalog.KindOf(key, ref row);
                if (o < rows.Length)
                {
                    rows[o] = (byte)row; // -1, not in the catalog, is kept as NoRow
                }

                // Which objects carry a numeric register of the meter itself: not ids, text, buffers or sub-meters, and on
                // a channel only the Belgian virtual relays. A switch here rather than a method: it is asked of every object.
                if (onChannel && kind != ObisKind.SwitchState)
                {
                    continue;
                }

                switch (kind)
                {
                    case ObisKind.Version:
                    case ObisKind.Clock:
                    case ObisKind.Identifier:
                    case ObisKind.Text:
                    case ObisKind.ProfileBuffer:
                    case ObisKind.MbusDeviceType:
                    case ObisKind.MbusReading:
                    case ObisKind.MbusLegacyReading:
                        continue;
                }

                P1Decimal value;
                int p1Unit;
                int group;
                if (!telegram.TryGetLastNumber(o, out value, out p1Unit, out group))
                {
                    continue;
                }

                long mantissa = value.Mantissa;
                int scale = value.Scale;
                int unit = NorthboundUnits.Convert(ref mantissa, ref scale, p1Unit);
                if (p1Unit == P1Unit.None)
                {
                    unit = UnitlessUnit(kind);
                }

                Quality quality = kind == ObisKind.Voltage ? VoltageQuality(mantissa, scale) : Quality.Good;
                int entry = reading.AddObisNumber(keys[o], mantissa, scale, unit, quality);
                if (entry >= 0 && unit == NorthboundUnits.Raw)
                {
                    AddRawUnit(telegram, group, reading, entry);
                }

                if (kind == ObisKind.Demand && telegram.GetGroupCount(o) > 1)
                {
                    AddDemandTime(telegram, o, keys[o], reading);
                }
            }

            return channels;
        }

        // A maximum-demand register (Belgian 1.6.0) sends when its peak happened beside the value, before it (Fluvius)
        // or after it (Iskra): published as a second entry under the same code with the unit datetime.
        private void AddDemandTime(Telegram telegram, int index, long key, MeterReading reading)
        {
            int first = telegram.GetFirstGroup(index);
            int count = telegram.GetGroupCount(index);
            for (int g = first; g < first + count; g++)
            {
                P1Timestamp stamp;
                if (telegram.TryGetTimestamp(g, out stamp) && stamp.IsValid)
                {
                    long unix = stamp.ToUnixSeconds(_options.SummerOffsetMinutes, _options.WinterOffsetMinutes, _options.NoSeasonOffsetMinutes);
                    reading.AddObisDateTime(key, unix, Quality.Good);
                    return;
                }
            }
        }

        private static int UnitlessUnit(ObisKind kind)
        {
            switch (kind)
            {
                case ObisKind.Counter: return NorthboundUnits.Count;
                case ObisKind.Tariff:
                case ObisKind.SwitchState:
                case ObisKind.Status:
                    return NorthboundUnits.Enum;
                default: return NorthboundUnits.None;
            }
        }

        // Marks object <paramref name="index"/> as a VMRS entry's source, one bit an object: full mode tests every object.
        private void NoteMapped(int index)
        {
            if (index >= 0 && index < 64)
            {
                _mappedLow |= 1L << index;
            }
            else if (index >= 64 && index < MaxMarkedObjects)
            {
                _mappedHigh |= 1L << (index - 64);
            }
        }

        private static void AddRawUnit(Telegram telegram, int group, MeterReading reading, int entry)
        {
            byte[] source = telegram.Source;
            int start = telegram.GetGroupStart(group);
            int end = start + telegram.GetGroupLength(group);
            int star = start;
            while (star < end && source[star] != (byte)'*')
            {
                star++;
            }

            int at = reading.AddText(source, star + 1, end - star - 1);
            if (at >= 0)
            {
                reading.SetRawUnit(entry, at, end - star - 1);
            }
        }
    }
}

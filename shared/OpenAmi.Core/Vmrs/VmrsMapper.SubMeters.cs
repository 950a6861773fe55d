using OpenAmi.P1.Mbus;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// Full mode's M-Bus sub-meters, each mapped as a meter of its own: its reading, device type and valve, and a
    /// serial of its own (its equipment id, or the main meter's serial with "-mbus" and the channel).
    /// </summary>
    public sealed partial class VmrsMapper
    {
        /// <summary>
        /// Maps M-Bus sub-meter <paramref name="index"/> (below <see cref="SubMeterCount"/>) of the telegram last
        /// mapped into <paramref name="sub"/>, as a meter of its own. False when the channel carries no reading.
        /// </summary>
        public bool MapSubMeter(Telegram telegram, int index, MeterReading main, MeterReading sub)
        {
            sub.Clear();
            MbusReading mbus;
            if (index >= _channelCount || !MbusChannels.TryRead(telegram, Channel(index), out mbus) || !mbus.HasValue)
            {
                return false;
            }

            SetSubMeterSerial(telegram, main, mbus.IdentifierGroup, mbus.Channel, sub); // fields, not the struct: a copy costs
            if (mbus.CaptureTime.IsValid)
            {
                sub.TimestampUnix = mbus.CaptureTime.ToUnixSeconds(_options.SummerOffsetMinutes, _options.WinterOffsetMinutes, _options.NoSeasonOffsetMinutes);
                sub.TimestampFromMeter = true;
            }
            else
            {
                sub.TimestampUnix = main.TimestampUnix;
                sub.TimestampFromMeter = main.TimestampFromMeter;
            }

            long mantissa = mbus.Value.Mantissa;
            int scale = mbus.Value.Scale;
            int unit = NorthboundUnits.Convert(ref mantissa, ref scale, mbus.Unit);
            int key = mbus.Uncorrected ? SubMeterKeys.UncorrectedReading : SubMeterKeys.Reading;
            int entry = sub.AddSubMeterNumber(key, mantissa, scale, unit, Quality.Good);
            if (entry >= 0 && unit == NorthboundUnits.Raw)
            {
                AddRawUnit(telegram, mbus.ValueGroup, sub, entry);
            }

            if (mbus.DeviceType >= 0)
            {
                sub.AddSubMeterNumber(SubMeterKeys.DeviceType, mbus.DeviceType, 0, NorthboundUnits.Enum, Quality.Good);
            }

            if (mbus.ValveState >= 0)
            {
                sub.AddSubMeterNumber(SubMeterKeys.Valve, mbus.ValveState, 0, NorthboundUnits.Enum, Quality.Good);
            }

            return true;
        }

        /// <summary>
        /// Maps the meter into <paramref name="output"/>[0] and, in full mode, its M-Bus sub-meters with a reading
        /// into the entries after it. Returns how many readings were written; 0 for a bad-CRC frame. For tools and
        /// tests; the gateway maps sub-meters one at a time into one reused reading.
        /// </summary>
        public int Map(Telegram telegram, long gatewayNowUnix, bool gatewayClockTrusted, MeterReading[] output)
        {
            if (output.Length == 0 || !Map(telegram, gatewayNowUnix, gatewayClockTrusted, output[0]))
            {
                return 0;
            }

            int written = 1;
            for (int i = 0; i < _channelCount && written < output.Length; i++)
            {
                if (MapSubMeter(telegram, i, output[0], output[written]))
                {
                    written++;
                }
            }

            return written;
        }

        // The channel of sub-meter index (0 the lowest channel present).
        private int Channel(int index)
        {
            for (int channel = 1; channel <= MbusChannels.MaxChannel; channel++)
            {
                if (((_channelSet >> channel) & 1) != 0 && index-- == 0)
                {
                    return channel;
                }
            }

            return 0;
        }

        private void SetSubMeterSerial(Telegram telegram, MeterReading main, int identifierGroup, int channel, MeterReading sub)
        {
            byte[] id = _scratch;
            int length = 0;
            if (identifierGroup >= 0)
            {
                length = telegram.DecodeHexText(identifierGroup, id, 0);
                if (length <= 0)
                {
                    length = telegram.GetGroupLength(identifierGroup);
                    length = length < id.Length ? length : id.Length;
                    System.Array.Copy(telegram.Source, telegram.GetGroupStart(identifierGroup), id, 0, length);
                }
            }

            if (length > 0)
            {
                int at = sub.AddText(id, 0, length);
                if (at >= 0)
                {
                    sub.AddText(VmrsCatalog.DeviceId, at, length, VmrsCatalog.UnitOf(VmrsCatalog.DeviceId), Quality.Good);
                }

                length = MeterIdentity.MakeTopicSafe(id, length, MeterReading.MaxSerialLength);
            }

            if (length == 0)
            {
                // No id of its own: "<meter serial>-mbus<channel>".
                length = main.SerialLength < MeterReading.MaxSerialLength - 6 ? main.SerialLength : MeterReading.MaxSerialLength - 6;
                System.Array.Copy(main.Serial, id, length);
                id[length++] = (byte)'-';
                id[length++] = (byte)'m';
                id[length++] = (byte)'b';
                id[length++] = (byte)'u';
                id[length++] = (byte)'s';
                id[length++] = (byte)('0' + channel);
            }

            sub.SetSerial(id, 0, length);
        }
    }
}

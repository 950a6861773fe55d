using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Full mode's M-Bus sub-meters: each is a meter of its own with a message of its own, mapped from the same
    /// telegram into one reading made on the first sub-meter seen.
    /// </summary>
    public sealed partial class GatewayRuntime
    {
        /// <summary>Registers kept of a sub-meter: its reading, device type and valve.</summary>
        private const int SubMeterCapacity = 8;

        // Full mode: each M-Bus sub-meter is a meter of its own, with a message of its own.
        private void ReportSubMeters(int port, Telegram telegram)
        {
            int count = _mapper.SubMeterCount;
            for (int i = 0; i < count; i++)
            {
                MeterReading sub = SubMeterReading();
                if (_mapper.MapSubMeter(telegram, i, _reading, sub))
                {
                    if (_discovery != null)
                    {
                        _discovery.OnSubMeterReading(port, i, sub);
                    }

                    _store.StoreTelemetry(sub, sub.TimestampUnix, false);
                }
            }
        }

        // Made on the first sub-meter seen: a gateway in VMRS mode, or without sub-meters, never holds it.
        private MeterReading SubMeterReading()
        {
            if (_subMeter == null)
            {
                _subMeter = new MeterReading(SubMeterCapacity);
            }

            return _subMeter;
        }
    }
}

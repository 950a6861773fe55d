using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// When a meter's telemetry goes out: on wall-clock-aligned intervals of measurement time (the first telegram
    /// in each new interval), and at once when power or voltage moved past its deadband (at most once per
    /// deadband period). Measurement time is the meter's clock when valid, so a replay reports as the live run did.
    /// </summary>
    internal sealed class ReportSchedule
    {
        private readonly GatewayOptions _options;

        public ReportSchedule(GatewayOptions options)
        {
            _options = options;
        }

        /// <summary>True when <paramref name="reading"/> opens a new reporting interval for the meter on <paramref name="p"/>.</summary>
        public bool IsDue(MeterPort p, MeterReading reading)
        {
            if (_options.IntervalSeconds <= 0)
            {
                return true;
            }

            long slot = FloorDiv(reading.TimestampUnix, _options.IntervalSeconds);
            if (slot == p.LastReportSlot)
            {
                return false;
            }

            p.LastReportSlot = slot;
            return true;
        }

        /// <summary>True when power or voltage moved past its deadband since the last report, and the period allows.</summary>
        public bool DeadbandCrossed(MeterPort p, MeterReading reading)
        {
            bool moved = Moved(reading, VmrsCatalog.PowerImport, p.HasReportedPower, p.ReportedPowerMantissa, p.ReportedPowerScale, _options.PowerDeadbandWatts)
                || Moved(reading, VmrsCatalog.VoltageL1, p.HasReportedVoltage, p.ReportedVoltageMantissa, p.ReportedVoltageScale, _options.VoltageDeadbandVolts);
            if (!moved || (p.LastDeadbandReportUnix != long.MinValue && reading.TimestampUnix - p.LastDeadbandReportUnix < _options.DeadbandMinPeriodSeconds))
            {
                return false;
            }

            p.LastDeadbandReportUnix = reading.TimestampUnix;
            return true;
        }

        /// <summary>Remembers the power and voltage just reported, the baselines of the deadbands.</summary>
        public static void Reported(MeterPort p, MeterReading reading)
        {
            int power = reading.FindVmrs(VmrsCatalog.PowerImport);
            if (power >= 0)
            {
                P1Decimal value = reading.GetNumber(power);
                p.ReportedPowerMantissa = value.Mantissa;
                p.ReportedPowerScale = value.Scale;
                p.HasReportedPower = true;
            }

            int voltage = reading.FindVmrs(VmrsCatalog.VoltageL1);
            if (voltage >= 0)
            {
                P1Decimal value = reading.GetNumber(voltage);
                p.ReportedVoltageMantissa = value.Mantissa;
                p.ReportedVoltageScale = value.Scale;
                p.HasReportedVoltage = true;
            }
        }

        /// <summary>Floor division, so slots of times before 1970 are aligned too.</summary>
        public static long FloorDiv(long value, long divisor)
        {
            long q = value / divisor;
            return (value % divisor != 0 && value < 0) ? q - 1 : q;
        }

        private static bool Moved(MeterReading reading, int register, bool hasLast, long lastMantissa, int lastScale, int threshold)
        {
            int i = reading.FindVmrs(register);
            if (threshold <= 0 || i < 0 || !hasLast)
            {
                return false;
            }

            P1Decimal difference = P1Decimal.Add(reading.GetNumber(i), new P1Decimal(-lastMantissa, lastScale));
            if (difference.Mantissa < 0)
            {
                difference = new P1Decimal(-difference.Mantissa, difference.Scale);
            }

            return P1Decimal.Compare(difference, new P1Decimal(threshold, 0)) > 0;
        }
    }
}

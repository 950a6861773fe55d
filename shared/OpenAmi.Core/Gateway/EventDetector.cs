using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Runs the rows of <see cref="EventRules"/> over each telegram of a meter: reads the watched value, compares it
    /// with the meter's previous one by the row's rule, and writes the row's event with what it carries. A meter's
    /// first telegram only sets the baselines.
    /// </summary>
    internal sealed class EventDetector
    {
        private static readonly long FailureLog = new ObisCode(1, 0, 99, 97, 0).Key;

        private readonly GatewayOptions _options;
        private readonly MessageStore _store;

        public EventDetector(GatewayOptions options, MessageStore store)
        {
            _options = options;
            _store = store;
        }

        /// <summary>Checks every row; returns true when an event was written.</summary>
        public bool Detect(MeterPort p, Telegram telegram, MeterReading reading, long tick)
        {
            bool raised = false;
            for (int row = 0; row < EventRules.Count; row++)
            {
                raised |= Check(row, p, telegram, reading, tick);
            }

            // The failure log is read against the watermark of the previous telegram by every row that writes it,
            // and moves once, here: a rule must never hide entries from the next one.
            p.LastFailureLogEnd = NewestFailureLogEnd(telegram, p.LastFailureLogEnd);
            if (!p.HasBaseline)
            {
                p.HasBaseline = true;
                return false;
            }

            return raised;
        }

        private bool Check(int row, MeterPort p, Telegram telegram, MeterReading reading, long tick)
        {
            int watch = EventRules.WatchKindOf(row);
            if (watch == EventRules.WatchMeterClock)
            {
                return CheckClock(row, p, reading, tick);
            }

            long value;
            int scale;
            if (!Read(watch, EventRules.WatchedOf(row), telegram, reading, out value, out scale))
            {
                return false;
            }

            bool had = p.RuleHas[row];
            long previous = p.RuleValue[row];
            int previousScale = p.RuleScale[row];
            p.RuleHas[row] = true;
            p.RuleValue[row] = value;
            p.RuleScale[row] = (byte)scale;
            if (!had || !p.HasBaseline)
            {
                return false;
            }

            int order = P1Decimal.Compare(new P1Decimal(value, scale), new P1Decimal(previous, previousScale));
            int rule = EventRules.RuleOf(row);
            bool fires = (rule == EventRules.RuleChange && order != 0)
                || (rule == EventRules.RuleIncrease && order > 0)
                || (rule == EventRules.RuleDecrease && order < 0);
            if (!fires)
            {
                return false;
            }

            _store.BeginEvent(p, reading.TimestampUnix, EventRules.RaisesOf(row));
            WriteDetails(row, p, telegram, previous, previousScale, value, scale);
            _store.FinishEvent(p);
            return true;
        }

        private void WriteDetails(int row, MeterPort p, Telegram telegram, long previous, int previousScale, long value, int scale)
        {
            MessageWriter m = _store.Message;
            switch (EventRules.CarriesOf(row))
            {
                case EventRules.CarriesFromToWords:
                    m.FieldJson(MessageWriter.From, RegisterWords.JsonOf((int)previous));
                    m.FieldJson(MessageWriter.To, RegisterWords.JsonOf((int)value));
                    return;
                case EventRules.CarriesCounterFromToLog:
                    m.FieldJson(MessageWriter.Counter, EventRules.LabelOf(row));
                    m.Field(MessageWriter.From, previous);
                    m.Field(MessageWriter.To, value);
                    WriteFailureLog(telegram, p.LastFailureLogEnd);
                    return;
                case EventRules.CarriesPhaseFromTo:
                    m.FieldJson(MessageWriter.Phase, EventRules.LabelOf(row));
                    m.Field(MessageWriter.From, previous);
                    m.Field(MessageWriter.To, value);
                    return;
                default:
                    m.FieldJson(MessageWriter.Obis, EventRules.LabelOf(row));
                    m.Field(MessageWriter.From, new P1Decimal(previous, previousScale));
                    m.Field(MessageWriter.To, new P1Decimal(value, scale));
                    return;
            }
        }

        // The meter clock moved more or less than the gateway's monotonic clock between two frames.
        private bool CheckClock(int row, MeterPort p, MeterReading reading, long tick)
        {
            if (!reading.TimestampFromMeter)
            {
                return false;
            }

            bool had = p.RuleHas[row];
            long previousUnix = p.RuleValue[row];
            long previousTick = p.MeterClockTickMs;
            p.RuleHas[row] = true;
            p.RuleValue[row] = reading.TimestampUnix;
            p.MeterClockTickMs = tick;
            if (!had || _options.ClockJumpSeconds <= 0)
            {
                return false;
            }

            long gatewayDelta = (tick - previousTick) / 1000;
            long drift = (reading.TimestampUnix - previousUnix) - gatewayDelta;
            if (drift <= _options.ClockJumpSeconds && -drift <= _options.ClockJumpSeconds)
            {
                return false;
            }

            MessageWriter m = _store.Message;
            _store.BeginEvent(p, reading.TimestampUnix, EventRules.RaisesOf(row));
            m.TimeField(MessageWriter.Expected, previousUnix + gatewayDelta);
            m.TimeField(MessageWriter.Meter, reading.TimestampUnix);
            m.Field(MessageWriter.JumpSeconds, drift);
            _store.FinishEvent(p);
            return true;
        }

        private static bool Read(int watch, long watched, Telegram telegram, MeterReading reading, out long value, out int scale)
        {
            value = 0;
            scale = 0;
            if (watch == EventRules.WatchCounter)
            {
                int index = telegram.Find(watched);
                return index >= 0 && telegram.GetGroupCount(index) > 0 && telegram.TryGetInteger(telegram.GetFirstGroup(index), out value);
            }

            int entry = reading.FindVmrs((int)watched);
            if (entry < 0)
            {
                return false;
            }

            if (watch == EventRules.WatchWord)
            {
                value = reading.GetWord(entry);
                return true;
            }

            P1Decimal number = reading.GetNumber(entry);
            value = number.Mantissa;
            scale = number.Scale;
            return true;
        }

        // "log": the entries of the power-failure log (1-0:99.97.0) that ended after the watermark.
        private void WriteFailureLog(Telegram telegram, long watermark)
        {
            MessageWriter m = _store.Message;
            m.BeginList(MessageWriter.Log);
            int index = telegram.Find(FailureLog);
            ProfileBuffer log;
            if (index >= 0 && telegram.TryGetProfile(index, out log))
            {
                for (int r = 0; r < log.Entries; r++)
                {
                    long end;
                    P1Decimal duration;
                    if (ReadLogEntry(telegram, log, r, out end, out duration) && end > watermark)
                    {
                        m.LogEntry(end, duration);
                    }
                }
            }

            m.EndList();
        }

        private long NewestFailureLogEnd(Telegram telegram, long newest)
        {
            int index = telegram.Find(FailureLog);
            ProfileBuffer log;
            if (index < 0 || !telegram.TryGetProfile(index, out log))
            {
                return newest;
            }

            for (int r = 0; r < log.Entries; r++)
            {
                long end;
                P1Decimal duration;
                if (ReadLogEntry(telegram, log, r, out end, out duration) && end > newest)
                {
                    newest = end;
                }
            }

            return newest;
        }

        private bool ReadLogEntry(Telegram telegram, ProfileBuffer log, int row, out long endUnix, out P1Decimal duration)
        {
            endUnix = 0;
            P1Timestamp end;
            if (!telegram.TryGetTimestamp(log.GroupOf(row, 0), out end) || !end.IsValid || !telegram.TryGetNumber(log.GroupOf(row, 1), out duration))
            {
                duration = new P1Decimal(0, 0);
                return false;
            }

            MappingOptions m = _options.Mapping;
            endUnix = end.ToUnixSeconds(m.SummerOffsetMinutes, m.WinterOffsetMinutes, m.NoSeasonOffsetMinutes);
            return true;
        }
    }
}

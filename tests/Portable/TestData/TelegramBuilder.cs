using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// Builds DSMR 5 telegrams with chosen values and a correct CRC, parsed and ready for the runtime, so a test
    /// can play a meter's life second by second.
    /// </summary>
    public sealed class TelegramBuilder
    {
        private readonly Telegram _telegram = new Telegram();
        private byte[] _frame;

        /// <summary>Equipment id as it appears on the wire (hex of "E0000000000000001" by default).</summary>
        public string IdHex = "4530303030303030303030303030303031";

        /// <summary>Meter clock, seconds since 1970 UTC; written as winter time (UTC+1).</summary>
        public long ClockUnix = 1700000000L;

        /// <summary>Tariff 1 import in Wh (written as kWh with three decimals).</summary>
        public long ImportWh = 1000000;

        public int PowerWatts = 500;
        public int VoltageDecivolts = 2300;
        public int Breaker = 1;
        public int ShortFailures = 3;
        public int LongFailures = 1;
        public int SagsL1;

        /// <summary>False leaves the voltage line out (a meter that stops sending a register).</summary>
        public bool SendVoltage = true;

        /// <summary>Entries of the failure log: end times (unix) and durations (s).</summary>
        public long[] FailureEnds = new long[0];
        public long[] FailureDurations = new long[0];

        /// <summary>The telegram text, with its CRC.</summary>
        public string Text()
        {
            string body = "/TST5\\TestMeter-1\r\n\r\n"
                + "1-3:0.2.8(50)\r\n"
                + "0-0:1.0.0(" + Stamp(ClockUnix + 3600) + "W)\r\n"
                + "0-0:96.1.1(" + IdHex + ")\r\n"
                + "1-0:1.8.1(" + Pad(ImportWh / 1000, 6) + "." + Pad(ImportWh % 1000, 3) + "*kWh)\r\n"
                + "1-0:1.8.2(000100.000*kWh)\r\n"
                + "1-0:1.7.0(" + Pad(PowerWatts / 1000, 2) + "." + Pad(PowerWatts % 1000, 3) + "*kW)\r\n"
                + "0-0:96.7.21(" + Pad(ShortFailures, 5) + ")\r\n"
                + "0-0:96.7.9(" + Pad(LongFailures, 5) + ")\r\n"
                + "1-0:99.97.0(" + FailureEnds.Length + ")(0-0:96.7.19)" + Log() + "\r\n"
                + "1-0:32.32.0(" + Pad(SagsL1, 5) + ")\r\n"
                + (SendVoltage ? "1-0:32.7.0(" + Pad(VoltageDecivolts / 10, 3) + "." + (VoltageDecivolts % 10) + "*V)\r\n" : string.Empty)
                + "0-0:96.3.10(" + Breaker + ")\r\n"
                + "!";
            byte[] bytes = Bytes.Of(body);
            int crc = Crc16Arc.Compute(bytes, 0, bytes.Length);
            return body + Bytes.ToHex(new byte[] { (byte)(crc >> 8), (byte)crc }, 0, 2).ToUpper() + "\r\n";
        }

        /// <summary>The telegram parsed (valid until the next call).</summary>
        public Telegram Parse()
        {
            string text = Text();
            _frame = Bytes.Of(text.Substring(0, text.IndexOf('!') + 1));
            TelegramParser.Parse(_frame, _frame.Length, CrcStatus.Ok, false, _telegram);
            return _telegram;
        }

        /// <summary>A frame that failed its CRC.</summary>
        public Telegram ParseBad()
        {
            Parse();
            TelegramParser.Parse(_frame, _frame.Length, CrcStatus.Bad, false, _telegram);
            return _telegram;
        }

        private string Log()
        {
            string log = string.Empty;
            for (int i = 0; i < FailureEnds.Length; i++)
            {
                log += "(" + Stamp(FailureEnds[i] + 3600) + "W)(" + Pad(FailureDurations[i], 10) + "*s)";
            }

            return log;
        }

        // Local time (already shifted by the caller) as YYMMDDhhmmss.
        private static string Stamp(long localUnix)
        {
            long days = localUnix / 86400;
            int secondOfDay = (int)(localUnix % 86400);
            int year;
            int month;
            int day;
            OpenAmi.Northbound.IsoTimeText.CivilFromDays(days, out year, out month, out day);
            return Pad(year % 100, 2) + Pad(month, 2) + Pad(day, 2) + Pad(secondOfDay / 3600, 2) + Pad((secondOfDay / 60) % 60, 2) + Pad(secondOfDay % 60, 2);
        }

        private static string Pad(long value, int width)
        {
            string text = value.ToString();
            while (text.Length < width)
            {
                text = "0" + text;
            }

            return text;
        }
    }
}

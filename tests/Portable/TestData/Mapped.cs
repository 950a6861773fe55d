using OpenAmi.Northbound;
using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Maps test telegrams the way the gateway does, and finds entries by their envelope key.</summary>
    public static class Mapped
    {
        /// <summary>A gateway time for meters without a clock: 2023-11-14T22:13:20Z.</summary>
        public const long GatewayNow = 1700000000L;

        public static MeterReading[] NewReadings()
        {
            MeterReading[] readings = new MeterReading[10];
            for (int i = 0; i < readings.Length; i++)
            {
                readings[i] = new MeterReading();
            }

            return readings;
        }

        /// <summary>Maps the first frame of <paramref name="text"/> in VMRS mode; returns the meter's reading.</summary>
        public static MeterReading Vmrs(string text)
        {
            MeterReading[] readings = NewReadings();
            new VmrsMapper(new MappingOptions()).Map(Parsed.First(text), GatewayNow, false, readings);
            return readings[0];
        }

        /// <summary>The envelope of <paramref name="reading"/> for feeder "f" and gateway "g".</summary>
        public static string Envelope(MeterReading reading)
        {
            var writer = new EnvelopeWriter();
            Assert(writer.Write(reading, "f", "g", null));
            return writer.ToText();
        }

        /// <summary>Index of the entry with this VMRS key, or -1.</summary>
        public static int Find(MeterReading reading, string vmrsKey)
        {
            return reading.FindVmrs(VmrsCatalog.Find(vmrsKey));
        }

        /// <summary>The decimal value of the entry with this VMRS key as text, or null when absent.</summary>
        public static string Number(MeterReading reading, string vmrsKey)
        {
            int i = Find(reading, vmrsKey);
            return i < 0 ? null : reading.GetNumber(i).ToString();
        }

        private static void Assert(bool condition)
        {
            if (!condition)
            {
                throw new System.InvalidOperationException("the envelope did not fit its buffer");
            }
        }
    }
}

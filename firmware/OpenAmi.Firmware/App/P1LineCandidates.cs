using OpenAmi.Northbound;

namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// The settings a P1 port's line search tries (line = auto): 115200 8N1 (DSMR 4/5, Belgium, Luxembourg) and 9600
    /// 7E1 (DSMR 2.2/3), each with the signal inverted (an open collector read straight, the usual wiring) and not (a
    /// transistor stage in front). A port whose polarity the configuration fixes tries only the two speeds.
    /// </summary>
    public static class P1LineCandidates
    {
        public const int Count = 4;

        private static readonly int[] Bauds = { 115200, 115200, 9600, 9600 };

        /// <summary>Each candidate as the status writes it, as a JSON string.</summary>
        private static readonly byte[][] Json =
        {
            JsonBuffer.Quote("115200-8N1-inverted"), JsonBuffer.Quote("115200-8N1-not-inverted"),
            JsonBuffer.Quote("9600-7E1-inverted"), JsonBuffer.Quote("9600-7E1-not-inverted"),
        };

        public static int BaudOf(int candidate)
        {
            return Bauds[candidate];
        }

        public static int DataBitsOf(int candidate)
        {
            return candidate < 2 ? 8 : 7;
        }

        public static char ParityOf(int candidate)
        {
            return candidate < 2 ? 'N' : 'E';
        }

        public static bool InvertOf(int candidate)
        {
            return candidate % 2 == 0;
        }

        public static byte[] JsonOf(int candidate)
        {
            return Json[candidate];
        }

        /// <summary>The candidate with these settings, or -1 when they are not one.</summary>
        public static int Of(int baud, int dataBits, char parity, bool invert)
        {
            for (int c = 0; c < Count; c++)
            {
                if (Bauds[c] == baud && DataBitsOf(c) == dataBits && ParityOf(c) == parity && InvertOf(c) == invert)
                {
                    return c;
                }
            }

            return -1;
        }

        /// <summary>
        /// The candidates a port tries, in order, starting with <paramref name="start"/>: all four, or the two of the
        /// fixed polarity <paramref name="invert"/> when <paramref name="invertFixed"/>.
        /// </summary>
        public static int[] For(bool invertFixed, bool invert, int start)
        {
            int[] order = invertFixed ? new int[2] : new int[Count];
            int n = 0;
            for (int k = 0; k < Count; k++)
            {
                int c = (start + k) % Count;
                if (!invertFixed || InvertOf(c) == invert)
                {
                    order[n++] = c;
                }
            }

            return order;
        }
    }
}

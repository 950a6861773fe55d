using OpenAmi.P1.Obis;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// How a non-VMRS register is keyed in the envelope: electricity registers of the meter itself (A=1, B=0)
    /// in the short C.D.E form the VMRS uses ("21.7.0", "1.8.1"), everything else in the full six-group
    /// form ("0.0.96.7.21.255", "0.1.96.3.10.255").
    /// </summary>
    public static class NorthboundObis
    {
        /// <summary>Longest key text with its quotes: six groups of three digits, five dots.</summary>
        public const int MaxJsonLength = 25;

        /// <summary>
        /// Composes the quoted key of <paramref name="key"/> into <paramref name="into"/> at <paramref name="at"/> (room for
        /// <see cref="MaxJsonLength"/> bytes); returns where it ends. Full mode writes one per register of every
        /// telegram, and on the interpreter each call counts: the envelope composes key and its neighbours in one piece.
        /// </summary>
        public static int Compose(long key, byte[] into, int at)
        {
            // A = 1, B = 0 and F = 255: C.D.E; otherwise all six groups from A.
            bool shortForm = (key >> 32) == 0x100 && (key & 0xFF) == ObisCode.DefaultF;
            int last = shortForm ? 8 : 0;
            int n = at;
            into[n++] = (byte)'"';
            for (int shift = shortForm ? 24 : 40; shift >= last; shift -= 8)
            {
                int v = (int)((key >> shift) & 0xFF);
                if (v >= 100)
                {
                    into[n++] = (byte)('0' + (v / 100));
                    v %= 100;
                    into[n++] = (byte)('0' + (v / 10));
                    v %= 10;
                }
                else if (v >= 10)
                {
                    into[n++] = (byte)('0' + (v / 10));
                    v %= 10;
                }

                into[n++] = (byte)('0' + v);
                into[n++] = (byte)'.';
            }

            into[n - 1] = (byte)'"'; // the last dot
            return n;
        }
    }
}

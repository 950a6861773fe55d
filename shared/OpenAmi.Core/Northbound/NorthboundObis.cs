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
            int first = 24;
            int last = 8;
            bool suffix = false;
            int n = at;
            into[n++] = (byte)'"';
            if ((key >> 32) != 0x100 || (key & 0xFF) != ObisCode.DefaultF)
            {
                // The long form. "0.0." and ".255", its common ends (0-0:96.14.0), are written as they are: a group costs
                // some forty operations on the interpreter.
                suffix = (key & 0xFF) == ObisCode.DefaultF;
                last = suffix ? 8 : 0;
                if ((key >> 32) == 0)
                {
                    into[n] = (byte)'0';
                    into[n + 1] = (byte)'.';
                    into[n + 2] = (byte)'0';
                    into[n + 3] = (byte)'.';
                    n += 4;
                }
                else
                {
                    first = 40;
                }
            }

            for (int shift = first; shift >= last; shift -= 8)
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

            if (suffix)
            {
                into[n] = (byte)'2';
                into[n + 1] = (byte)'5';
                into[n + 2] = (byte)'5';
                n += 4;
            }

            into[n - 1] = (byte)'"'; // the last dot
            return n;
        }
    }
}

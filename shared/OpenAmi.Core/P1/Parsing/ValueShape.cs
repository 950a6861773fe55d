using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// What a value group's text looks like: a number (digits with at most one point, an optional '-', an optional
    /// "*unit"), a timestamp (12 digits and a season letter), an OBIS reference, text, or nothing. Worked out when a
    /// group is first read, not when it is parsed: most groups of a telegram are never read.
    /// </summary>
    internal static class ValueShape
    {
        public static P1ValueKind Of(byte[] text, int start, int length)
        {
            if (length == 0)
            {
                return P1ValueKind.Empty;
            }

            int end = start + length;
            int i = start;
            bool negative = text[i] == (byte)'-';
            if (negative || text[i] == (byte)'+')
            {
                // IEC 62056-21 readouts sign values both ways: "+000.8*A".
                i++;
            }

            int first = i;
            int dot = -1;
            byte c = 0;
            while (i < end)
            {
                c = text[i];
                if (c < (byte)'0' || c > (byte)'9')
                {
                    if (c != (byte)'.' || dot >= 0)
                    {
                        break;
                    }

                    dot = i;
                }

                i++;
            }

            int digits = i - first - (dot < 0 ? 0 : 1);
            bool number = digits > 0 && digits <= P1NumberText.MaxDigits && (dot < 0 || i - dot - 1 <= P1Decimal.MaxScale);
            if (i == end)
            {
                return number ? P1ValueKind.Number : P1ValueKind.Text;
            }

            if (c == (byte)'*' && number)
            {
                return P1ValueKind.Number;
            }

            if (digits == 12 && i - start == 12 && i + 1 == end && (c == (byte)'S' || c == (byte)'W' || c == (byte)'s' || c == (byte)'w'))
            {
                return P1ValueKind.Timestamp;
            }

            long key;
            if (c == (byte)'-' && digits > 0 && !negative && ObisText.TryReadKey(text, start, length, out key))
            {
                return P1ValueKind.ObisReference;
            }

            return P1ValueKind.Text;
        }
    }
}

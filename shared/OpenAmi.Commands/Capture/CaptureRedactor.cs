using OpenAmi.Commands;
using OpenAmi.P1.Framing;

namespace OpenAmi.Capture
{
    /// <summary>
    /// Takes the identity out of a captured P1 telegram, in place and at the same length: the values of equipment
    /// identifiers (96.1.x but the 96.1.4 version, on any channel, so M-Bus sub-meters' ids too; 42.0.0; 1-0:0.0.0)
    /// and of text messages (96.13.x) become a keyed hash of themselves (HMAC-SHA256 with the installation's capture
    /// key, as letters and digits, hex-encoded again when the meter hex-encodes), so one meter keeps one pseudonym
    /// across telegrams and exports and nobody without the key can tell which meter it was. The CRC is recomputed
    /// so that a telegram whose CRC matched still matches, and one whose CRC failed still fails, by the same error.
    /// Every other byte stays as the meter sent it.
    /// </summary>
    public sealed class CaptureRedactor
    {
        private static readonly byte[] Alphabet = OpenAmi.Text.Ascii.GetBytes("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        private static readonly byte[] HexUpper = OpenAmi.Text.Ascii.GetBytes("0123456789ABCDEF");
        private static readonly byte[] HexLower = OpenAmi.Text.Ascii.GetBytes("0123456789abcdef");

        private readonly byte[] _key;
        private readonly IHmacSha256 _hmac;
        private readonly byte[] _mac = new byte[32];
        private readonly byte[] _original = new byte[1024];

        public CaptureRedactor(byte[] key, IHmacSha256 hmac)
        {
            _key = key;
            _hmac = hmac;
        }

        /// <summary>Values replaced so far.</summary>
        public int Replaced { get; private set; }

        /// <summary>Redacts the telegram in <paramref name="t"/>[0, <paramref name="length"/>) in place.</summary>
        public void Redact(byte[] t, int length)
        {
            int bang = FindEnd(t, length);
            int crcOriginal = bang < 0 ? 0 : Crc16Arc.Compute(t, 0, bang + 1);
            int lineEnd = bang < 0 ? length : bang;
            int line = 0;
            while (line < lineEnd)
            {
                int next = line;
                while (next < lineEnd && t[next] != 10)
                {
                    next++;
                }

                if (IsIdentity(t, line, next))
                {
                    RedactGroups(t, line, next);
                }

                line = next + 1;
            }

            if (bang >= 0)
            {
                FixCrc(t, length, bang, crcOriginal);
            }
        }

        // The '!' that ends the telegram (at a line start), or -1 for a telegram cut off before it.
        private static int FindEnd(byte[] t, int length)
        {
            for (int i = 1; i < length; i++)
            {
                if (t[i] == (byte)'!' && t[i - 1] == 10)
                {
                    return i;
                }
            }

            return -1;
        }

        // Whether the line [start, end) is an OBIS object whose values say who the meter is: A-B:C.D.E with C.D.E one of
        // 96.1.x (not 96.1.4, the P1 version), 96.13.x, 42.0.0, or 1-0:0.0.0.
        private static bool IsIdentity(byte[] t, int start, int end)
        {
            int at = start;
            int a = Number(t, ref at, end, (byte)'-');
            int b = Number(t, ref at, end, (byte)':');
            int c = Number(t, ref at, end, (byte)'.');
            int d = Number(t, ref at, end, (byte)'.');
            int e = Number(t, ref at, end, 0);
            if (a < 0 || b < 0 || c < 0 || d < 0 || e < 0)
            {
                return false;
            }

            return (c == 96 && d == 1 && e != 4) || (c == 96 && d == 13) || (c == 42 && d == 0 && e == 0) || (a == 1 && b == 0 && c == 0 && d == 0 && e == 0);
        }

        // Digits then the separator (0: any non-digit ends it); -1 when not so.
        private static int Number(byte[] t, ref int at, int end, byte separator)
        {
            int value = 0;
            int digits = 0;
            while (at < end && t[at] >= (byte)'0' && t[at] <= (byte)'9' && digits < 3)
            {
                value = (value * 10) + (t[at++] - '0');
                digits++;
            }

            if (digits == 0)
            {
                return -1;
            }

            if (separator != 0)
            {
                if (at >= end || t[at] != separator)
                {
                    return -1;
                }

                at++;
            }

            return value;
        }

        private void RedactGroups(byte[] t, int start, int end)
        {
            int i = start;
            while (i < end)
            {
                if (t[i] != (byte)'(')
                {
                    i++;
                    continue;
                }

                int close = i + 1;
                while (close < end && t[close] != (byte)')')
                {
                    close++;
                }

                if (close > i + 1)
                {
                    Replace(t, i + 1, close - i - 1);
                }

                i = close + 1;
            }
        }

        // The value's replacement: letters and digits from its keyed hash, hex-encoded again (in the meter's case) when
        // the meter sent hex of text.
        private void Replace(byte[] t, int start, int count)
        {
            int n = count < _original.Length ? count : _original.Length;
            System.Array.Copy(t, start, _original, 0, n);
            bool hex = IsHexOfText(t, start, count);
            bool lower = hex && HasLowerHex(t, start, count);
            _hmac.Compute(_key, _original, 0, n, _mac);
            int chars = hex ? count / 2 : count;
            for (int k = 0; k < chars; k++)
            {
                if (k > 0 && k % 32 == 0)
                {
                    System.Array.Copy(_mac, _original, 32); // longer values (text messages): the next block
                    _hmac.Compute(_key, _original, 0, 32, _mac);
                }

                byte c = Alphabet[_mac[k % 32] % Alphabet.Length];
                if (hex)
                {
                    byte[] digits = lower ? HexLower : HexUpper;
                    t[start + (2 * k)] = digits[c >> 4];
                    t[start + (2 * k) + 1] = digits[c & 0x0F];
                }
                else
                {
                    t[start + k] = c;
                }
            }

            Replaced++;
        }

        private static bool IsHexOfText(byte[] t, int start, int count)
        {
            if (count % 2 != 0)
            {
                return false;
            }

            for (int i = start; i < start + count; i += 2)
            {
                int high = HexValue(t[i]);
                int low = HexValue(t[i + 1]);
                int c = (high << 4) | low;
                if (high < 0 || low < 0 || c < 0x20 || c > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool HasLowerHex(byte[] t, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (t[i] >= (byte)'a' && t[i] <= (byte)'f')
                {
                    return true;
                }
            }

            return false;
        }

        // The CRC digits after '!' get the value that keeps the telegram's verdict: the new body's CRC, plus the
        // difference the meter's stated CRC had from the old body's (none for a good telegram).
        private static void FixCrc(byte[] t, int length, int bang, int crcOriginal)
        {
            int at = bang + 1;
            int stated = 0;
            int digits = 0;
            bool lower = false;
            while (at < length && digits < 4 && HexValue(t[at]) >= 0)
            {
                stated = (stated << 4) | HexValue(t[at]);
                lower |= t[at] >= (byte)'a';
                at++;
                digits++;
            }

            if (digits == 0)
            {
                return; // a dialect without CRC
            }

            int value = stated ^ crcOriginal ^ Crc16Arc.Compute(t, 0, bang + 1);
            byte[] hex = lower ? HexLower : HexUpper;
            for (int k = digits - 1; k >= 0; k--)
            {
                t[bang + 1 + k] = hex[value & 0x0F];
                value >>= 4;
            }
        }

        private static int HexValue(byte b)
        {
            if (b >= (byte)'0' && b <= (byte)'9')
            {
                return b - '0';
            }

            if (b >= (byte)'A' && b <= (byte)'F')
            {
                return b - 'A' + 10;
            }

            return b >= (byte)'a' && b <= (byte)'f' ? b - 'a' + 10 : -1;
        }
    }
}

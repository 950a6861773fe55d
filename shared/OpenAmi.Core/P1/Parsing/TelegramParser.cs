using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// Parses a framed P1 telegram in place, one pass over the bytes, into a reused <see cref="Telegram"/>.
    /// Each line stands alone: a malformed line is recorded as an error and skipped, the rest is kept.
    /// Unknown OBIS codes are kept like known ones; knowing them is the catalog's job, not the parser's.
    /// </summary>
    public static class TelegramParser
    {
        private const byte Cr = 13;
        private const byte Lf = 10;

        /// <summary>Longest digit run kept as a number; longer runs (32-digit ids) stay text.</summary>
        private const int MaxNumberDigits = 18;

        /// <summary>
        /// Parses frame bytes [0, <paramref name="length"/>) of <paramref name="frame"/> into <paramref name="telegram"/>.
        /// The frame starts with '/' and ends with '!' as <see cref="P1Framer"/> delivers it; a trailing '!' is
        /// optional. Never throws on content.
        /// </summary>
        public static void Parse(byte[] frame, int length, CrcStatus crc, bool wasEncrypted, Telegram telegram)
        {
            telegram.Begin(frame, length, crc, wasEncrypted);

            int end = length;
            if (end > 0 && frame[end - 1] == (byte)'!')
            {
                end--;
            }

            // Identification line: '/' up to the first line end.
            int pos = 0;
            while (pos < end && frame[pos] != Cr && frame[pos] != Lf)
            {
                pos++;
            }

            telegram.SetHeaderLength(pos);

            while (pos < end)
            {
                byte b = frame[pos];
                if (b == Cr || b == Lf || b == (byte)' ' || b == (byte)'\t')
                {
                    pos++;
                    continue;
                }

                int lineStart = pos;
                while (pos < end && frame[pos] != Lf)
                {
                    pos++;
                }

                int contentEnd = pos;
                while (contentEnd > lineStart && IsSpaceOrCr(frame[contentEnd - 1]))
                {
                    contentEnd--;
                }

                ParseLine(frame, lineStart, contentEnd, telegram);
            }
        }

        private static void ParseLine(byte[] frame, int start, int end, Telegram telegram)
        {
            int groupsBefore = telegram.GroupTotal;

            if (frame[start] == (byte)'(')
            {
                // DSMR 2.2/3 put the gas reading on its own line after 0-n:24.3.0: it continues the last object.
                if (telegram.ObjectCount == 0)
                {
                    telegram.AddError(ParseError.OrphanContinuation, start, end - start);
                    return;
                }

                int last = telegram.ObjectCount - 1;
                int countBefore = telegram.GetGroupCount(last);
                int error = ParseGroups(frame, start, end, telegram);
                if (error != 0)
                {
                    telegram.TruncateGroups(groupsBefore, countBefore);
                    telegram.AddError(error, start, end - start);
                }

                return;
            }

            int codeEnd = start;
            while (codeEnd < end && frame[codeEnd] != (byte)'(' && frame[codeEnd] != (byte)' ' && frame[codeEnd] != (byte)'\t')
            {
                codeEnd++;
            }

            ObisCode code;
            if (!ObisCode.TryParse(frame, start, codeEnd - start, out code))
            {
                telegram.AddError(ParseError.MalformedObis, start, end - start);
                return;
            }

            if (!telegram.AddObject(code.Key, start))
            {
                telegram.AddError(ParseError.TooManyObjects, start, end - start);
                return;
            }

            int result = ParseGroups(frame, codeEnd, end, telegram);
            if (result == 0 && telegram.GroupTotal == groupsBefore)
            {
                result = ParseError.NoValue;
            }

            if (result != 0)
            {
                telegram.TruncateGroups(groupsBefore, 0);
                telegram.RemoveLastObject();
                telegram.AddError(result, start, end - start);
            }
        }

        /// <summary>Reads "(..)(..)" groups with optional blanks between them; returns 0 or an error code.</summary>
        private static int ParseGroups(byte[] frame, int pos, int end, Telegram telegram)
        {
            while (pos < end)
            {
                byte b = frame[pos];
                if (b == (byte)' ' || b == (byte)'\t')
                {
                    pos++;
                    continue;
                }

                if (b != (byte)'(')
                {
                    return ParseError.UnexpectedText;
                }

                int valueStart = pos + 1;
                int close = valueStart;
                while (close < end && frame[close] != (byte)')')
                {
                    close++;
                }

                if (close == end)
                {
                    return ParseError.UnclosedGroup;
                }

                if (!AddTypedGroup(frame, valueStart, close - valueStart, telegram))
                {
                    return ParseError.TooManyGroups;
                }

                pos = close + 1;
            }

            return 0;
        }

        /// <summary>Classifies one group's text and stores it with its exact number and unit when it has them.</summary>
        private static bool AddTypedGroup(byte[] frame, int start, int length, Telegram telegram)
        {
            if (length == 0)
            {
                return telegram.AddGroup(start, 0, (int)P1ValueKind.Empty, 0, 0, P1Unit.None);
            }

            int end = start + length;
            int i = start;
            bool negative = false;
            if (frame[i] == (byte)'-')
            {
                negative = true;
                i++;
            }

            long mantissa = 0;
            int digits = 0;
            int scale = -1;
            while (i < end)
            {
                int c = frame[i];
                if (c >= '0' && c <= '9')
                {
                    mantissa = (mantissa * 10) + (c - '0');
                    digits++;
                    if (scale >= 0)
                    {
                        scale++;
                    }
                }
                else if (c == '.' && scale < 0)
                {
                    scale = 0;
                }
                else
                {
                    break;
                }

                i++;
            }

            if (digits > 0 && digits <= MaxNumberDigits && scale <= P1Decimal.MaxScale)
            {
                if (scale < 0)
                {
                    scale = 0;
                }

                if (negative)
                {
                    mantissa = -mantissa;
                }

                if (i == end)
                {
                    return telegram.AddGroup(start, length, (int)P1ValueKind.Number, mantissa, scale, P1Unit.None);
                }

                byte next = frame[i];
                if (next == (byte)'*')
                {
                    int unit = P1Unit.Lookup(frame, i + 1, end - i - 1);
                    return telegram.AddGroup(start, length, (int)P1ValueKind.Number, mantissa, scale, unit);
                }

                if (digits == 12 && i + 1 == end && !negative && IsSeasonLetter(next))
                {
                    return telegram.AddGroup(start, length, (int)P1ValueKind.Timestamp, mantissa, 0, P1Unit.None);
                }
            }

            if (!negative && digits > 0 && i < end && frame[i] == (byte)'-')
            {
                ObisCode reference;
                if (ObisCode.TryParse(frame, start, length, out reference))
                {
                    return telegram.AddGroup(start, length, (int)P1ValueKind.ObisReference, reference.Key, 0, P1Unit.None);
                }
            }

            return telegram.AddGroup(start, length, (int)P1ValueKind.Text, 0, 0, P1Unit.None);
        }

        private static bool IsSeasonLetter(byte b)
        {
            return b == (byte)'S' || b == (byte)'W' || b == (byte)'s' || b == (byte)'w';
        }

        private static bool IsSpaceOrCr(byte b)
        {
            return b == Cr || b == (byte)' ' || b == (byte)'\t';
        }
    }
}

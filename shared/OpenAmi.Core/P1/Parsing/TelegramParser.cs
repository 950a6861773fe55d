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
                ParseError error = ParseGroups(frame, start, end, telegram);
                if (error != ParseError.None)
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

            ParseError result = ParseGroups(frame, codeEnd, end, telegram);
            if (result == ParseError.None && telegram.GroupTotal == groupsBefore)
            {
                result = ParseError.NoValue;
            }

            if (result != ParseError.None)
            {
                telegram.TruncateGroups(groupsBefore, 0);
                telegram.RemoveLastObject();
                telegram.AddError(result, start, end - start);
            }
        }

        /// <summary>Reads "(..)(..)" groups with optional blanks between them.</summary>
        private static ParseError ParseGroups(byte[] frame, int pos, int end, Telegram telegram)
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

            return ParseError.None;
        }

        /// <summary>Classifies one group's text by its shape; its value is read from the text when asked for.</summary>
        private static bool AddTypedGroup(byte[] frame, int start, int length, Telegram telegram)
        {
            if (length == 0)
            {
                return telegram.AddGroup(start, 0, P1ValueKind.Empty);
            }

            long mantissa;
            int scale;
            int digits;
            int scanned;
            int n = P1NumberText.Scan(frame, start, length, out mantissa, out scale, out digits, out scanned);
            if (n > 0)
            {
                if (n == length || frame[start + n] == (byte)'*')
                {
                    return telegram.AddGroup(start, length, P1ValueKind.Number);
                }

                if (digits == 12 && n == 12 && n + 1 == length && IsSeasonLetter(frame[start + n]))
                {
                    return telegram.AddGroup(start, length, P1ValueKind.Timestamp);
                }
            }

            if (digits > 0 && frame[start] != (byte)'-' && scanned < length && frame[start + scanned] == (byte)'-')
            {
                ObisCode reference;
                if (ObisCode.TryParse(frame, start, length, out reference))
                {
                    return telegram.AddGroup(start, length, P1ValueKind.ObisReference);
                }
            }

            return telegram.AddGroup(start, length, P1ValueKind.Text);
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

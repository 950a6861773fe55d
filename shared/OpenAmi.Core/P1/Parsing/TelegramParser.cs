using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// Parses a framed P1 telegram in place, one forward pass over the bytes, into a reused <see cref="Telegram"/>.
    /// Each line stands alone: a malformed line is recorded as an error and skipped, the rest is kept.
    /// Unknown OBIS codes are kept like known ones; knowing them is the catalog's job, not the parser's.
    /// </summary>
    /// <remarks>
    /// Written for an interpreter, where every IL operation costs: each byte is looked at once, a line's end is found
    /// only when a line goes wrong, and values are neither classified nor converted here: the telegram works out a
    /// group's shape and value from its text when the group is read, and most groups never are.
    /// </remarks>
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
            while (pos < end)
            {
                byte h = frame[pos];
                if (h == Cr || h == Lf)
                {
                    break;
                }

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

                pos = b == (byte)'(' ? ParseContinuation(frame, pos, end, telegram) : ParseObject(frame, pos, end, telegram);
            }
        }

        // "A-B:C.D.E(...)(...)": returns where the next line starts.
        private static int ParseObject(byte[] frame, int start, int end, Telegram telegram)
        {
            long key;
            int codeEnd = ObisText.ReadLineKey(frame, start, end, out key);
            if (key < 0)
            {
                return Fail(frame, start, codeEnd, end, ParseError.MalformedObis, telegram);
            }

            if (!telegram.AddObject(key))
            {
                return Fail(frame, start, codeEnd, end, ParseError.TooManyObjects, telegram);
            }

            int groupsBefore = telegram.GroupCountTotal;
            int next;
            ParseError error = ParseGroups(frame, codeEnd, end, telegram, out next);
            if (error == ParseError.None && telegram.GroupCountTotal == groupsBefore)
            {
                error = ParseError.NoValue;
            }

            if (error != ParseError.None)
            {
                telegram.TruncateGroups(groupsBefore, 0);
                telegram.RemoveLastObject();
                return Fail(frame, start, error == ParseError.NoValue ? codeEnd : next, end, error, telegram);
            }

            return next;
        }

        // DSMR 2.2/3 put the gas reading on its own line after 0-n:24.3.0: a "(...)" line continues the last object.
        private static int ParseContinuation(byte[] frame, int start, int end, Telegram telegram)
        {
            if (telegram.ObjectCount == 0)
            {
                return Fail(frame, start, start, end, ParseError.OrphanContinuation, telegram);
            }

            int groupsBefore = telegram.GroupTotal;
            int countBefore = telegram.GetGroupCount(telegram.ObjectCount - 1);
            int next;
            ParseError error = ParseGroups(frame, start, end, telegram, out next);
            if (error != ParseError.None)
            {
                telegram.TruncateGroups(groupsBefore, countBefore);
                return Fail(frame, start, next, end, error, telegram);
            }

            return next;
        }

        /// <summary>
        /// Reads "(..)(..)" groups, blanks allowed between them, to the end of the line; <paramref name="next"/> is
        /// where the next line starts (or, on an error, where reading stopped).
        /// </summary>
        private static ParseError ParseGroups(byte[] frame, int pos, int end, Telegram telegram, out int next)
        {
            while (pos < end)
            {
                byte b = frame[pos];
                if (b == (byte)' ' || b == (byte)'\t' || b == Cr)
                {
                    pos++;
                    continue;
                }

                if (b == Lf)
                {
                    next = pos + 1;
                    return ParseError.None;
                }

                if (b != (byte)'(')
                {
                    next = pos;
                    return ParseError.UnexpectedText;
                }

                // The group runs to its ')'; a group never spans lines. Its shape is worked out when it is read.
                int close = pos + 1;
                while (true)
                {
                    if (close >= end)
                    {
                        next = end;
                        return ParseError.UnclosedGroup;
                    }

                    byte c = frame[close];
                    if (c == (byte)')')
                    {
                        break;
                    }

                    if (c == Lf)
                    {
                        next = close;
                        return ParseError.UnclosedGroup;
                    }

                    close++;
                }

                if (!telegram.AddGroup(pos + 1, close - pos - 1))
                {
                    next = pos;
                    return ParseError.TooManyGroups;
                }

                pos = close + 1;
            }

            next = end;
            return ParseError.None;
        }

        // Records the bad line from start to its end and returns where the next line starts.
        private static int Fail(byte[] frame, int start, int from, int end, ParseError error, Telegram telegram)
        {
            int lineEnd = from < start ? start : from;
            while (lineEnd < end && frame[lineEnd] != Lf)
            {
                lineEnd++;
            }

            int contentEnd = lineEnd;
            while (contentEnd > start && (frame[contentEnd - 1] == Cr || frame[contentEnd - 1] == (byte)' ' || frame[contentEnd - 1] == (byte)'\t'))
            {
                contentEnd--;
            }

            telegram.AddError(error, start, contentEnd - start);
            return lineEnd < end ? lineEnd + 1 : end;
        }
    }
}
